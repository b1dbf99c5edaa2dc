package io.exabond.poller;

import io.exabond.page.GroupInfo;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;

/**
 * One noticed change of active slave. The poller reuses a single instance: it is valid only during
 * {@link FailoverListener#onFailover(FailoverEvent)}; copy what you need to keep.
 * <p>
 * What word 0 says ({@link #groupInfo()}, {@link #isActive()}, {@link #exanicId()}, {@link #exanicPort()},
 * {@link #previousGroupInfo()}) and {@link #detectedNs()} are known when the listener is called: the poller calls it
 * as soon as the load of word 0 differs, and has read nothing else of the page yet. The status block's facts
 * ({@link #generation()}, {@link #missed()}, {@link #changedNs()}, {@link #isTimed()}, {@link #latencyNs()}) come from
 * the block's first cache line, read on the first call of any of them by one attempt of the seqlock, which never
 * waits: when the publisher is writing at that moment they are unknown ({@link #NO_GENERATION}, not timed), and the
 * poller accounts for the change later. The poller reads that line itself after the listener returns when the listener
 * did not, so asking costs nothing extra; it only moves the read into the call. Members and the bond's name are read
 * only by {@link #readStatus(StatusSnapshot)}. Reading the event allocates nothing except {@link #toString()}.
 */
public final class FailoverEvent
{
    /** {@link #generation()} on a kernel page, which has no status block, or when the block could not be read. */
    public static final long NO_GENERATION = -1;

    PolledBond bond;
    int previousGroupInfo;
    int groupInfo;
    long detectedNs;
    boolean followed;
    boolean headerRead;
    boolean paired;
    boolean missedTold;
    long generation;
    long missed;
    long changedNs;
    boolean timed;

    FailoverEvent()
    {
    }

    void reset(final PolledBond bond, final int previousGroupInfo, final int groupInfo, final long detectedNs,
        final boolean followed)
    {
        if (this.bond != bond)
        {
            // A reference store only when the bond differs: each one costs a GC write barrier, whose dirtied card
            // wakes a G1 refinement thread that then takes a CPU from the poller or the publisher.
            this.bond = bond;
        }
        this.previousGroupInfo = previousGroupInfo;
        this.groupInfo = groupInfo;
        this.detectedNs = detectedNs;
        this.followed = followed;
        headerRead = false;
        paired = false;
        missedTold = false;
        generation = NO_GENERATION;
        missed = 0;
        changedNs = 0;
        timed = false;
    }

    /**
     * @return the bond that failed over.
     */
    public PolledBond bond()
    {
        return bond;
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
     * @return {@link System#nanoTime()} ({@code CLOCK_MONOTONIC}) right after the load that saw the change.
     */
    public long detectedNs()
    {
        return detectedNs;
    }

    /**
     * @return true when this change was not seen on one page but between two: the poller followed the bond's new
     * page after a release ({@link FailoverListener#onPageFollowed}), whose word 0 names another state than the last
     * one reported. Such a change is never timed.
     */
    public boolean isFollowed()
    {
        return followed;
    }

    /**
     * @return true when the page has a status block (a publisher's page, not a kernel page).
     */
    public boolean hasBlock()
    {
        return bond.hasBlock;
    }

    /**
     * @return the block's generation for this change, or {@link #NO_GENERATION} on a kernel page or when the block was
     * being written as it was read (the poller then accounts for the change at its next look).
     */
    public long generation()
    {
        readHeader();
        return generation;
    }

    /**
     * Failovers published before this one and not seen (the generation jump less one). Asked during the call, they
     * are told here and not again; not asked, they are told by {@link FailoverListener#onMissedFailovers} right after
     * this call returns.
     *
     * @return failovers missed before this one; 0 when unknown.
     */
    public long missed()
    {
        readHeader();
        missedTold = true;
        return missed;
    }

    /**
     * @return the publisher's {@code changed_ns} ({@code CLOCK_MONOTONIC}) for this change; meaningful only when
     * {@link #isTimed()}.
     */
    public long changedNs()
    {
        readHeader();
        return changedNs;
    }

    /**
     * @return true when {@link #latencyNs()} is known: the page has a block, it was read consistently, it describes
     * exactly this change, and no failover was missed before it (after a jump, the word seen may belong to an earlier
     * publication of the same slave than the block's {@code changed_ns}).
     */
    public boolean isTimed()
    {
        readHeader();
        return timed;
    }

    /**
     * @return ns from the publisher's {@code changed_ns} to {@link #detectedNs()}, or -1 when not {@link #isTimed()}.
     */
    public long latencyNs()
    {
        readHeader();
        return timed ? detectedNs - changedNs : -1;
    }

    /**
     * Reads the whole status block (members, bond name, intervals) by the seqlock, waiting at most the poller's
     * change-read timeout ({@link FailoverPollerContext#changeReadTimeoutNs(long)}) for a write in progress: costs
     * about ten cache lines, so ask only when the members are needed.
     *
     * @param into a holder the caller owns and reuses.
     * @return {@link StatusBlockReader.Status#CONSISTENT} when {@code into} holds the block; the block then
     * describes this change or a later one (compare {@link StatusSnapshot#activeRaw()} with {@link #groupInfo()}).
     */
    public StatusBlockReader.Status readStatus(final StatusSnapshot into)
    {
        return bond.readStatus(into);
    }

    private void readHeader()
    {
        if (!headerRead)
        {
            bond.pairHeader(this);
        }
    }

    /**
     * @return a one-line description; allocates, and reads the block's header if not read yet.
     */
    public String toString()
    {
        readHeader();
        return bond.name() + ": " + GroupInfo.describe(previousGroupInfo) + " -> " + GroupInfo.describe(groupInfo) +
            (generation != NO_GENERATION ? " generation=" + generation + " missed=" + missed : "") +
            (timed ? " latency_ns=" + latencyNs() : "") + (followed ? " (new page)" : "");
    }
}
