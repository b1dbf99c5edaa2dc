package io.exabond.profile;

import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.PageRelease;
import io.exabond.poller.PolledBond;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The listener of a trigger profile's poller: reads the clock first thing in {@link #onFailover}, then keeps that
 * entry time with the poller's detection, the new word 0 and (on a page with a status block) the publisher's
 * {@code changed_ns} in a ring that the profiler's thread reads. One writer (the polling thread), one reader; the
 * writer publishes each slot with a release store of its sequence, the reader reads the sequence with an acquire
 * load. Allocation-free.
 * <p>
 * The ring holds {@link #CAPACITY} changes: far more than can happen between two looks of the reader, which looks
 * at least once per failover; a reader that fell further behind loses the oldest and is told ({@link #lost}).
 */
final class TriggerListener implements FailoverListener
{
    /** Changes of word 0 the ring holds. */
    static final int CAPACITY = 1024;
    private static final int MASK = CAPACITY - 1;
    private static final VarHandle WRITTEN;
    private static final VarHandle MISSED;
    private static final VarHandle RELEASES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            WRITTEN = lookup.findVarHandle(TriggerListener.class, "written", long.class);
            MISSED = lookup.findVarHandle(TriggerListener.class, "missed", long.class);
            RELEASES = lookup.findVarHandle(TriggerListener.class, "releases", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] entryNs = new long[CAPACITY];
    private final long[] detectedNs = new long[CAPACITY];
    private final long[] changedNs = new long[CAPACITY];
    private final int[] groupInfo = new int[CAPACITY];
    @SuppressWarnings("unused")
    private long written;
    @SuppressWarnings("unused")
    private long missed;
    @SuppressWarnings("unused")
    private long releases;

    /**
     * One change of word 0, as the reader copies it out of the ring.
     */
    static final class Change
    {
        long entryNs;
        long detectedNs;
        /** The publisher's changed_ns when the change was paired with the block and timed, else -1. */
        long changedNs;
        int groupInfo;
    }

    public void onFailover(final FailoverEvent event)
    {
        final long entry = System.nanoTime();
        final long sequence = (long)WRITTEN.getOpaque(this);
        final int slot = (int)(sequence & MASK);
        entryNs[slot] = entry;
        detectedNs[slot] = event.detectedNs();
        groupInfo[slot] = event.groupInfo();
        // After the entry time: reading the block's first line is the listener's own work, not the poller's.
        changedNs[slot] = event.hasBlock() && event.isTimed() ? event.changedNs() : -1;
        WRITTEN.setRelease(this, sequence + 1);
    }

    public void onMissedFailovers(final PolledBond bond, final long count, final long generation)
    {
        MISSED.setRelease(this, (long)MISSED.getOpaque(this) + count);
    }

    public void onPageReleased(final PolledBond bond, final PageRelease release)
    {
        RELEASES.setRelease(this, (long)RELEASES.getOpaque(this) + 1);
    }

    /**
     * @return changes written so far; the next one gets this sequence.
     */
    long written()
    {
        return (long)WRITTEN.getAcquire(this);
    }

    /**
     * @return failovers the poller reported missed (generation jumps), so far.
     */
    long missed()
    {
        return (long)MISSED.getAcquire(this);
    }

    /**
     * @return releases of the page the poller reported, so far.
     */
    long releases()
    {
        return (long)RELEASES.getAcquire(this);
    }

    /**
     * @param from the first sequence the reader has not read.
     * @return whether changes from {@code from} on were overwritten before the reader got to them.
     */
    boolean lost(final long from)
    {
        return written() - from > CAPACITY;
    }

    /**
     * Copies one change out of the ring; the caller read {@link #written()} after it was written.
     *
     * @param sequence its sequence, below {@link #written()} and not {@link #lost}.
     * @param into     where to copy it.
     */
    void read(final long sequence, final Change into)
    {
        final int slot = (int)(sequence & MASK);
        into.entryNs = entryNs[slot];
        into.detectedNs = detectedNs[slot];
        into.changedNs = changedNs[slot];
        into.groupInfo = groupInfo[slot];
    }
}
