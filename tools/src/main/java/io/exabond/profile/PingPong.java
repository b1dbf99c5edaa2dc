package io.exabond.profile;

import io.exabond.internal.CpuAffinity;
import io.exabond.internal.PageMapping;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This machine's floor: the one-way time of a cache line from one process to another, measured as half the
 * round trip of a ping-pong on a shared page. Nothing that notices a store made by another process can be faster,
 * so the profiler shows each percentile as a multiple of it.
 * <p>
 * This process stores a number into the ping word with release ordering; the echo child, spinning on it with
 * acquire loads, stores the same number into the pong word, on another cache line; this process spins until it
 * sees it. Each round trip moves two cache lines across, just as a failover moves word 0 from the publisher to
 * the poller. Batches of {@value #BATCH} round trips are timed with {@link System#nanoTime()}, so that the clock's
 * own cost drops out; the floor is the median batch.
 */
public final class PingPong
{
    /** Offset of the word this process writes. */
    static final long PING = 0;
    /** Offset of the word the echo child writes: two cache lines away, so the adjacent-line prefetcher stays out. */
    static final long PONG = 128;
    /** The echo child's pong once it is ready. */
    static final long READY = -2;
    /** The ping that ends the echo child. */
    static final long STOP = -1;
    /** Round trips per timed batch. */
    static final int BATCH = 1000;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();
    private static final long ECHO_LIMIT_NS = TimeUnit.SECONDS.toNanos(120);

    /**
     * The floor as measured.
     *
     * @param oneWayNs    median one-way time: half the median round trip.
     * @param minOneWayNs the fastest batch's one-way time.
     * @param batches     batches timed.
     * @param perBatch    round trips per batch.
     */
    public record Floor(double oneWayNs, double minOneWayNs, int batches, int perBatch)
    {
    }

    private PingPong()
    {
    }

    /**
     * Runs the ping side against an echo child started for the purpose, on a page file in {@code dir}.
     *
     * @param dir          a folder for the shared page (tmpfs when possible).
     * @param log          the child's log.
     * @param pingCpu      CPU for this side's thread, or -1.
     * @param echoCpu      CPU for the echo child's thread, or -1.
     * @param measureNanos how long to time batches after the warm-up.
     * @return the floor.
     * @throws IOException when the page or the child cannot be set up.
     */
    public static Floor measure(final Path dir, final Path log, final int pingCpu, final int echoCpu,
        final long measureNanos) throws IOException
    {
        final Path file = Files.createTempFile(dir, "exabond-pingpong-", ".page");
        Process child = null;
        try
        {
            Files.write(file, new byte[(int)io.exabond.internal.LibC.pageSize()]);
            try (PageMapping mapping = PageMapping.map(file, true, "ping-pong page"))
            {
                final MemorySegment page = mapping.segment();
                child = ChildJvm.start(List.of("profile-child", "echo", "--page", file.toString(),
                    "--cpu", Integer.toString(echoCpu)), log, false);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while ((long)LONG.getAcquire(page, PONG) != READY)
                {
                    if (!child.isAlive() || System.nanoTime() - deadline > 0)
                    {
                        throw new IOException("the ping-pong echo child did not start (exit " +
                            (child.isAlive() ? "none, still starting after 60 s" : child.exitValue()) + "); see " +
                                log);
                    }
                    sleepMillis(1);
                }
                final Floor[] result = new Floor[1];
                final Throwable[] failure = new Throwable[1];
                final Process echo = child;
                final Thread pinger = Thread.ofPlatform().name("exabond-ping").start(() ->
                {
                    try
                    {
                        if (pingCpu >= 0)
                        {
                            CpuAffinity.pinCurrentThread(pingCpu);
                        }
                        result[0] = ping(page, echo, measureNanos);
                    }
                    catch (final Throwable t)
                    {
                        failure[0] = t;
                    }
                });
                pinger.join();
                LONG.setRelease(page, PING, STOP);
                if (failure[0] != null)
                {
                    throw new IOException("ping-pong failed: " + failure[0].getMessage(), failure[0]);
                }
                child.waitFor(5, TimeUnit.SECONDS);
                return result[0];
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring the floor", e);
        }
        finally
        {
            ChildJvm.stop(child);
            Files.deleteIfExists(file);
        }
    }

    /**
     * The echo side, in the child: answers every ping until {@link #STOP}, a dead parent or two minutes.
     *
     * @param file the shared page.
     * @param cpu  CPU to pin this thread to, or -1.
     * @return round trips answered.
     */
    public static long echo(final Path file, final int cpu)
    {
        if (cpu >= 0)
        {
            CpuAffinity.pinCurrentThread(cpu);
        }
        try (PageMapping mapping = PageMapping.map(file, true, "ping-pong page"))
        {
            final MemorySegment page = mapping.segment();
            final ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
            final long deadline = System.nanoTime() + ECHO_LIMIT_NS;
            LONG.setRelease(page, PONG, READY);
            long seen = 0;
            long answered = 0;
            int spins = 0;
            while (true)
            {
                final long ping = (long)LONG.getAcquire(page, PING);
                if (ping != seen)
                {
                    if (ping == STOP)
                    {
                        return answered;
                    }
                    LONG.setRelease(page, PONG, ping);
                    seen = ping;
                    answered++;
                }
                else if (++spins == 1 << 22)
                {
                    spins = 0;
                    if (System.nanoTime() - deadline > 0 || parent != null && !parent.isAlive())
                    {
                        return answered;
                    }
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static Floor ping(final MemorySegment page, final Process echo, final long measureNanos)
    {
        long value = 0;
        // Warm-up: both loops get compiled, and both lines settle in the two cores' caches.
        final long warmEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() - warmEnd < 0)
        {
            value = batch(page, value, echo);
        }
        final long[] batchNs = new long[20_000];
        int batches = 0;
        final long end = System.nanoTime() + measureNanos;
        while (batches < batchNs.length && (System.nanoTime() - end < 0 || batches < 20))
        {
            final long start = System.nanoTime();
            value = batch(page, value, echo);
            batchNs[batches++] = System.nanoTime() - start;
        }
        final long[] sorted = Arrays.copyOf(batchNs, batches);
        Arrays.sort(sorted);
        final double median = sorted[batches / 2] / (double)BATCH;
        return new Floor(median / 2, sorted[0] / (double)BATCH / 2, batches, BATCH);
    }

    private static long batch(final MemorySegment page, final long first, final Process echo)
    {
        long value = first;
        for (int i = 0; i < BATCH; i++)
        {
            value++;
            LONG.setRelease(page, PING, value);
            int spins = 0;
            while ((long)LONG.getAcquire(page, PONG) != value)
            {
                if (++spins == 1 << 24)
                {
                    spins = 0;
                    if (!echo.isAlive())
                    {
                        throw new IllegalStateException("the echo child died (exit " + echo.exitValue() + ")");
                    }
                }
                Thread.onSpinWait();
            }
        }
        return value;
    }

    private static void sleepMillis(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
