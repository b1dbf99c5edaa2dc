package io.exabond.profile;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * The latencies of one poller (an idle strategy, or the C poller) over all its rounds, in an HdrHistogram of ns.
 *
 * @param name      e.g. {@code spin}, or {@code c-spin}.
 * @param histogram measured, timed latencies in ns.
 * @param rounds    rounds merged.
 * @param warmupSeen   warm-up failovers seen and discarded.
 * @param warmupMissed warm-up failovers missed and discarded.
 * @param seen      measured failovers seen.
 * @param missed    measured failovers missed.
 * @param untimed   measured failovers seen without a latency.
 * @param negative  negative latencies recorded as 0.
 * @param stalls    publisher stalls reported.
 * @param latenciesNs every measured, timed latency in ns, in the order the failovers were noticed (rounds one after
 *                  the other), for the latency-over-time plot.
 * @param detectedNs  when each was noticed ({@link System#nanoTime()}), -1 when unknown (the C poller).
 */
public record StrategyResult(String name, Histogram histogram, int rounds, long warmupSeen, long warmupMissed,
    long seen, long missed, long untimed, long negative, long stalls, long[] latenciesNs, long[] detectedNs)
{
    /** Percentiles every table shows, as fractions. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    /**
     * @param name   the poller's name.
     * @param rounds its rounds.
     * @return the merged result.
     */
    static StrategyResult of(final String name, final List<RoundSamples> rounds)
    {
        final Histogram histogram = new Histogram(3);
        long warmupSeen = 0;
        long warmupMissed = 0;
        long seen = 0;
        long missed = 0;
        long untimed = 0;
        long negative = 0;
        long stalls = 0;
        int total = 0;
        for (final RoundSamples round : rounds)
        {
            total += round.latenciesNs().length;
        }
        final long[] latencies = new long[total];
        final long[] detected = new long[total];
        int at = 0;
        for (final RoundSamples round : rounds)
        {
            System.arraycopy(round.latenciesNs(), 0, latencies, at, round.latenciesNs().length);
            System.arraycopy(round.detectedNs(), 0, detected, at, round.detectedNs().length);
            at += round.latenciesNs().length;
            for (final long latency : round.latenciesNs())
            {
                histogram.recordValue(latency);
            }
            warmupSeen += round.warmupSeen();
            warmupMissed += round.warmupMissed();
            seen += round.seen();
            missed += round.missed();
            untimed += round.untimed();
            negative += round.negative();
            stalls += round.stalls();
        }
        return new StrategyResult(name, histogram, rounds.size(), warmupSeen, warmupMissed, seen, missed, untimed,
            negative, stalls, latencies, detected);
    }

    /**
     * @return latencies recorded.
     */
    public long count()
    {
        return histogram.getTotalCount();
    }

    /**
     * @param percentile e.g. 99.9.
     * @return the latency at it in ns, 0 when nothing was recorded.
     */
    public long at(final double percentile)
    {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    /**
     * @return the largest latency in ns.
     */
    public long max()
    {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue();
    }
}
