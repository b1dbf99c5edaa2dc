package io.exabond.poller;

import io.exabond.page.GroupInfo;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19.2: one poller, several bonds (an A and a B feed), every event naming its bond.
 */
@Timeout(30)
class FailoverPollerBondsTest
{
    @Test
    void shouldNameTheBondOfEachFailoverAmongSeveral()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment pageA = TestPages.page(arena);
            final MemorySegment pageB = TestPages.page(arena);
            final PagePublisher publisherA = PagePublisher.inMemory(pageA, TestPages.bond(2, 60_000), 0);
            final PagePublisher publisherB = PagePublisher.inMemory(pageB, TestPages.bond(3, 60_000), 0);
            final List<String> told = new ArrayList<>();
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("feedA", pageA, "page A")
                .bond("feedB", pageB, "page B")
                .counters(null)
                .listener(event -> told.add(event.bond().name() + "#" + event.bond().index() + " -> " +
                    GroupInfo.describe(event.groupInfo()) + " generation " + event.generation())));

            publisherB.publishActive(2);
            assertEquals(1, poller.poll());
            publisherA.publishActive(1);
            publisherB.publishActive(0);
            assertEquals(2, poller.poll(), "both changes in one duty cycle");

            assertEquals(List.of("feedB#1 -> exanic1:0 generation 1", "feedA#0 -> exanic0:1 generation 1",
                "feedB#1 -> exanic0:0 generation 2"), told);
            assertEquals("exabond-poller-feedA+feedB", poller.roleName());
            assertEquals(2, poller.bondCount());
            assertSame(poller.bond(1), poller.bond("feedB"));
            assertNull(poller.bond("feedC"));
            assertEquals(1, poller.bond("feedA").failovers());
            assertEquals(2, poller.bond("feedB").failovers());
            assertEquals(3, poller.failovers());
            assertEquals("page B", poller.bond(1).pageName());
        }
    }

    @Test
    void shouldJudgeEachPublisherOnItsOwn()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment live = TestPages.page(arena);
            final MemorySegment stale = TestPages.page(arena);
            final PagePublisher livePublisher = PagePublisher.inMemory(live, TestPages.bond(2, 60_000), 0);
            PagePublisher.inMemory(stale, TestPages.bond(2, 1), 0);
            final List<String> stalls = new ArrayList<>();
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("live", live, "live page")
                .bond("stale", stale, "stale page")
                .counters(null)
                .maxPollsPerClockRead(4)
                .livenessCheckIntervalNs(0)
                .listener(new FailoverListener()
                {
                    public void onFailover(final FailoverEvent event)
                    {
                    }

                    public void onPublisherStalled(final PolledBond bond, final StallReason reason, final long age)
                    {
                        stalls.add(bond.name() + " " + reason);
                    }
                }));

            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (stalls.isEmpty() && System.nanoTime() - deadline < 0)
            {
                livePublisher.heartbeat();
                poller.poll();
            }

            assertEquals(List.of("stale HEARTBEAT_STALE"), stalls);
            assertTrue(poller.bond("stale").isPublisherStalled());
            assertTrue(!poller.bond("live").isPublisherStalled());
            assertEquals(1, poller.bond("stale").stalls());
        }
    }
}
