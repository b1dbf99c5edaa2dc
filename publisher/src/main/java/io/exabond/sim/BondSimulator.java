package io.exabond.sim;

import io.exabond.counters.CounterType;
import io.exabond.counters.ExabondCounters;
import io.exabond.publish.PagePublisher;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Fails a simulated bond over between its members through a {@link PagePublisher}, as the exasock extension
 * would after the bonding driver changed its active slave, and refreshes the heartbeat every monitor interval.
 * <p>
 * Gaps between failovers are drawn uniformly from a range. Waits longer than {@link #SPIN_THRESHOLD_NS} park;
 * the rest is spun, so that gaps of a few microseconds are kept. Each failover moves to another member, chosen at
 * random when there are more than two. {@link #stop()} may be called from any thread (a shutdown hook); the
 * loop finishes the write it is in, so the page stays consistent.
 * <p>
 * It can also leave the driver's management and come back, as the driver does it ({@link #releaseAfter}): the
 * release removes the page's path at once and then stores word 0 = 0 into the old page, which it never writes again;
 * a re-manage creates a new page file (a new inode) at the same path, with a new block from generation 0, and goes on
 * failing over there. The publisher given stays the caller's to close; one made by a re-manage is the simulator's,
 * closed by {@link #close()}.
 * <p>
 * Given a counters file ({@link #counters(ExabondCounters)}), it counts its failovers there and keeps the time of its
 * last write as a heartbeat, keyed by its bond and page, for {@code exabond stat} and the Prometheus export: release
 * stores after the write they count, never before it.
 */
public final class BondSimulator implements AutoCloseable
{
    /** Below this much remaining wait the simulator spins instead of parking. */
    public static final long SPIN_THRESHOLD_NS = 200_000L;

    private final PagePublisher given;
    private final long flips;
    private final long minGapNs;
    private final long maxGapNs;
    private final long heartbeatIntervalNs;
    private final SplittableRandom random;
    private volatile PagePublisher publisher;
    private boolean busyWait;
    private long releaseAfter;
    private long remanageAfterNs = -1;
    private Consumer<String> log = line -> { };
    private AtomicCounter failovers;
    private AtomicCounter lastWrite;
    private volatile boolean running = true;
    private volatile Thread runner;

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
        this.given = publisher;
        this.publisher = publisher;
        this.flips = flips;
        this.minGapNs = minGapNs;
        this.maxGapNs = maxGapNs;
        this.heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(publisher.bond().monitorIntervalMs());
        this.random = new SplittableRandom(seed);
    }

    /**
     * Runs on the calling thread until the flips are done or {@link #stop()} is called. After a release with no
     * re-manage it waits, released, until stopped, whatever the flips.
     *
     * @param onFlip called after each failover with its generation; may be a no-op.
     * @return failovers published, on every page.
     */
    public long run(final LongConsumer onFlip)
    {
        runner = Thread.currentThread();
        long published = 0;
        long onThisPage = 0;
        boolean released = false;
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
            counted();
            published++;
            onThisPage++;
            onFlip.accept(generation);
            if (!released && onThisPage == releaseAfter)
            {
                released = true;
                release();
                if (remanageAfterNs < 0)
                {
                    while (running)
                    {
                        LockSupport.park(this);
                    }
                    break;
                }
                parkUntil(System.nanoTime() + remanageAfterNs);
                if (!running)
                {
                    break;
                }
                remanage();
                onThisPage = 0;
                nextHeartbeat = System.nanoTime() + heartbeatIntervalNs;
            }
        }
        return published;
    }

    /**
     * Keeps the heartbeat fresh without failing over, until stopped.
     */
    public void idle()
    {
        runner = Thread.currentThread();
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
     * Releases the bond from management once, after some failovers, as the driver does on {@code -BOND}: the page's
     * path goes at once, word 0 = 0 is stored into the old page, which nothing writes again
     * ({@link PagePublisher#release()}). Call before running.
     *
     * @param failovers       failovers published before the release, at least 1.
     * @param remanageAfterNs how long after the release the bond is managed again, on a new page file at the same
     *                        path (generation from 0), after which the failovers go on; -1 to stay released until
     *                        stopped.
     * @return this simulator.
     * @throws IllegalArgumentException when a value is out of range, or a re-manage is asked of a publisher with no
     *                                  page file ({@link PagePublisher#inMemory}).
     */
    public BondSimulator releaseAfter(final long failovers, final long remanageAfterNs)
    {
        if (failovers < 1 || remanageAfterNs < -1)
        {
            throw new IllegalArgumentException("need failovers >= 1 before a release and remanageAfterNs >= 0, " +
                "or -1 for none");
        }
        if (remanageAfterNs >= 0 && given.path() == null)
        {
            throw new IllegalArgumentException("a re-manage creates a new page file, and this publisher has none");
        }
        this.releaseAfter = failovers;
        this.remanageAfterNs = remanageAfterNs;
        return this;
    }

    /**
     * @param log told of a release and a re-manage, one line each, on the simulator's thread.
     * @return this simulator.
     */
    public BondSimulator log(final Consumer<String> log)
    {
        this.log = log;
        return this;
    }

    /**
     * Counts the failovers and keeps the heartbeat in a counters file, keyed by the bond and the page's absolute path
     * (a re-manage keeps the path). Call before running, once.
     *
     * @param file the counters file, e.g. {@link ExabondCounters#forProcess()}.
     * @return this simulator.
     * @throws IllegalStateException when counters were given already, or the file has no room left.
     */
    public BondSimulator counters(final ExabondCounters file)
    {
        if (failovers != null)
        {
            throw new IllegalStateException("the simulator keeps its counters in one file, given once");
        }
        final String bond = given.bond().bondName();
        final String page = given.path() != null ? given.path().toAbsolutePath().normalize().toString() :
            "(in memory)";
        final String of = " " + bond + " (" + page + ") simulator";
        final AtomicCounter count = file.newCounter(CounterType.SIMULATOR_FAILOVERS, "failovers" + of, bond, page);
        try
        {
            lastWrite = file.newCounter(CounterType.SIMULATOR_HEARTBEAT, "last write" + of, bond, page);
        }
        catch (final RuntimeException e)
        {
            count.close();
            throw e;
        }
        failovers = count;
        lastWrite.setRelease(System.nanoTime());
        return this;
    }

    /**
     * @return the publisher of the current page: the one given, or the one a re-manage made.
     */
    public PagePublisher publisher()
    {
        return publisher;
    }

    /**
     * Asks the loop to end after the write it is in.
     */
    public void stop()
    {
        running = false;
        final Thread thread = runner;
        if (thread != null)
        {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Closes the publisher a re-manage made, if any, and frees the counters; the publisher given stays the caller's.
     * Idempotent; call it after {@link #run} returned.
     */
    public void close()
    {
        final PagePublisher current = publisher;
        if (current != given)
        {
            current.close();
        }
        if (failovers != null)
        {
            failovers.close();
            lastWrite.close();
        }
    }

    private void counted()
    {
        if (failovers != null)
        {
            failovers.incrementRelease();
            lastWrite.setRelease(System.nanoTime());
        }
    }

    private void release()
    {
        final PagePublisher old = publisher;
        old.release();
        log.accept("released " + old.bond().bondName() + " from management: " + (old.path() != null ?
            old.path() + " removed, then " : "") + "word 0 = 0 stored into the old page, which nothing writes again");
    }

    private void remanage()
    {
        final PagePublisher old = publisher;
        final Path path = old.path();
        final PagePublisher fresh = PagePublisher.create(path, old.bond(), Math.max(0, old.activeIndex()));
        publisher = fresh;
        if (old != given)
        {
            old.close();
        }
        log.accept("managed " + fresh.bond().bondName() + " again: a new page at " + path + ", generation " +
            fresh.generation());
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

    private void parkUntil(final long deadlineNs)
    {
        while (running)
        {
            final long wait = deadlineNs - System.nanoTime();
            if (wait <= 0)
            {
                return;
            }
            LockSupport.parkNanos(this, wait);
        }
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
                if (lastWrite != null)
                {
                    lastWrite.setRelease(now);
                }
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
