package io.exabond.profile;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What one poller (an idle strategy, or a side of the Java/C comparison) measured over all its rounds: how its
 * failovers were accounted for, and one latency series per point of its path that it times.
 *
 * @param name         e.g. {@code spin}, or {@code c-spin}.
 * @param rounds       rounds merged.
 * @param warmupSeen   warm-up failovers seen and discarded.
 * @param warmupMissed warm-up failovers missed and discarded.
 * @param seen         measured failovers seen.
 * @param missed       measured failovers missed.
 * @param untimed      measured failovers seen without a latency.
 * @param negative     negative latencies recorded as 0.
 * @param stalls       publisher stalls reported.
 * @param latencies    one series per span timed, the listener's (what the application experiences) first.
 */
public record StrategyResult(String name, int rounds, long warmupSeen, long warmupMissed, long seen, long missed,
    long untimed, long negative, long stalls, List<LatencySeries> latencies)
{
    /**
     * @param name   the poller's name.
     * @param rounds its rounds.
     * @return the merged result.
     */
    static StrategyResult of(final String name, final List<RoundSamples> rounds)
    {
        final long[] detected = concat(rounds, RoundSamples::detectedNs);
        final List<LatencySeries> latencies = List.of(
            LatencySeries.of(LatencySeries.LISTENER_ENTRY, concat(rounds, RoundSamples::listenerNs), detected),
            LatencySeries.of(LatencySeries.WORD0_SEEN, concat(rounds, RoundSamples::word0Ns), detected),
            LatencySeries.of(LatencySeries.HANDOFF, concat(rounds, RoundSamples::handoffNs),
                concat(rounds, RoundSamples::handoffDetectedNs)));
        return new StrategyResult(name, rounds.size(), sum(rounds, RoundSamples::warmupSeen),
            sum(rounds, RoundSamples::warmupMissed), sum(rounds, RoundSamples::seen), sum(rounds, RoundSamples::missed),
            sum(rounds, RoundSamples::untimed), sum(rounds, RoundSamples::negative), sum(rounds, RoundSamples::stalls),
            latencies);
    }

    private static long[] concat(final List<RoundSamples> rounds, final Function<RoundSamples, long[]> field)
    {
        int total = 0;
        for (final RoundSamples round : rounds)
        {
            total += field.apply(round).length;
        }
        final long[] all = new long[total];
        int at = 0;
        for (final RoundSamples round : rounds)
        {
            final long[] part = field.apply(round);
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static long sum(final List<RoundSamples> rounds, final ToLongFunction<RoundSamples> field)
    {
        long sum = 0;
        for (final RoundSamples round : rounds)
        {
            sum += field.applyAsLong(round);
        }
        return sum;
    }
}
