package io.exabond.poller;

import io.exabond.page.StatusSnapshot;

/**
 * What a liveness check of one bond's page concludes ({@link PollSchedule} says when a check is due): a {@code seq}
 * odd across checks for longer than the stall timeout, or a heartbeat older than 3 monitor intervals
 * ({@link StatusSnapshot#staleAfterNs(int)}), is a stall, reported once; a fresh heartbeat after a stall is a recovery.
 * Confined to the polling thread; allocation-free.
 */
final class PublisherLiveness
{
    private final long stallTimeoutNs;
    private long unstableSinceNs;
    private boolean stalled;

    /**
     * @param stallTimeoutNs how long {@code seq} may stay odd.
     */
    PublisherLiveness(final long stallTimeoutNs)
    {
        this.stallTimeoutNs = stallTimeoutNs;
    }

    /**
     * @return true while the publisher counts as stalled.
     */
    boolean isStalled()
    {
        return stalled;
    }

    /**
     * Forgets the judgement, for a new page.
     */
    void reset()
    {
        unstableSinceNs = 0;
        stalled = false;
    }

    /**
     * Judges one read of the block's header.
     *
     * @param consistent whether the read was consistent (seq even and unchanged).
     * @param header     the read's fields, meaningful when consistent.
     * @param nowNs      the clock when read.
     * @param listener   told of a stall or a recovery.
     * @param bond       the bond whose page was read.
     * @return 1 when the listener was told something, else 0.
     */
    int judge(final boolean consistent, final BlockHeader header, final long nowNs, final FailoverListener listener,
        final PolledBond bond)
    {
        if (!consistent)
        {
            if (unstableSinceNs == 0)
            {
                unstableSinceNs = nowNs;
            }
            else if (nowNs - unstableSinceNs > stallTimeoutNs && !stalled)
            {
                stalled = true;
                bond.countStall();
                listener.onPublisherStalled(bond, StallReason.SEQLOCK_STUCK, -1);
                return 1;
            }
            return 0;
        }
        unstableSinceNs = 0;

        final long heartbeatAgeNs = nowNs - header.heartbeatNs;
        final boolean stale = heartbeatAgeNs > StatusSnapshot.staleAfterNs(header.monitorIntervalMs);
        if (stale && !stalled)
        {
            stalled = true;
            bond.countStall();
            listener.onPublisherStalled(bond, StallReason.HEARTBEAT_STALE, heartbeatAgeNs);
            return 1;
        }
        if (!stale && stalled)
        {
            stalled = false;
            listener.onPublisherRecovered(bond);
            return 1;
        }
        return 0;
    }
}
