package io.exabond.profile;

import io.exabond.internal.LibC;
import io.exabond.page.PageLayout;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.PageRelease;
import io.exabond.poller.PolledBond;
import io.exabond.poller.StallReason;

import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Listener of one measured round: files every failover published since the round began, in order, as warm-up,
 * measured or past the end, seen or missed, and keeps the measured latencies in preallocated arrays, so that the
 * polling thread allocates nothing. A failover is missed when the generation jumped over it (including A to B to
 * A); a failover seen after word 0 had already moved on, or while the publisher was writing, is seen but untimed.
 * <p>
 * What is timed is what the application experiences: the clock is read first thing in {@link #onFailover}, the
 * listener's entry, and the latency is that moment less the publisher's {@code changed_ns}. The poller's own detection
 * ({@link FailoverEvent#detectedNs()}, right after the load that saw word 0 change) is kept beside it, and the hand-off
 * between the two (detection to listener entry) for every failover seen, timed or not. Each measured latency is kept
 * with the moment its failover was noticed, for the report's latency-over-time plot.
 */
final class LatencyRecorder implements FailoverListener
{
    private static boolean warmedUp;

    private final long warmup;
    private final long total;
    private final long[] listenerNs;
    private final long[] word0Ns;
    private final long[] detectedNs;
    private final long[] handoffNs;
    private final long[] handoffDetectedNs;
    private int recorded;
    private int handoffs;
    private long warmupSeen;
    private long warmupMissed;
    private long missed;
    private long untimed;
    private long negative;
    private long stalls;
    private volatile long accounted;
    private volatile Thread waiter;
    private volatile String released;
    private boolean signalled;

    /**
     * @param warmup failovers to discard first.
     * @param flips  failovers to measure after them.
     */
    LatencyRecorder(final long warmup, final long flips)
    {
        this.warmup = warmup;
        this.total = warmup + flips;
        final int measured = Math.toIntExact(flips);
        this.listenerNs = new long[measured];
        this.word0Ns = new long[measured];
        this.detectedNs = new long[measured];
        this.handoffNs = new long[measured];
        this.handoffDetectedNs = new long[measured];
    }

    /**
     * Compiles this listener before a round measures it, once per JVM: a listener runs once per failover, far too
     * seldom for the JIT, so without this the first thousands of measured failovers would time an interpreted or
     * C1-compiled listener's entry (about 1 us on the development VM, against tens of ns compiled). An application's
     * own listener is in the same position; see {@link FailoverListener}'s Javadoc.
     */
    static synchronized void warmUp()
    {
        if (warmedUp)
        {
            return;
        }
        final int failovers = 20_000;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(Math.max(LibC.pageSize(), PageLayout.MIN_PAGE_SIZE),
                LibC.pageSize());
            final PagePublisher publisher = PagePublisher.inMemory(page, new BondDescription("warmup", 60_000, 100, 0,
                List.of(new Member("warm0", 0, 0, true, true), new Member("warm1", 0, 1, true, false))), 0);
            // Rounds of 1000 with a warm-up of 100, so that every branch of the filing runs: warm-up, measured, past
            // the end, missed (a jump, and A to B to A), done.
            LatencyRecorder recorder = null;
            FailoverPoller poller = null;
            for (int i = 0; i < failovers; i++)
            {
                if (i % 1000 == 0)
                {
                    recorder = new LatencyRecorder(100, 850);
                    poller = new FailoverPoller(new FailoverPollerContext()
                        .bond("warmup", page, "the recorder's warm-up page")
                        .listener(recorder)
                        .counters(null)
                        .livenessCheckIntervalNs(0)
                        .maxPollsPerClockRead(4)
                        .warmUp(false));
                }
                if (i % 7 == 3)
                {
                    // A failover published and not seen: a generation jump.
                    publisher.publishActive(publisher.activeIndex() ^ 1);
                }
                if (i % 13 == 5)
                {
                    // A to B to A: the low-rate check reports it.
                    publisher.publishActive(publisher.activeIndex() ^ 1);
                    publisher.publishActive(publisher.activeIndex() ^ 1);
                    for (int p = 0; p < 8; p++)
                    {
                        poller.poll();
                    }
                }
                publisher.publishActive(publisher.activeIndex() ^ 1);
                poller.poll();
            }
        }
        warmedUp = true;
    }

    public void onFailover(final FailoverEvent event)
    {
        final long enteredNs = System.nanoTime();
        // Asked here, the block's first line is read after the clock, so the read is not in the figure.
        final boolean timed = event.isTimed();
        final long changedNs = event.changedNs();
        final long detected = event.detectedNs();
        seen(event.missed(), timed, enteredNs - changedNs, detected - changedNs, enteredNs - detected, detected);
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
     * The page being profiled was released (its node removed or replaced): nothing more of this round would mean
     * anything, so the round ends and the profile says why.
     */
    public void onPageReleased(final PolledBond bond, final PageRelease release)
    {
        released = bond.pageName() + (release == PageRelease.REMOVED ? " was removed" : " was replaced by another");
        final Thread thread = waiter;
        if (thread != null)
        {
            LockSupport.unpark(thread);
        }
    }

    /**
     * @return how the page was released during the round, or null while it was not.
     */
    String released()
    {
        return released;
    }

    /**
     * A failover seen, after {@code missedBefore} that were not, timed at the listener only (tests, and pollers that
     * time nothing else).
     *
     * @param missedBefore failovers published before it and not seen.
     * @param timed        whether its latency is known.
     * @param latency      its latency at the listener's entry in ns when timed.
     */
    void seen(final long missedBefore, final boolean timed, final long latency)
    {
        seen(missedBefore, timed, latency, latency, -1, -1);
    }

    /**
     * A failover seen, after {@code missedBefore} that were not.
     *
     * @param missedBefore failovers published before it and not seen.
     * @param timed        whether its latencies from the publisher are known.
     * @param listener     {@code changed_ns} to the listener's entry, in ns, when timed.
     * @param word0        {@code changed_ns} to the poller's detection, in ns, when timed.
     * @param handoff      the poller's detection to the listener's entry, in ns, or -1 when unknown.
     * @param detected     {@link System#nanoTime()} when it was noticed, or -1 when unknown.
     */
    void seen(final long missedBefore, final boolean timed, final long listener, final long word0, final long handoff,
        final long detected)
    {
        final long position = accounted;
        account(position, missedBefore);
        final long at = position + missedBefore;
        if (at >= warmup && at < total)
        {
            if (handoff >= 0)
            {
                handoffDetectedNs[handoffs] = detected;
                handoffNs[handoffs++] = handoff;
            }
            if (timed)
            {
                if (listener < 0 || word0 < 0)
                {
                    // Not possible with one CLOCK_MONOTONIC; counted, never dropped, should a clock misbehave.
                    negative++;
                }
                detectedNs[recorded] = detected;
                word0Ns[recorded] = Math.max(0, word0);
                listenerNs[recorded++] = Math.max(0, listener);
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
        return new RoundSamples(Arrays.copyOf(listenerNs, recorded), Arrays.copyOf(word0Ns, recorded),
            Arrays.copyOf(detectedNs, recorded), Arrays.copyOf(handoffNs, handoffs),
            Arrays.copyOf(handoffDetectedNs, handoffs), warmupSeen, warmupMissed, seenMeasured, missed, untimed,
            negative, stalls);
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
