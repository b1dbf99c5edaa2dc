package io.exabond.profile;

import io.exabond.page.BondPage;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.IdleStrategies;
import org.agrona.concurrent.AgentRunner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first failover after start in a fresh JVM, as its own figure: a JVM that has just warmed the poller up
 * ({@link FailoverPoller#warmUp(int)}) and started it on a busy-spin {@link AgentRunner} has compiled code for
 * the change path, so the first failover should not be much slower than the steady state. The profiler starts
 * fresh JVMs one after the other against its simulator; each reports the first failover it noticed and exits.
 */
final class FirstFailover
{
    /** The line a child prints, then the fields. */
    static final String PREFIX = "first-failover";

    /**
     * What one fresh JVM saw.
     *
     * @param latencyNs  latency of its first failover, -1 when untimed.
     * @param missed     failovers published between its start and that one and not seen (0 when it caught the
     *                   first one after start).
     * @param startupMs  JVM uptime when the poller went live.
     * @param warmupMs   time spent in the warm-up.
     */
    record Sample(long latencyNs, long missed, long startupMs, long warmupMs)
    {
    }

    private FirstFailover()
    {
    }

    /**
     * The child side: warm up, poll until the first failover, print one line.
     *
     * @param file      the page.
     * @param cpu       CPU of the polling thread, or -1.
     * @param warm      run {@link FailoverPoller#warmUp(int)} first, as applications should.
     * @param timeoutNs give up after this long.
     * @return the line printed.
     */
    static String child(final Path file, final int cpu, final boolean warm, final long timeoutNs)
    {
        final long warmStart = System.nanoTime();
        if (warm)
        {
            FailoverPoller.warmUp(20_000);
        }
        final long warmupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - warmStart);
        try (BondPage page = BondPage.open(file))
        {
            final long[] first = {Long.MIN_VALUE, 0};
            final FailoverListener listener = new FailoverListener()
            {
                public void onFailover(final FailoverEvent event)
                {
                    synchronized (first)
                    {
                        if (first[0] == Long.MIN_VALUE)
                        {
                            first[1] = event.missed();
                            first[0] = event.latencyNs();
                        }
                    }
                }
            };
            final FailoverPoller poller = new FailoverPoller(page, "first", listener).pinOnStart(cpu);
            final AgentRunner runner = new AgentRunner(IdleStrategies.of("spin"), Throwable::printStackTrace, null,
                poller);
            final long startupMs = ManagementFactory.getRuntimeMXBean().getUptime();
            AgentRunner.startOnThread(runner);
            final long deadline = System.nanoTime() + timeoutNs;
            try
            {
                while (readFirst(first) == Long.MIN_VALUE && System.nanoTime() - deadline < 0)
                {
                    Thread.sleep(1);
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                runner.close();
            }
            if (readFirst(first) == Long.MIN_VALUE)
            {
                throw new ProfileException("no failover within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNs) +
                    " s on " + file);
            }
            return PREFIX + " " + first[0] + " " + first[1] + " " + startupMs + " " + warmupMs;
        }
    }

    /**
     * The parent side: runs fresh JVMs one after the other.
     *
     * @param page     the simulator's page.
     * @param jvms     how many.
     * @param cpu      CPU of their polling threads, or -1.
     * @param log      where their stderr goes.
     * @param progress told after each JVM.
     * @return one sample per JVM.
     */
    static List<Sample> measure(final Path page, final int jvms, final int cpu, final Path log,
        final Progress.Step progress)
    {
        final List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < jvms; i++)
        {
            samples.add(one(page, cpu, log));
            if (!progress.update(i + 1))
            {
                break;
            }
        }
        return samples;
    }

    private static Sample one(final Path page, final int cpu, final Path log)
    {
        try
        {
            final Process process = ChildJvm.start(List.of("profile-child", "first", "--page", page.toString(),
                "--cpu", Integer.toString(cpu)), log, true);
            String result = null;
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    if (line.startsWith(PREFIX + " "))
                    {
                        result = line;
                    }
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                ChildJvm.stop(process);
            }
            if (result == null)
            {
                throw new ProfileException("a fresh JVM measuring its first failover failed (exit " +
                    (process.isAlive() ? "none" : process.exitValue()) + "); see " + log);
            }
            final String[] f = result.split(" ");
            return new Sample(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
        }
        catch (final IOException e)
        {
            throw new ProfileException("cannot start a fresh JVM: " + e.getMessage(), e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new ProfileException("interrupted while measuring first failovers", e);
        }
    }

    private static long readFirst(final long[] first)
    {
        synchronized (first)
        {
            return first[0];
        }
    }
}
