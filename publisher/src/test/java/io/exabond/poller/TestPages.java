package io.exabond.poller;

import io.exabond.internal.LibC;
import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages and bonds for poller tests.
 */
final class TestPages
{
    private TestPages()
    {
    }

    static MemorySegment page(final Arena arena)
    {
        final long size = Math.max(LibC.pageSize(), PageLayout.MIN_PAGE_SIZE);
        return arena.allocate(size, size);
    }

    static BondDescription bond(final int members, final int monitorIntervalMs)
    {
        final List<Member> list = new ArrayList<>();
        for (int i = 0; i < members; i++)
        {
            list.add(new Member("exa" + i, i / 2, i % 2, true, i == 0));
        }
        return new BondDescription("bond0", monitorIntervalMs, 100, 0, list);
    }
}
