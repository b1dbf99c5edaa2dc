package io.exabond.poller;

import io.exabond.publish.PagePublisher;
import io.exabond.counters.ExabondCounters;
import io.exabond.page.BondPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steady state allocates nothing: measured with the thread's allocated-bytes counter, which counts every TLAB
 * and outside-TLAB allocation of the thread.
 */
@Timeout(60)
class FailoverPollerAllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void compileThePoller()
    {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        FailoverPoller.warmUp(20_000);
    }

    @Test
    void shouldAllocateNothingOverAMillionPollsWithoutChange()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            PagePublisher.inMemory(page, TestPages.bond(2, 60_000), 0);
            final CountingListener listener = new CountingListener();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, 1024));
            long work = 0;
            // The JIT's own transitions (interpreter to OSR to compiled code) can allocate a few bytes in the first
            // windows; a poller that allocated anything per poll or per check would show in every window.
            final List<Long> windows = new ArrayList<>();
            for (int window = 0; window < 10 && !windows.contains(0L); window++)
            {
                final long before = THREADS.getCurrentThreadAllocatedBytes();
                work += pollMany(poller, 1_000_000);
                windows.add(THREADS.getCurrentThreadAllocatedBytes() - before);
            }

            assertEquals(0, work);
            assertTrue(windows.contains(0L), "bytes allocated by windows of 1,000,000 polls: " + windows);
        }
    }

    @Test
    void shouldAllocateNothingOnTheChangePathWithAnAllocationFreeListener()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(2, 60_000), 0);
            final CountingListener listener = new CountingListener();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, 64));
            final int failovers = 20_000;
            final List<Long> rounds = new ArrayList<>();
            for (int round = 0; round < 10 && !rounds.contains(0L); round++)
            {
                long allocated = 0;
                for (int i = 0; i < failovers; i++)
                {
                    // The publisher allocates (it encodes names); only the poller's calls are measured.
                    publisher.publishActive(i & 1 ^ 1);
                    final long before = THREADS.getCurrentThreadAllocatedBytes();
                    poller.poll();
                    poller.poll();
                    allocated += THREADS.getCurrentThreadAllocatedBytes() - before;
                }
                rounds.add(allocated);
            }

            assertEquals((long)rounds.size() * failovers, listener.failovers);
            assertTrue(rounds.contains(0L), "bytes allocated by rounds of " + failovers + " failovers: " + rounds);
        }
    }

    @Test
    void shouldAllocateNothingWhileWatchingThePagesPathAndKeepingCounters(@TempDir final Path dir)
    {
        final Path file = dir.resolve("exabond-bond0");
        try (PagePublisher publisher = PagePublisher.create(file, TestPages.bond(2, 60_000), 0);
            BondPage page = BondPage.open(file);
            ExabondCounters counters = ExabondCounters.create(dir))
        {
            final CountingListener listener = new CountingListener();
            // A look at the path and a heartbeat at every clock read: far more often than the 10 ms default.
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond0", page)
                .listener(listener)
                .counters(counters)
                .pageCheckIntervalNs(0)
                .maxPollsPerClockRead(64));
            final List<Long> windows = new ArrayList<>();
            for (int window = 0; window < 10 && !windows.contains(0L); window++)
            {
                long allocated = 0;
                for (int i = 0; i < 1000; i++)
                {
                    // The publisher allocates (it encodes names); only the poller's calls are measured.
                    publisher.publishActive(i & 1 ^ 1);
                    final long before = THREADS.getCurrentThreadAllocatedBytes();
                    pollMany(poller, 1000);
                    allocated += THREADS.getCurrentThreadAllocatedBytes() - before;
                }
                windows.add(allocated);
            }
            assertEquals(1000L * windows.size(), listener.failovers);
            assertTrue(windows.contains(0L), "bytes allocated by windows of 1000 failovers: " + windows);
            poller.onClose();
        }
    }

    private static long pollMany(final FailoverPoller poller, final int polls)
    {
        long work = 0;
        for (int i = 0; i < polls; i++)
        {
            work += poller.poll();
        }
        return work;
    }

    /**
     * Counts failovers and keeps the last latency: allocation-free.
     */
    static final class CountingListener implements FailoverListener
    {
        long failovers;
        long lastLatencyNs;

        public void onFailover(final FailoverEvent event)
        {
            failovers++;
            lastLatencyNs = event.latencyNs();
        }
    }
}
