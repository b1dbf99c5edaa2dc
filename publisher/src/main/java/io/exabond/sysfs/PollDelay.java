package io.exabond.sysfs;

import io.exabond.internal.LibC;
import io.exabond.page.PageLayout;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the last term of the failover budget, the reader's own polling delay, on this machine: a busy-spinning
 * {@link FailoverPoller} on one thread notices failovers that a {@link PagePublisher} makes on another thread in a
 * private in-memory page; the delay of one failover is the poller's {@code System.nanoTime()} right after the load
 * that saw it less the publisher's {@code changed_ns} (both {@code CLOCK_MONOTONIC}). The result is the median.
 *
 * @param medianNs  median delay, ns.
 * @param samples   failovers timed.
 * @param missed    failovers published that the poller did not time (it saw a later one first, or a
 *                  generation jump), reported rather than dropped.
 * @param machine   what it ran on: CPUs, CPU model, kernel, JDK.
 */
public record PollDelay(long medianNs, int samples, long missed, String machine)
{
    /** Longest a measurement may take before it stops with what it has. */
    public static final long DEADLINE_NS = 1_000_000_000L;

    /**
     * @param failovers failovers to publish, e.g. 2000.
     * @return the measurement; {@link #samples()} may be below {@code failovers} on a very loaded machine.
     * @throws InterruptedException when interrupted while waiting for the poller thread.
     */
    public static PollDelay measure(final int failovers) throws InterruptedException
    {
        FailoverPoller.warmUp(5_000);
        final long pageSize = Math.max(LibC.pageSize(), PageLayout.MIN_PAGE_SIZE);
        try (Arena arena = Arena.ofShared())
        {
            final MemorySegment memory = arena.allocate(pageSize, pageSize);
            final BondDescription bond = new BondDescription("measure", 1000, 100, 0, List.of(
                new Member("m0", 0, 0, true, true), new Member("m1", 0, 1, true, false)));
            final PagePublisher publisher = PagePublisher.inMemory(memory, bond, 0);
            final long[] delays = new long[failovers];
            final int[] timed = new int[1];
            final long[] seen = new long[1];
            final FailoverListener listener = event ->
            {
                if (event.isTimed() && timed[0] < delays.length)
                {
                    delays[timed[0]++] = event.latencyNs();
                }
                seen[0] = event.generation();
            };
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("measure", memory, "the poll-delay page")
                // A measurement inside doctor, not a poller anyone monitors: no counters for exabond stat.
                .counters(null)
                .listener(listener)
                .stallTimeoutNs(1_000_000L)
                .warmUp(false));
            final long deadline = System.nanoTime() + DEADLINE_NS;
            final java.util.concurrent.atomic.AtomicLong acknowledged = new java.util.concurrent.atomic.AtomicLong();
            final Thread reader = new Thread(() ->
            {
                while (seen[0] < failovers && System.nanoTime() - deadline < 0)
                {
                    if (poller.poll() > 0)
                    {
                        acknowledged.setRelease(seen[0]);
                    }
                }
            }, "exabond-poll-delay");
            reader.setDaemon(true);
            reader.start();
            for (int i = 1; i <= failovers && System.nanoTime() - deadline < 0; i++)
            {
                // A short pause lets the poller settle into its spin before the next change.
                final long pauseUntil = System.nanoTime() + 20_000;
                while (System.nanoTime() - pauseUntil < 0)
                {
                    Thread.onSpinWait();
                }
                publisher.publishActive(i & 1);
                final long waitUntil = System.nanoTime() + 1_000_000;
                while (acknowledged.getAcquire() < i && System.nanoTime() - waitUntil < 0)
                {
                    Thread.onSpinWait();
                }
            }
            reader.join(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(DEADLINE_NS) + 1_000);
            final int count = timed[0];
            final long[] sorted = Arrays.copyOf(delays, count);
            Arrays.sort(sorted);
            final long median = count == 0 ? -1 : sorted[count / 2];
            return new PollDelay(median, count, Math.max(0, publisher.generation() - count), describeMachine());
        }
    }

    /**
     * @return e.g. {@code 2 CPUs, Intel(R) Xeon(R) ..., Linux 6.1.0, JDK 25+36}.
     */
    public static String describeMachine()
    {
        String model = "unknown CPU";
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    model = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        }
        catch (final java.io.IOException | RuntimeException e)
        {
            // keep "unknown CPU"
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs, " + model + ", " + System.getProperty("os.name") +
            " " + System.getProperty("os.version") + ", JDK " + Runtime.version();
    }
}
