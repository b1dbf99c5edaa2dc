package io.exabond.publish;

import io.exabond.internal.LibC;
import io.exabond.page.GroupInfo;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class PagePublisherPublishTest
{
    private static final Member ETH2 = new Member("eth2", 0, 0, true, true);
    private static final Member ETH3 = new Member("eth3", 0, 1, true, false);
    private static final Member PLAIN_A = new Member("eno1", 255, 255, true, false);
    private static final Member PLAIN_B = new Member("eno2", 255, 255, true, false);

    @Test
    void shouldReplaceTheMembersAndCountAChangeOfActiveSlave()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, bond(100, ETH2), 0);
            final long seqBefore = seq(page);

            final long generation = publisher.publish(bond(100, ETH2, ETH3), 1);

            assertEquals(1, generation);
            final StatusSnapshot s = read(page);
            assertEquals(2, s.memberCount());
            assertEquals("eth3", s.memberIfname(1));
            assertTrue(s.isMemberActive(1));
            assertFalse(s.isMemberActive(0));
            assertEquals(GroupInfoEncoder.encode(true, 0, 1), page.get(ValueLayout.JAVA_INT, 0));
            assertEquals(s.activeRaw(), page.get(ValueLayout.JAVA_INT, 0));
            assertEquals(seqBefore + 2, seq(page), "one write: seq moves by 2 and ends even");
            assertEquals(2, publisher.bond().members().size());
        }
    }

    @Test
    void shouldNotCountAMembershipChangeThatKeepsTheActiveSlave()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, bond(100, ETH2, ETH3), 0);

            assertEquals(0, publisher.publish(bond(50, ETH2), 0));
            assertEquals(0, publisher.publish(bond(50, ETH2.withLinkUp(false)), 0));

            final StatusSnapshot s = read(page);
            assertEquals(1, s.memberCount());
            assertEquals(50, s.monitorIntervalMs());
            assertFalse(s.isMemberLinkUp(0));
            assertEquals(0, s.generation());
        }
    }

    @Test
    void shouldClearTheActiveFlagAndKeepTheLastPort()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, bond(100, ETH2, ETH3), 1);

            assertEquals(1, publisher.publish(bond(100, ETH2, ETH3), -1));

            final int raw = page.get(ValueLayout.JAVA_INT, 0);
            assertFalse(GroupInfo.isActive(raw));
            assertEquals(1, GroupInfo.exanicPort(raw));
        }
    }

    @Test
    void shouldCountAChangeBetweenMembersThatAreNotSmartNicPortsInTheBlockOnly()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, bond(100, PLAIN_A, PLAIN_B), 0);
            final int rawBefore = page.get(ValueLayout.JAVA_INT, 0);

            assertEquals(1, publisher.publish(bond(100, PLAIN_A, PLAIN_B), 1));

            assertEquals(rawBefore, page.get(ValueLayout.JAVA_INT, 0));
            assertTrue(read(page).isMemberActive(1));
        }
    }

    @Test
    void shouldRefuseAnActiveIndexOutsideTheNewMembers()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final PagePublisher publisher = PagePublisher.inMemory(page(arena), bond(100, ETH2, ETH3), 0);
            assertThrows(IllegalArgumentException.class, () -> publisher.publish(bond(100, ETH2), 1));
        }
    }

    private static BondDescription bond(final int intervalMs, final Member... members)
    {
        return new BondDescription("bond0", intervalMs, 100, 0, List.of(members));
    }

    private static MemorySegment page(final Arena arena)
    {
        final long size = Math.max(LibC.pageSize(), PageLayout.MIN_PAGE_SIZE);
        return arena.allocate(size, 8);
    }

    private static long seq(final MemorySegment page)
    {
        return page.get(ValueLayout.JAVA_LONG, PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET);
    }

    private static StatusSnapshot read(final MemorySegment page)
    {
        final StatusSnapshot snapshot = new StatusSnapshot();
        assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page).read(snapshot));
        return snapshot;
    }
}
