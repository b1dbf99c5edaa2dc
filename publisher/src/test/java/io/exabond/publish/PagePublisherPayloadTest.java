package io.exabond.publish;

import io.exabond.page.PageLayout;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class PagePublisherPayloadTest
{
    private static final BondDescription BOND = new BondDescription("bond-long-name", 100, 100, 0, List.of(
        new Member("exanic0p1", 0, 1, true, true), new Member("eth15charsnameX", 1, 1, true, false)));

    @Test
    void shouldWriteNullPaddedNamesAndZeroTheUnusedMembersOnEveryWrite()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(4096, 4096);
            final PagePublisher publisher = PagePublisher.inMemory(page, BOND, 0);
            final long unused =
                PageLayout.STATUS_BLOCK_OFFSET + PageLayout.MEMBERS_OFFSET + 2L * PageLayout.MEMBER_SIZE;
            page.asSlice(unused, (PageLayout.MAX_MEMBERS - 2L) * PageLayout.MEMBER_SIZE).fill((byte)0x55);

            publisher.publishActive(1);

            final StatusSnapshot snapshot = new StatusSnapshot();
            assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page).read(snapshot));
            assertEquals("bond-long-name", snapshot.bondName());
            assertEquals("exanic0p1", snapshot.memberIfname(0));
            assertEquals("eth15charsnameX", snapshot.memberIfname(1));
            assertEquals(0, page.get(ValueLayout.JAVA_BYTE,
                PageLayout.STATUS_BLOCK_OFFSET + PageLayout.BOND_NAME_OFFSET +
                "bond-long-name".length()));
            for (long at = unused; at < unused + (PageLayout.MAX_MEMBERS - 2L) * PageLayout.MEMBER_SIZE; at++)
            {
                assertEquals(0, page.get(ValueLayout.JAVA_BYTE, at), "byte " + at + " of an unused member");
            }
        }
    }
}
