package io.exabond.poller;

import io.exabond.page.StatusSnapshot;

/**
 * When to check the publisher's liveness, and what the check concludes: as Aeron's {@code ClientConductor} checks
 * its timeouts on a deadline inside the duty cycle, whatever the idle strategy.
 * <p>
 * The schedule: the poller reads the clock only every {@link #onClockRead(long)}-returned number of polls, and runs a
 * check when a clock read finds the deadline passed. Reading the clock at every poll was measured too costly: a loop of
 * no-change polls took 130-138 ns per poll with a clock read in each, 12 ns with one per 16 polls, 8-11 ns with one per
 * 64 or per 1024 (development VM, 2 vCPUs, load average 14-17, so only the ratios mean much; the VM's clock read is
 * slow). A time deadline compared only at clock reads keeps the no-change path as it was (one countdown) while bounding
 * the check period in time. The number of polls per clock read adapts to the rate of polls, aiming at one read per
 * quarter interval (at least {@link #MIN_CLOCK_READ_GAP_NS}): when polls are fast (spinning) it doubles at each read up
 * to the maximum, so a spinning poller pays one clock read per thousand polls, as it paid one counter check before;
 * when polls are slow (a parking or sleeping idle strategy) it falls at once to what fits the target, down to 1. So the
 * gap between two clock reads is about a quarter interval, or one idle period when that is longer, and a check follows
 * the deadline by at most that gap: under every idle strategy, a stall is reported within {@code interval +
 * max(interval / 2, one idle period)} of the heartbeat going stale (1.5 ms after the stale point with the defaults when
 * spinning or yielding, about 2 ms under {@code backoff}, whose parks reach 1 ms). The one exception: a duty cycle that
 * slows suddenly from spinning to parking waits once for up to the maximum number of polls, each one idle period,
 * before the count falls.
 * <p>
 * The judgement: a {@code seq} odd across checks for longer than the stall timeout, or a heartbeat older than 3
 * monitor intervals ({@link StatusSnapshot#staleAfterNs(int)}), is a stall, reported once; a fresh heartbeat after
 * a stall is a recovery. Confined to the polling thread; allocation-free.
 */
final class PublisherLiveness
{
    /** The shortest clock-read gap aimed at, so that an interval of 0 (check at every read) keeps polls cheap. */
    static final long MIN_CLOCK_READ_GAP_NS = 10_000L;

    private final long intervalNs;
    private final long stallTimeoutNs;
    private final int maxPollsPerClockRead;
    private final long targetGapNs;
    private int pollsPerClockRead;
    private long lastClockReadNs;
    private long nextCheckNs;
    private long unstableSinceNs;
    private boolean stalled;

    /**
     * @param intervalNs           time between two checks.
     * @param stallTimeoutNs       how long {@code seq} may stay odd.
     * @param maxPollsPerClockRead the most polls between two clock reads.
     * @param nowNs                the clock now.
     */
    PublisherLiveness(final long intervalNs, final long stallTimeoutNs, final int maxPollsPerClockRead,
        final long nowNs)
    {
        this.intervalNs = intervalNs;
        this.stallTimeoutNs = stallTimeoutNs;
        this.maxPollsPerClockRead = maxPollsPerClockRead;
        this.targetGapNs = Math.max(MIN_CLOCK_READ_GAP_NS, intervalNs / 4);
        // From 1, doubling while polls are fast: a poller that starts parked must not wait the maximum first.
        this.pollsPerClockRead = 1;
        this.lastClockReadNs = nowNs;
        this.nextCheckNs = nowNs + intervalNs;
    }

    /**
     * @return polls before the first clock read.
     */
    int firstPollsPerClockRead()
    {
        return pollsPerClockRead;
    }

    /**
     * Adapts the number of polls per clock read to the time the last ones took.
     *
     * @param nowNs the clock just read.
     * @return polls before the next clock read, 1 to the maximum.
     */
    int onClockRead(final long nowNs)
    {
        final long gapNs = nowNs - lastClockReadNs;
        lastClockReadNs = nowNs;
        final int polls = pollsPerClockRead;
        final int next;
        if (gapNs > targetGapNs)
        {
            // Slow polls: as many as fit the target at the rate just seen (one division, at most once per read).
            next = (int)Math.max(1, polls * targetGapNs / gapNs);
        }
        else
        {
            // Fast polls: grow by doubling only, so that a loop that slows suddenly waits at most one such gap.
            next = Math.min(maxPollsPerClockRead, polls << 1);
        }
        pollsPerClockRead = next;
        return next;
    }

    /**
     * @param nowNs the clock just read.
     * @return true when a check is due; the next one is then due an interval later.
     */
    boolean isCheckDue(final long nowNs)
    {
        if (nowNs - nextCheckNs >= 0)
        {
            nextCheckNs = nowNs + intervalNs;
            return true;
        }
        return false;
    }

    /**
     * @return true while the publisher counts as stalled.
     */
    boolean isStalled()
    {
        return stalled;
    }

    /**
     * Judges one health read of the block.
     *
     * @param consistent whether the read was consistent (seq even and unchanged).
     * @param health     the read's fields, meaningful when consistent.
     * @param nowNs      the clock when read.
     * @param listener   told of a stall or a recovery.
     * @return 1 when the listener was told something, else 0.
     */
    int judge(final boolean consistent, final StatusSnapshot health, final long nowNs, final FailoverListener listener)
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
                listener.onPublisherStalled(StallReason.SEQLOCK_STUCK, -1);
                return 1;
            }
            return 0;
        }
        unstableSinceNs = 0;

        final long heartbeatAgeNs = nowNs - health.heartbeatNs();
        final boolean stale = heartbeatAgeNs > StatusSnapshot.staleAfterNs(health.monitorIntervalMs());
        if (stale && !stalled)
        {
            stalled = true;
            listener.onPublisherStalled(StallReason.HEARTBEAT_STALE, heartbeatAgeNs);
            return 1;
        }
        if (!stale && stalled)
        {
            stalled = false;
            listener.onPublisherRecovered();
            return 1;
        }
        return 0;
    }
}
