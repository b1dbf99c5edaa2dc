package io.exabond.profile;

import io.exabond.page.BondPage;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.poller.PinnedThreadFactory;
import org.agrona.concurrent.AgentRunner;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One round of the Java poller: a {@link FailoverPoller} on its own {@link AgentRunner} thread with one idle strategy,
 * optionally pinned, until the warm-up and the measured failovers are accounted for.
 */
final class JavaRound
{
    /** The start of the polling thread's name as {@code /proc} shows it (15 characters at most). */
    static final String THREAD_PREFIX = "exabond-p";

    private JavaRound()
    {
    }

    /**
     * @param page      the page to poll.
     * @param idle      the idle strategy's alias.
     * @param cpu       CPU of the polling thread, or -1.
     * @param warmup    failovers to discard first.
     * @param flips     failovers to measure.
     * @param timeoutNs give up after this long.
     * @param progress  told of progress now and then, from this thread; returns false to abort.
     * @return what the round recorded; {@link RoundSamples#seen()} short of {@code flips} when it timed out.
     */
    static RoundSamples run(final BondPage page, final String idle, final int cpu, final long warmup, final long flips,
        final long timeoutNs, final Progress.Step progress)
    {
        return run(page, idle, cpu, warmup, flips, timeoutNs, progress, false);
    }

    /**
     * @param page      the page to poll.
     * @param idle      the idle strategy's alias (ignored with {@code plainLoop}).
     * @param cpu       CPU of the polling thread, or -1.
     * @param warmup    failovers to discard first.
     * @param flips     failovers to measure.
     * @param timeoutNs give up after this long.
     * @param progress  told of progress now and then, from this thread; returns false to abort.
     * @param plainLoop poll in a plain {@code poll(); Thread.onSpinWait();} loop instead of an {@link AgentRunner}:
     *                  shows what the runner's loop costs.
     * @return what the round recorded.
     */
    static RoundSamples run(final BondPage page, final String idle, final int cpu, final long warmup, final long flips,
        final long timeoutNs, final Progress.Step progress, final boolean plainLoop)
    {
        LatencyRecorder.warmUp();
        final LatencyRecorder recorder = new LatencyRecorder(warmup, flips);
        final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
            .bond("profile-" + idle, page)
            .listener(recorder));
        final AtomicReference<Throwable> error = new AtomicReference<>();
        if (plainLoop)
        {
            final AtomicBoolean running = new AtomicBoolean(true);
            final Runnable loop = () ->
            {
                try
                {
                    poller.onStart();
                    while (running.getOpaque())
                    {
                        poller.poll();
                        Thread.onSpinWait();
                    }
                }
                catch (final Throwable t)
                {
                    error.set(t);
                }
                finally
                {
                    poller.onClose();
                }
            };
            final Thread thread = cpu >= 0 ? new PinnedThreadFactory(cpu).newThread(loop) :
                Thread.ofPlatform().unstarted(loop);
            thread.setName("exabond-plain-poller");
            thread.start();
            try
            {
                waitFor(recorder, error, timeoutNs, progress);
            }
            finally
            {
                running.setRelease(false);
                joinQuietly(thread);
            }
        }
        else
        {
            final AgentRunner runner = new AgentRunner(IdleStrategies.of(idle), error::set, null, poller);
            if (cpu >= 0)
            {
                AgentRunner.startOnThread(runner, new PinnedThreadFactory(cpu));
            }
            else
            {
                AgentRunner.startOnThread(runner);
            }
            try
            {
                waitFor(recorder, error, timeoutNs, progress);
            }
            finally
            {
                runner.close();
            }
        }
        if (error.get() != null)
        {
            throw new IllegalStateException("the " + idle + " poller failed: " + error.get().getMessage(), error.get());
        }
        return recorder.samples();
    }

    private static void joinQuietly(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(final LatencyRecorder recorder, final AtomicReference<Throwable> error,
        final long timeoutNs, final Progress.Step progress)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (!recorder.isDone() && error.get() == null && System.nanoTime() - deadline < 0)
        {
            if (recorder.released() != null)
            {
                throw new ProfileException("the page was released while it was profiled: " + recorder.released() +
                    " (the bond left exasock management, or its publisher went); profile again once it is back");
            }
            if (!progress.update(recorder.accounted()))
            {
                return;
            }
            // Parked, not sleeping in short steps: this thread shares the CPUs of the poller and the publisher, so it
            // wakes only for the progress bar (if drawn) and the health check, and when the recorder says the round
            // is done.
            recorder.awaitDone(Math.min(progress.updateEveryNs(), deadline - System.nanoTime()));
        }
    }
}
