package io.exabond.poller;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.page.GroupInfo;
import io.exabond.page.PageLayout;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19.1: the listener hears of a failover first, from word 0 alone; the block is read after or alongside, once,
 * never waited for.
 */
@Timeout(30)
class FailoverPollerListenerFirstTest
{
    private static final long SEQ = PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET;

    @Test
    void shouldCallTheListenerBeforeReadingAnythingOfTheBlock()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(2, 60_000), 0);
            final List<Boolean> headerReadAtEntry = new ArrayList<>();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page,
                event -> headerReadAtEntry.add(event.headerRead), 16));

            publisher.publishActive(1);
            poller.poll();

            assertEquals(List.of(false), headerReadAtEntry);
            assertEquals(1, poller.bond(0).lastGeneration(), "paired after the call");
        }
    }

    @Test
    void shouldTellMissedFailoversInTheEventWhenAskedAndNotAgain()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(3, 60_000), 0);
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, 16));

            publisher.publishActive(1);
            publisher.publishActive(2);
            poller.poll();

            assertEquals(1, listener.failovers().getFirst().missed());
            assertTrue(listener.missed().isEmpty(), "told once, in the event: " + listener.missed());
            assertEquals(1, poller.missed());
        }
    }

    @Test
    void shouldTellMissedFailoversRightAfterTheCallWhenTheListenerDidNotAsk()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(3, 60_000), 0);
            final List<String> told = new ArrayList<>();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, new FailoverListener()
            {
                public void onFailover(final FailoverEvent event)
                {
                    told.add("failover to " + GroupInfo.describe(event.groupInfo()));
                }

                public void onMissedFailovers(final PolledBond bond, final long missed, final long generation)
                {
                    told.add("missed " + missed + " up to generation " + generation + " of " + bond.name());
                }
            }, 16));

            publisher.publishActive(1);
            publisher.publishActive(2);
            poller.poll();

            assertEquals(List.of("failover to exanic1:0", "missed 1 up to generation 2 of bond0"), told);
            assertEquals(1, poller.missed());
        }
    }

    @Test
    void shouldTellAFailoverAtOnceWhileTheSeqlockIsStuckAndCountItWhenItMovesOn()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            PagePublisher.inMemory(page, TestPages.bond(2, 60_000), 0);
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, 1024)
                .livenessCheckIntervalNs(60_000_000_000L));
            final long seq = page.get(ValueLayout.JAVA_LONG, SEQ);
            page.set(ValueLayout.JAVA_LONG, SEQ, seq + 1);
            final int exa1 = GroupInfoEncoder.encode(true, 0, 1);
            page.set(ValueLayout.JAVA_INT, 0, exa1);

            assertEquals(1, poller.poll(), "one poll tells it: nothing waits for the writer");
            final RecordingListener.Seen seen = listener.failovers().getFirst();
            assertEquals(exa1, seen.groupInfo());
            assertEquals(FailoverEvent.NO_GENERATION, seen.generation());
            assertFalse(seen.timed());
            for (int i = 0; i < 10; i++)
            {
                assertEquals(0, poller.poll(), "the retries while stuck tell nothing");
            }

            page.set(ValueLayout.JAVA_LONG, PageLayout.STATUS_BLOCK_OFFSET + PageLayout.GENERATION_OFFSET, 3L);
            page.set(ValueLayout.JAVA_INT, PageLayout.STATUS_BLOCK_OFFSET + PageLayout.ACTIVE_RAW_OFFSET, exa1);
            page.set(ValueLayout.JAVA_LONG, SEQ, seq + 2);
            int work = 0;
            for (int i = 0; i < 2048 && work == 0; i++)
            {
                work += poller.poll();
            }

            assertEquals(List.of(new RecordingListener.Missed(2, 3)), listener.missed(),
                "paired at a later clock read: the two failovers before the one told were missed");
            assertEquals(3, poller.failovers() + poller.missed());
        }
    }

    @Test
    void shouldReadTheWholeBlockOnlyWhenTheListenerAsks()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(3, 60_000), 0);
            final StatusSnapshot snapshot = new StatusSnapshot();
            final List<String> members = new ArrayList<>();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, event ->
            {
                assertEquals(StatusBlockReader.Status.CONSISTENT, event.readStatus(snapshot));
                assertEquals(event.groupInfo(), snapshot.activeRaw());
                for (int i = 0; i < snapshot.memberCount(); i++)
                {
                    members.add(snapshot.memberIfname(i) + (snapshot.isMemberActive(i) ? "*" : ""));
                }
            }, 16));

            publisher.publishActive(2);
            poller.poll();

            assertEquals(List.of("exa0", "exa1", "exa2*"), members);
        }
    }

    @Test
    void shouldKeepTheAccountWhenTheListenerThrows()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(2, 60_000), 0);
            final boolean[] fail = {true};
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, event ->
            {
                if (fail[0])
                {
                    throw new IllegalStateException("the handler's bug");
                }
            }, 16));

            publisher.publishActive(1);
            assertThrows(IllegalStateException.class, poller::poll);
            fail[0] = false;
            publisher.publishActive(0);
            assertEquals(1, poller.poll());

            assertEquals(2, poller.failovers());
            assertEquals(0, poller.missed());
            assertEquals(2, poller.bond(0).lastGeneration());
        }
    }
}
