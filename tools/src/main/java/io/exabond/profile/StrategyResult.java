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
 */
public record StrategyResult(String name, Histogram histogram, int rounds, long warmupSeen, long warmupMissed,
    long seen, long missed, long untimed, long negative, long stalls)
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
        for (final RoundSamples round : rounds)
        {
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
            negative, stalls);
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
