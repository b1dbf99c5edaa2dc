package io.exabond.publish;

import io.exabond.internal.LibC;
import io.exabond.page.PageLayout;

import java.lang.foreign.Arena;
import java.util.List;

/**
 * {@link PagePublisher#warmUp(int)}: failovers and heartbeats published into a private in-memory page, so that the
 * JIT compiles the publishing path before a publisher goes live.
 */
final class PublisherWarmUp
{
    private PublisherWarmUp()
    {
    }

    static long run(final int updates)
    {
        final long size = Math.max(LibC.pageSize(), PageLayout.MIN_PAGE_SIZE);
        // A shared arena, like a file mapping (PageMapping), so that the compiled code fits the real page.
        try (Arena arena = Arena.ofShared())
        {
            final BondDescription bond = new BondDescription("warmup", 100, 100, 0, List.of(
                new Member("warm0", 0, 0, true, true), new Member("warm1", 0, 1, true, false)));
            final PagePublisher publisher = PagePublisher.inMemory(arena.allocate(size, size), bond, 0);
            for (int i = 0; i < updates; i++)
            {
                publisher.publishActive(i & 1 ^ 1);
                if ((i & 15) == 0)
                {
                    publisher.heartbeat();
                }
            }
            return publisher.generation();
        }
    }
}
