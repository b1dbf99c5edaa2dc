package io.exabond.sim;

import io.exabond.publish.PagePublisher;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Fails a simulated bond over between its members through a {@link PagePublisher}, as the exasock extension
 * would after the bonding driver changed its active slave, and refreshes the heartbeat every monitor interval.
 * <p>
 * Gaps between failovers are drawn uniformly from a range. Waits longer than {@link #SPIN_THRESHOLD_NS} park;
 * the rest is spun, so that gaps of a few microseconds are kept. Each failover moves to another member, chosen at
 * random when there are more than two. {@link #stop()} may be called from any thread (a shutdown hook); the
 * loop finishes the write it is in, so the page stays consistent.
 */
public final class BondSimulator
{
    /** Below this much remaining wait the simulator spins instead of parking. */
    public static final long SPIN_THRESHOLD_NS = 200_000L;

    private final PagePublisher publisher;
    private final long flips;
    private final long minGapNs;
    private final long maxGapNs;
    private final long heartbeatIntervalNs;
    private final SplittableRandom random;
    private boolean busyWait;
    private volatile boolean running = true;

    /**
     * @param publisher publishes the failovers; it must list at least two members.
     * @param flips     failovers to publish, 0 for until stopped.
     * @param minGapNs  shortest gap between failovers.
     * @param maxGapNs  longest gap between failovers.
     * @param seed      seed of the gaps and member choices, for reproducible runs.
     */
    public BondSimulator(final PagePublisher publisher, final long flips, final long minGapNs, final long maxGapNs,
        final long seed)
    {
        if (publisher.bond().members().size() < 2)
        {
            throw new IllegalArgumentException("a failover needs at least two members, the bond has " +
                publisher.bond().members().size());
        }
        if (flips < 0 || minGapNs < 0 || maxGapNs < minGapNs)
        {
            throw new IllegalArgumentException("need flips >= 0 and 0 <= min gap <= max gap");
        }
        this.publisher = publisher;
        this.flips = flips;
        this.minGapNs = minGapNs;
        this.maxGapNs = maxGapNs;
        this.heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(publisher.bond().monitorIntervalMs());
        this.random = new SplittableRandom(seed);
    }

    /**
     * Runs on the calling thread until the flips are done or {@link #stop()} is called.
     *
     * @param onFlip called after each failover with its generation; may be a no-op.
     * @return failovers published.
     */
    public long run(final LongConsumer onFlip)
    {
        long published = 0;
        long nextHeartbeat = System.nanoTime() + heartbeatIntervalNs;
        while (running && (flips == 0 || published < flips))
        {
            final long gap = minGapNs == maxGapNs ? minGapNs : random.nextLong(minGapNs, maxGapNs + 1);
            final long due = System.nanoTime() + gap;
            nextHeartbeat = waitUntil(due, nextHeartbeat);
            if (!running)
            {
                break;
            }
            final long generation = publisher.publishActive(nextMember());
            published++;
            onFlip.accept(generation);
        }
        return published;
    }

    /**
     * Keeps the heartbeat fresh without failing over, until stopped.
     */
    public void idle()
    {
        long nextHeartbeat = System.nanoTime() + heartbeatIntervalNs;
        while (running)
        {
            nextHeartbeat = waitUntil(nextHeartbeat, nextHeartbeat);
        }
    }

    /**
     * Spin between failovers however long the gap, instead of parking: a publisher that parks wakes up on whatever
     * CPU is free, which on a busy machine may be a poller's, delaying it. For measurements. Call before running.
     *
     * @param busyWait true to never park.
     * @return this simulator.
     */
    public BondSimulator busyWait(final boolean busyWait)
    {
        this.busyWait = busyWait;
        return this;
    }

    /**
     * Asks the loop to end after the write it is in.
     */
    public void stop()
    {
        running = false;
    }

    private int nextMember()
    {
        final int count = publisher.bond().members().size();
        final int current = publisher.activeIndex();
        if (current < 0)
        {
            return 0;
        }
        final int step = count == 2 ? 1 : 1 + random.nextInt(count - 1);
        return (current + step) % count;
    }

    private long waitUntil(final long due, final long nextHeartbeat)
    {
        long heartbeat = nextHeartbeat;
        while (running)
        {
            final long now = System.nanoTime();
            if (now - heartbeat >= 0)
            {
                publisher.heartbeat();
                heartbeat = now + heartbeatIntervalNs;
            }
            final long remaining = due - now;
            if (remaining <= 0)
            {
                break;
            }
            final long untilHeartbeat = heartbeat - now;
            final long wait = Math.min(remaining, untilHeartbeat);
            if (wait > SPIN_THRESHOLD_NS && !busyWait)
            {
                LockSupport.parkNanos(wait - SPIN_THRESHOLD_NS / 2);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        return heartbeat;
    }
}
