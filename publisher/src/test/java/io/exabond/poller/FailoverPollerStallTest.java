package io.exabond.poller;

import io.exabond.internal.PageMapping;
import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class FailoverPollerStallTest
{
    private static final long SEQ = PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET;

    @TempDir
    Path dir;

    @Test
    void shouldReportASeqlockLeftOddAsStalledOnceAndRecoveryWhenItMovesOn()
    {
        final Path file = dir.resolve("page");
        try (PagePublisher publisher = PagePublisher.create(file, TestPages.bond(2, 10_000), 0))
        {
            publisher.publishActive(1);
        }
        try (PageMapping writable = PageMapping.map(file, true, "test page");
            BondPage page = BondPage.open(file))
        {
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond0", page)
                .counters(null)
                .listener(listener)
                .maxPollsPerClockRead(1)
                .livenessCheckIntervalNs(0)
                .stallTimeoutNs(TimeUnit.MILLISECONDS.toNanos(5)));
            assertEquals(1, poller.bond(0).lastGeneration());

            // A publisher that died between the odd and the even store of seq.
            final long seq = writable.segment().get(ValueLayout.JAVA_LONG, SEQ);
            writable.segment().set(ValueLayout.JAVA_LONG, SEQ, seq + 1);
            pollUntil(poller, poller.bond(0)::isPublisherStalled);
            for (int i = 0; i < 1000; i++)
            {
                poller.poll();
            }

            assertEquals(1, listener.stalls().size(), "reported once: " + listener.stalls());
            assertEquals(StallReason.SEQLOCK_STUCK, listener.stalls().getFirst().reason());
            assertEquals(-1, listener.stalls().getFirst().heartbeatAgeNs());
            assertEquals(0, listener.recoveries);

            writable.segment().set(ValueLayout.JAVA_LONG, SEQ, seq + 2);
            pollUntil(poller, () -> !poller.bond(0).isPublisherStalled());

            assertEquals(1, listener.recoveries);
            assertTrue(listener.failovers().isEmpty());
        }
    }

    @Test
    void shouldReportAStaleHeartbeatWithItsAgeAndRecoveryAfterTheNextHeartbeat()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final int monitorMs = 2;
            final long start = System.nanoTime();
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(2, monitorMs), 0);
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, 4));

            pollUntil(poller, poller.bond(0)::isPublisherStalled);
            final long waited = System.nanoTime() - start;

            assertEquals(1, listener.stalls().size());
            final RecordingListener.Stall stall = listener.stalls().getFirst();
            assertEquals(StallReason.HEARTBEAT_STALE, stall.reason());
            assertTrue(stall.heartbeatAgeNs() > 3 * TimeUnit.MILLISECONDS.toNanos(monitorMs),
                "age " + stall.heartbeatAgeNs());
            assertTrue(waited > 3 * TimeUnit.MILLISECONDS.toNanos(monitorMs),
                "not before 3 monitor intervals after the last heartbeat: " + waited);

            // Heartbeats at every poll: on a loaded machine one heartbeat may be stale again (6 ms) by the next check.
            pollUntil(poller, () ->
            {
                publisher.heartbeat();
                return !poller.bond(0).isPublisherStalled();
            });
            assertEquals(1, listener.recoveries);
            assertFalse(poller.bond(0).isPublisherStalled());
        }
    }

    private static void pollUntil(final FailoverPoller poller, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("condition not reached within 10 s");
            }
            poller.poll();
            Thread.onSpinWait();
        }
    }
}
