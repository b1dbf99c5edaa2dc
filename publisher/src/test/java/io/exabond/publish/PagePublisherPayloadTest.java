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
import java.util.Set;
import java.util.TreeSet;

import static io.exabond.page.PageLayout.MEMBERS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAGS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_SIZE;
import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one update stores: only the fields that change (issue: a heartbeat rewrote the whole member area), names
 * NUL-padded, unused members zero from the block's creation, and a member removed zeroed once.
 */
@Timeout(10)
class PagePublisherPayloadTest
{
    private static final long BLOCK = STATUS_BLOCK_OFFSET;
    private static final Member LONG_NAMED = new Member("exanic0p1", 0, 1, true, true);
    private static final Member FULL_NAME = new Member("eth15charsnameX", 1, 1, true, false);
    private static final Member THIRD = new Member("eth9", 2, 0, true, false);
    private static final BondDescription BOND = new BondDescription("bond-long-name", 100, 100, 0,
        List.of(LONG_NAMED, FULL_NAME));

    @Test
    void shouldWriteNullPaddedNamesAndZeroTheUnusedMembersWhenTheBlockIsCreated()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(4096, 4096);
            page.fill((byte)0x55);

            PagePublisher.inMemory(page, BOND, 0);

            final StatusSnapshot snapshot = read(page);
            assertEquals("bond-long-name", snapshot.bondName());
            assertEquals("exanic0p1", snapshot.memberIfname(0));
            assertEquals("eth15charsnameX", snapshot.memberIfname(1));
            assertEquals(0, page.get(ValueLayout.JAVA_BYTE, BLOCK + PageLayout.BOND_NAME_OFFSET +
                "bond-long-name".length()));
            assertZero(page, member(2), member(PageLayout.MAX_MEMBERS), "an unused member");
        }
    }

    @Test
    void shouldStoreOnlySeqAndHeartbeatOnAHeartbeat()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(4096, 4096);
            final PagePublisher publisher = PagePublisher.inMemory(page, BOND, 0);
            final byte[] before = page.toArray(ValueLayout.JAVA_BYTE);

            publisher.heartbeat();

            final Set<String> allowed = Set.of("seq", "heartbeat_ns");
            final Set<String> changed = changedFields(before, page);
            assertTrue(allowed.containsAll(changed), "a heartbeat stored " + changed);
            assertTrue(changed.contains("seq"), "a heartbeat is a seqlock write");
        }
    }

    @Test
    void shouldStoreOnlyWhatAFailoverChanges()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(4096, 4096);
            final PagePublisher publisher = PagePublisher.inMemory(page, BOND, 0);
            final byte[] before = page.toArray(ValueLayout.JAVA_BYTE);

            publisher.publishActive(1);

            final Set<String> changed = changedFields(before, page);
            assertEquals(new TreeSet<>(Set.of("word 0", "seq", "generation", "changed_ns", "heartbeat_ns",
                "active_raw", "member 0 flags", "member 1 flags")), changed);
            assertEquals(FULL_NAME.activeGroupInfo(), read(page).activeRaw());
        }
    }

    @Test
    void shouldZeroARemovedMemberOnceAndNeverWriteBeyondTheMembers()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(4096, 4096);
            final BondDescription three = new BondDescription("bond0", 100, 100, 0, List.of(LONG_NAMED, FULL_NAME,
                THIRD));
            final PagePublisher publisher = PagePublisher.inMemory(page, three, 0);
            final byte[] before = page.toArray(ValueLayout.JAVA_BYTE);

            publisher.publish(new BondDescription("bond0", 100, 100, 0, List.of(LONG_NAMED, FULL_NAME)), 0);

            assertEquals(new TreeSet<>(Set.of("seq", "heartbeat_ns", "member_count", "member 2")),
                changedFields(before, page));
            assertZero(page, member(2), member(3), "the removed member");
            assertEquals(2, read(page).memberCount());

            // Nothing but this publisher writes the page: a pattern beyond member_count shows any store there.
            page.asSlice(member(2), member(PageLayout.MAX_MEMBERS) - member(2)).fill((byte)0x55);
            publisher.heartbeat();
            publisher.publishActive(1);
            publisher.publishLink(0, false);
            publisher.publish(new BondDescription("bond0", 50, 50, 0, List.of(LONG_NAMED, FULL_NAME)), 1);
            for (long at = member(2); at < member(PageLayout.MAX_MEMBERS); at++)
            {
                assertEquals(0x55, page.get(ValueLayout.JAVA_BYTE, at), "byte " + at + " beyond member_count");
            }
        }
    }

    private static StatusSnapshot read(final MemorySegment page)
    {
        final StatusSnapshot snapshot = new StatusSnapshot();
        assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page).read(snapshot));
        return snapshot;
    }

    private static long member(final int slot)
    {
        return BLOCK + MEMBERS_OFFSET + (long)slot * MEMBER_SIZE;
    }

    private static void assertZero(final MemorySegment page, final long from, final long to, final String what)
    {
        for (long at = from; at < to; at++)
        {
            assertEquals(0, page.get(ValueLayout.JAVA_BYTE, at), "byte " + at + " of " + what);
        }
    }

    /**
     * @return the names of the page's fields in which a byte differs from {@code before}.
     */
    private static Set<String> changedFields(final byte[] before, final MemorySegment page)
    {
        final byte[] after = page.toArray(ValueLayout.JAVA_BYTE);
        final Set<String> changed = new TreeSet<>();
        for (int at = 0; at < after.length; at++)
        {
            if (before[at] != after[at])
            {
                changed.add(fieldAt(at));
            }
        }
        return changed;
    }

    private static String fieldAt(final int at)
    {
        if (at < PageLayout.GRPINFO_SIZE)
        {
            return "word 0";
        }
        final long offset = at - BLOCK;
        if (offset >= MEMBERS_OFFSET)
        {
            final long slot = (offset - MEMBERS_OFFSET) / MEMBER_SIZE;
            return "member " + slot + ((offset - MEMBERS_OFFSET) % MEMBER_SIZE == MEMBER_FLAGS_OFFSET ? " flags" : "");
        }
        final long[] starts = {PageLayout.SEQ_OFFSET, PageLayout.GENERATION_OFFSET, PageLayout.CHANGED_NS_OFFSET,
            PageLayout.HEARTBEAT_NS_OFFSET, PageLayout.ACTIVE_RAW_OFFSET, PageLayout.MONITOR_INTERVAL_MS_OFFSET,
            PageLayout.MEMBER_COUNT_OFFSET, PageLayout.BOND_NAME_OFFSET};
        final String[] names = {"seq", "generation", "changed_ns", "heartbeat_ns", "active_raw", "monitor intervals",
            "member_count", "bond_name"};
        for (int i = starts.length - 1; i >= 0; i--)
        {
            if (offset >= starts[i])
            {
                return names[i];
            }
        }
        return "byte " + at;
    }
}
