package io.exabond.profile;

import io.exabond.page.BondPage;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.poller.PinnedThreadFactory;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The first failover after start in a fresh JVM, as its own figure: a JVM whose poller warmed itself up in
 * {@code onStart} (the default) on a busy-spin {@link AgentRunner} has compiled code for
 * the change path, so its first failover should not be much slower than the steady state, even when it comes
 * after the polling loop was compiled for a word that never changed. The profiler starts fresh JVMs one after the
 * other; for each it publishes one failover some time after the JVM's poller went live, and the JVM reports how
 * long it took to notice and exits.
 */
final class FirstFailover
{
    /** The line a child prints, then the fields. */
    static final String PREFIX = "first-failover";
    /** The line a child prints once its poller runs. */
    static final String READY = "first-failover-ready";

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
     * @param warm      leave the poller's warm-up in onStart on (the default), or turn it off.
     * @param timeoutNs give up after this long.
     * @param ready     called once the poller runs: tells the parent to publish.
     * @return the line to print.
     */
    static String child(final Path file, final int cpu, final boolean warm, final long timeoutNs, final Runnable ready)
    {
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
            if (cpu >= 0)
            {
                // As an application pinning its poller should: this JVM's JIT threads, still busy right after
                // start, would otherwise preempt the pinned poller, which cannot move away from them.
                CpuIsolation.keepThreadsOffCpu(cpu);
            }
            // The default context, as a user who never heard of warm-up writes it: the poller warms itself up in
            // onStart. --no-warmup turns that off, to show what it buys.
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("first", page)
                .listener(listener)
                .warmUp(warm));
            final StartedAgent started = new StartedAgent(poller);
            final AgentRunner runner = new AgentRunner(IdleStrategies.of("spin"), Throwable::printStackTrace, null,
                started);
            final long startupMs = ManagementFactory.getRuntimeMXBean().getUptime();
            if (cpu >= 0)
            {
                AgentRunner.startOnThread(runner, new PinnedThreadFactory(cpu));
            }
            else
            {
                AgentRunner.startOnThread(runner);
            }
            final long warmupMs = started.awaitStarted();
            ready.run();
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
     * The parent side: runs fresh JVMs one after the other against a page this process publishes, one failover per
     * JVM, published {@code settleMs} after the JVM said its poller runs, so that the failover comes once the
     * polling loop has been compiled for a word that never changes: the case the warm-up is for.
     *
     * @param dir      folder for the page (tmpfs when possible).
     * @param jvms     how many.
     * @param cpu      CPU of their polling threads, or -1.
     * @param warm     whether the children warm the poller up first.
     * @param settleMs how long each child polls an unchanging page before its failover.
     * @param log      where their stderr goes.
     * @param progress told after each JVM.
     * @return one sample per JVM.
     */
    static List<Sample> measure(final Path dir, final int jvms, final int cpu, final boolean warm, final long settleMs,
        final Path log, final Progress.Step progress)
    {
        final Path file = dir.resolve("exabond-first-" + ProcessHandle.current().pid() + ".page");
        final BondDescription bond = new BondDescription("first", 1000, 100, 0, List.of(
            new Member("exa0", 0, 0, true, true), new Member("exa1", 0, 1, true, false)));
        final List<Sample> samples = new ArrayList<>();
        try (PagePublisher publisher = PagePublisher.create(file, bond, 0))
        {
            for (int i = 0; i < jvms; i++)
            {
                samples.add(one(publisher, cpu, warm, settleMs, log));
                if (!progress.update(i + 1))
                {
                    break;
                }
            }
        }
        finally
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException e)
            {
                // a page left in /dev/shm is harmless; the next run uses another name
            }
        }
        return samples;
    }

    private static Sample one(final PagePublisher publisher, final int cpu, final boolean warm, final long settleMs,
        final Path log)
    {
        final List<String> args = new ArrayList<>(List.of("profile-child", "first", "--page",
            publisher.path().toString(), "--cpu", Integer.toString(cpu)));
        if (!warm)
        {
            args.add("--no-warmup");
        }
        Process process = null;
        try
        {
            process = ChildJvm.start(args, log, true);
            String result = null;
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    if (line.equals(READY))
                    {
                        settle(publisher, settleMs);
                        // Busy for a while first, like the simulator between failovers: a thread publishing right
                        // after waking up may have woken on the child's CPU and would be measured instead.
                        final long spinUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
                        while (System.nanoTime() - spinUntil < 0)
                        {
                            Thread.onSpinWait();
                        }
                        publisher.publishActive(publisher.activeIndex() == 0 ? 1 : 0);
                    }
                    else if (line.startsWith(PREFIX + " "))
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
        finally
        {
            if (process != null && process.isAlive())
            {
                ChildJvm.stop(process);
            }
        }
    }

    private static void settle(final PagePublisher publisher, final long settleMs) throws InterruptedException
    {
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMs);
        while (System.nanoTime() - end < 0)
        {
            publisher.heartbeat();
            Thread.sleep(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
    }

    private static long readFirst(final long[] first)
    {
        synchronized (first)
        {
            return first[0];
        }
    }

    /**
     * The poller as the runner's agent, saying when its onStart (the warm-up) is over: the parent publishes the
     * failover only then, as an application goes live only once its poller runs.
     */
    private static final class StartedAgent implements Agent
    {
        private final FailoverPoller poller;
        private final CountDownLatch started = new CountDownLatch(1);
        private volatile long startNs;

        StartedAgent(final FailoverPoller poller)
        {
            this.poller = poller;
        }

        public void onStart()
        {
            final long begin = System.nanoTime();
            poller.onStart();
            startNs = System.nanoTime() - begin;
            started.countDown();
        }

        public int doWork()
        {
            return poller.doWork();
        }

        public void onClose()
        {
            poller.onClose();
        }

        public String roleName()
        {
            return poller.roleName();
        }

        long awaitStarted()
        {
            try
            {
                started.await();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            return TimeUnit.NANOSECONDS.toMillis(startNs);
        }
    }
}
