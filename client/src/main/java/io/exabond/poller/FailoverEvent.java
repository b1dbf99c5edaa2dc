package io.exabond.poller;

import io.exabond.page.GroupInfo;
import io.exabond.page.StatusSnapshot;

/**
 * One noticed change of active slave. The poller reuses a single instance: it is valid only during
 * {@link FailoverListener#onFailover(FailoverEvent)}; copy what you need to keep. Reading it allocates nothing
 * except {@link #toString()}.
 */
public final class FailoverEvent
{
    /** {@link #generation()} on a kernel page, which has no status block. */
    public static final long NO_GENERATION = -1;

    int previousGroupInfo;
    int groupInfo;
    long generation;
    long missed;
    long changedNs;
    long detectedNs;
    boolean hasBlock;
    boolean timed;
    StatusSnapshot snapshot;

    FailoverEvent()
    {
    }

    void reset(final int previousGroupInfo, final long detectedNs)
    {
        this.previousGroupInfo = previousGroupInfo;
        this.detectedNs = detectedNs;
        generation = NO_GENERATION;
        missed = 0;
        changedNs = 0;
        timed = false;
        hasBlock = false;
        snapshot = null;
    }

    void paired(final StatusSnapshot snapshot, final long missed, final boolean timed)
    {
        this.hasBlock = true;
        this.snapshot = snapshot;
        this.generation = snapshot.generation();
        this.missed = missed;
        this.changedNs = snapshot.changedNs();
        this.timed = timed;
    }

    /**
     * @return word 0 (the group info, ABI.md section 2) before the change.
     */
    public int previousGroupInfo()
    {
        return previousGroupInfo;
    }

    /**
     * @return word 0 (the group info, ABI.md section 2) after the change; decode it with {@code GroupInfo}.
     */
    public int groupInfo()
    {
        return groupInfo;
    }

    /**
     * @return true when the bond has an active slave after the change.
     */
    public boolean isActive()
    {
        return GroupInfo.isActive(groupInfo);
    }

    /**
     * @return SmartNIC number of the new active slave (the last one when {@link #isActive()} is false).
     */
    public int exanicId()
    {
        return GroupInfo.exanicId(groupInfo);
    }

    /**
     * @return port of the new active slave on its SmartNIC (the last one when {@link #isActive()} is false).
     */
    public int exanicPort()
    {
        return GroupInfo.exanicPort(groupInfo);
    }

    /**
     * @return true when the page has a status block, so that generation, times and the snapshot are known.
     */
    public boolean hasBlock()
    {
        return hasBlock;
    }

    /**
     * @return the block's generation for this change, or {@link #NO_GENERATION} on a kernel page.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * @return failovers published since the previous one noticed and not seen (the generation jump less one).
     */
    public long missed()
    {
        return missed;
    }

    /**
     * @return the publisher's {@code changed_ns} ({@code CLOCK_MONOTONIC}) for this change; meaningful only when
     * {@link #isTimed()}.
     */
    public long changedNs()
    {
        return changedNs;
    }

    /**
     * @return {@link System#nanoTime()} ({@code CLOCK_MONOTONIC}) right after the load that saw the change.
     */
    public long detectedNs()
    {
        return detectedNs;
    }

    /**
     * @return true when {@link #latencyNs()} is known: the page has a block, it describes exactly this change, and no
     * failover was missed before it (after a jump, the word seen may belong to an earlier publication of the same
     * slave than the block's {@code changed_ns}).
     */
    public boolean isTimed()
    {
        return timed;
    }

    /**
     * @return ns from the publisher's {@code changed_ns} to detection, or -1 when not {@link #isTimed()}.
     */
    public long latencyNs()
    {
        return timed ? detectedNs - changedNs : -1;
    }

    /**
     * @return the block as read for this change (members, intervals), or null on a kernel page; the poller's
     * holder, overwritten by its next read.
     */
    public StatusSnapshot snapshot()
    {
        return snapshot;
    }

    /**
     * @return a one-line description; allocates.
     */
    public String toString()
    {
        return GroupInfo.describe(previousGroupInfo) + " -> " + GroupInfo.describe(groupInfo) +
            (hasBlock ? " generation=" + generation + " missed=" + missed : "") +
            (timed ? " latency_ns=" + latencyNs() : "");
    }
}
