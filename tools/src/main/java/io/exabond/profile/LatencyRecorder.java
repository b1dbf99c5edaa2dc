package io.exabond.profile;

import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.PolledBond;
import io.exabond.poller.StallReason;

import java.util.concurrent.locks.LockSupport;

/**
 * Listener of one measured round: files every failover published since the round began, in order, as warm-up,
 * measured or past the end, seen or missed, and keeps the measured latencies in a preallocated array, so that the
 * polling thread allocates nothing. A failover is missed when the generation jumped over it (including A to B to
 * A); a failover seen after word 0 had already moved on is seen but untimed. Each measured latency is kept with the
 * moment its failover was noticed, in a second preallocated array, for the report's latency-over-time plot.
 */
final class LatencyRecorder implements FailoverListener
{
    private final long warmup;
    private final long total;
    private final long[] latencies;
    private final long[] detectedNs;
    private int recorded;
    private long warmupSeen;
    private long warmupMissed;
    private long missed;
    private long untimed;
    private long negative;
    private long stalls;
    private volatile long accounted;
    private volatile Thread waiter;
    private boolean signalled;

    /**
     * @param warmup failovers to discard first.
     * @param flips  failovers to measure after them.
     */
    LatencyRecorder(final long warmup, final long flips)
    {
        this.warmup = warmup;
        this.total = warmup + flips;
        this.latencies = new long[Math.toIntExact(flips)];
        this.detectedNs = new long[latencies.length];
    }

    public void onFailover(final FailoverEvent event)
    {
        seen(event.missed(), event.isTimed(), event.latencyNs(), event.detectedNs());
    }

    public void onMissedFailovers(final PolledBond bond, final long count, final long generation)
    {
        missed(count);
    }

    public void onPublisherStalled(final PolledBond bond, final StallReason reason, final long heartbeatAgeNs)
    {
        stalled();
    }

    /**
     * A failover seen, after {@code missedBefore} that were not.
     *
     * @param missedBefore failovers published before it and not seen.
     * @param timed        whether its latency is known.
     * @param latency      its latency in ns when timed.
     */
    void seen(final long missedBefore, final boolean timed, final long latency)
    {
        seen(missedBefore, timed, latency, -1);
    }

    /**
     * A failover seen, after {@code missedBefore} that were not, with the moment it was noticed.
     *
     * @param missedBefore failovers published before it and not seen.
     * @param timed        whether its latency is known.
     * @param latency      its latency in ns when timed.
     * @param detected     {@link System#nanoTime()} when it was noticed, or -1 when unknown.
     */
    void seen(final long missedBefore, final boolean timed, final long latency, final long detected)
    {
        final long position = accounted;
        account(position, missedBefore);
        final long at = position + missedBefore;
        if (at >= warmup && at < total)
        {
            if (timed)
            {
                if (latency < 0)
                {
                    // Not possible with one CLOCK_MONOTONIC; counted, never dropped, should a clock misbehave.
                    negative++;
                    detectedNs[recorded] = detected;
                    latencies[recorded++] = 0;
                }
                else
                {
                    detectedNs[recorded] = detected;
                    latencies[recorded++] = latency;
                }
            }
            else
            {
                untimed++;
            }
        }
        else if (at < warmup)
        {
            warmupSeen++;
        }
        accounted = at + 1;
        signalIfDone();
    }

    /**
     * Failovers that word 0 alone did not show (A to B to A).
     *
     * @param count how many.
     */
    void missed(final long count)
    {
        final long position = accounted;
        account(position, count);
        accounted = position + count;
        signalIfDone();
    }

    /**
     * The publisher looked stalled.
     */
    void stalled()
    {
        stalls++;
    }

    /**
     * @return failovers published since the round began that were seen or counted missed.
     */
    long accounted()
    {
        return accounted;
    }

    /**
     * @return true once the warm-up and the measured failovers are all accounted for.
     */
    boolean isDone()
    {
        return accounted >= total;
    }

    /**
     * Parks the calling thread until the round is done (the polling thread unparks it once, after the last failover
     * it accounts for) or {@code maxWaitNs} passed, so that a waiting profiler does not wake every few ms on the CPUs
     * the poller and the publisher share.
     *
     * @param maxWaitNs the longest wait.
     */
    void awaitDone(final long maxWaitNs)
    {
        waiter = Thread.currentThread();
        if (!isDone() && maxWaitNs > 0)
        {
            LockSupport.parkNanos(this, maxWaitNs);
        }
    }

    private void signalIfDone()
    {
        if (!signalled && accounted >= total)
        {
            signalled = true;
            final Thread thread = waiter;
            if (thread != null)
            {
                LockSupport.unpark(thread);
            }
        }
    }

    /**
     * Read after the polling thread stopped.
     *
     * @return what the round recorded.
     */
    RoundSamples samples()
    {
        final long seenMeasured = recorded + untimed;
        return new RoundSamples(java.util.Arrays.copyOf(latencies, recorded),
            java.util.Arrays.copyOf(detectedNs, recorded), warmupSeen, warmupMissed,
            seenMeasured, missed, untimed, negative, stalls);
    }

    private void account(final long position, final long count)
    {
        for (long p = position; p < position + count && p < total; p++)
        {
            if (p < warmup)
            {
                warmupMissed++;
            }
            else
            {
                missed++;
            }
        }
    }
}
