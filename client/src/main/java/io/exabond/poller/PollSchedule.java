package io.exabond.poller;

/**
 * When a poller reads the clock and when its low-rate work is due, as Aeron's {@code ClientConductor} checks its
 * timeouts on a deadline inside the duty cycle, whatever the idle strategy. One schedule serves every bond a poller
 * polls.
 * <p>
 * The poller reads the clock only every {@link #onClockRead(long)}-returned number of polls, and runs its checks when
 * a clock read finds a deadline passed. Reading the clock at every poll was measured too costly: a loop of no-change
 * polls took 130-138 ns per poll with a clock read in each, 12 ns with one per 16 polls, 8-11 ns with one per 64 or
 * per 1024 (development VM, 2 vCPUs, load average 14-17, so only the ratios mean much; the VM's clock read is slow). A
 * time deadline compared only at clock reads keeps the no-change path as it was (one countdown) while bounding the
 * check period in time. The number of polls per clock read adapts to the rate of polls, aiming at one read per
 * quarter interval (at least {@link #MIN_CLOCK_READ_GAP_NS}): when polls are fast (spinning) it doubles at each read up
 * to the maximum, so a spinning poller pays one clock read per thousand polls; when polls are slow (a parking or
 * sleeping idle strategy) it falls at once to what fits the target, down to 1. So the gap between two clock reads is
 * about a quarter interval, or one idle period when that is longer, and a check follows its deadline by at most that
 * gap: under every idle strategy, a stall is reported within {@code interval + max(interval / 2, one idle period)} of
 * the heartbeat going stale (1.5 ms after the stale point with the defaults when spinning or yielding, about 2 ms under
 * {@code backoff}, whose parks reach 1 ms). The one exception: a duty cycle that slows suddenly from spinning to
 * parking waits once for up to the maximum number of polls, each one idle period, before the count falls.
 * <p>
 * Confined to the polling thread; allocation-free.
 */
final class PollSchedule
{
    /** The shortest clock-read gap aimed at, so that an interval of 0 (check at every read) keeps polls cheap. */
    static final long MIN_CLOCK_READ_GAP_NS = 10_000L;

    private final long intervalNs;
    private final int maxPollsPerClockRead;
    private final long targetGapNs;
    private int pollsPerClockRead;
    private long lastClockReadNs;
    private long nextCheckNs;

    /**
     * @param intervalNs           time between two liveness checks.
     * @param maxPollsPerClockRead the most polls between two clock reads.
     * @param nowNs                the clock now.
     */
    PollSchedule(final long intervalNs, final int maxPollsPerClockRead, final long nowNs)
    {
        this.intervalNs = intervalNs;
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
     * @return true when a liveness check is due; the next one is then due an interval later.
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
}
