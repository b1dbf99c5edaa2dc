package io.exabond.fault;

import io.exabond.CliRun;
import io.exabond.cli.Exabond;
import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;
import io.exabond.page.GroupInfo;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.poller.StallReason;
import io.exabond.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publisher process killed with SIGKILL, in the middle of a write or between two writes, and restarted under a
 * reader that keeps its mapping: every reader answers within its bound, nothing spins for ever.
 */
class PublisherCrashTest
{
    private static final long STALL_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(50);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReportStalledWhenPublisherIsKilledMidWrite() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        try (ChildJvm publisher = ChildJvm.start(StuckWriterMain.class, path.toString()))
        {
            publisher.awaitLine("MID-WRITE", 30_000);
            publisher.kill();
        }

        try (BondPage page = BondPage.open(path))
        {
            final StatusBlockReader reader = new StatusBlockReader(page.segment());
            assertEquals(1, seqOf(page) & 1, "seq left odd by the killed publisher");
            final StatusSnapshot snapshot = new StatusSnapshot();
            final long start = System.nanoTime();
            assertEquals(StatusBlockReader.Status.STALLED, reader.read(snapshot, STALL_TIMEOUT_NS));
            System.out.printf("read of a page left mid-write: STALLED after %d retries in %.1f ms (bound 50 ms)%n",
                snapshot.retries(), (System.nanoTime() - start) / 1e6);

            final Recorder recorder = new Recorder();
            final FailoverPoller poller =
                new FailoverPoller(new FailoverPollerContext()
                    .bond("bond0", page)
                    .listener(recorder)
                    .maxPollsPerClockRead(1)
                    .livenessCheckIntervalNs(0)
                    .stallTimeoutNs(STALL_TIMEOUT_NS));
            assertTrue(Recorder.pollUntil(poller, () -> !recorder.stalls.isEmpty(), 5_000), "poller reports a stall");
            assertEquals(StallReason.SEQLOCK_STUCK, recorder.stalls.get(0));
            assertTrue(poller.bond(0).isPublisherStalled());
        }

        final CliRun status = CliRun.run("status", "--page", path.toString());
        assertEquals(3, status.code(), status.err());
        assertTrue(status.err().contains("seqlock left odd"), status.err());
        assertTrue(status.out().contains("seq stayed odd"), status.out());

        final CliRun watch = CliRun.run("watch", "--page", path.toString(), "--idle", "yield");
        assertEquals(3, watch.code(), watch.err());
        assertTrue(watch.err().contains("seqlock left odd"), watch.err());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReportStaleHeartbeatWhenPublisherIsKilledBetweenWrites() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        // No failover for a minute: the simulator only refreshes the heartbeat, every 20 ms, in a few microseconds,
        // so SIGKILL lands between two writes (the test checks that it did).
        try (ChildJvm publisher = ChildJvm.start(Exabond.class, "simulate", "--page", path.toString(),
            "--monitor-ms", "20", "--gap-us", "60000000"))
        {
            publisher.awaitLine("simulating bond0", 30_000);
            Thread.sleep(100);
            publisher.kill();
        }

        try (BondPage page = BondPage.open(path))
        {
            final StatusBlockReader reader = new StatusBlockReader(page.segment());
            assertEquals(0, seqOf(page) & 1, "killed between writes");
            final Recorder recorder = new Recorder();
            final FailoverPoller poller =
                new FailoverPoller(new FailoverPollerContext()
                    .bond("bond0", page)
                    .listener(recorder)
                    .maxPollsPerClockRead(1)
                    .livenessCheckIntervalNs(0)
                    .stallTimeoutNs(STALL_TIMEOUT_NS));
            assertTrue(Recorder.pollUntil(poller, () -> !recorder.stalls.isEmpty(), 5_000), "poller reports a stall");
            assertEquals(StallReason.HEARTBEAT_STALE, recorder.stalls.get(0));
        }

        final CliRun status = CliRun.run("status", "--page", path.toString());
        assertEquals(3, status.code(), status.err());
        assertTrue(status.err().contains("looks stalled (heartbeat"), status.err());
        assertTrue(status.out().contains("STALE"), status.out());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldFollowPublisherRestartedUnderAMappedReader() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        final String[] simulate = {"simulate", "--page", path.toString(), "--monitor-ms", "20", "--gap-us",
            "2000-5000", "--quiet"};
        final Recorder recorder = new Recorder();
        try (ChildJvm first = ChildJvm.start(Exabond.class, simulate))
        {
            final BondPage page = awaitPage(path, first);
            try (page)
            {
                final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                    .bond("bond0", page)
                    .listener(recorder)
                    .maxPollsPerClockRead(64)
                    .livenessCheckIntervalNs(0)
                    .stallTimeoutNs(STALL_TIMEOUT_NS));
                assertTrue(Recorder.pollUntil(poller, () -> recorder.generations.size() >= 3, 20_000),
                    "failovers of the first publisher");
                first.kill();
                assertTrue(Recorder.pollUntil(poller, () -> !recorder.stalls.isEmpty(), 5_000), "stall noticed");
                final long beforeRestart = recorder.lastGeneration();

                try (ChildJvm second = ChildJvm.start(Exabond.class, simulate))
                {
                    assertTrue(Recorder.pollUntil(poller,
                        () -> recorder.recoveries >= 1 && recorder.lastGeneration() > beforeRestart + 2, 30_000),
                        () -> "recovery and new failovers, got " + recorder.generations + " " + recorder.stalls +
                        " recoveries " + recorder.recoveries + "\n" + second.stderr());
                    second.kill();
                }
                assertFalse(page.isClosed());
                assertTrue(GroupInfo.isActive(page.groupInfoAcquire()), "the mapping is still readable");
            }
        }
        System.out.println("restart under a mapped reader: generations seen " + recorder.generations.size() +
            ", stalls " + recorder.stalls + ", recoveries " + recorder.recoveries);
    }

    private static BondPage awaitPage(final Path path, final ChildJvm publisher) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true)
        {
            try
            {
                final BondPage page = BondPage.open(path);
                if (new StatusBlockReader(page.segment()).hasBlock())
                {
                    return page;
                }
                page.close();
            }
            catch (final RuntimeException notYet)
            {
                // the publisher has not created the page yet
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("no page from the publisher: " + publisher.stderr());
            }
            Thread.sleep(20);
        }
    }



    /** The block's {@code seq}, by the layout's handle: odd while a write is in progress. */
    private static long seqOf(final BondPage page)
    {
        return (long)PageLayout.SEQ_HANDLE.getAcquire(page.segment(), (long)PageLayout.STATUS_BLOCK_OFFSET);
    }
}
