package io.exabond.profile;

import io.exabond.sysfs.BridgeTerm;

import java.util.List;
import java.util.Map;

/**
 * Everything one profiling run measured.
 *
 * @param options         what was asked.
 * @param machine         the machine at the start.
 * @param loadAtEnd       load averages at the end.
 * @param clockReadNs     cost of one {@link System#nanoTime()} read.
 * @param floor           the cache-line one-way time between two processes.
 * @param publisher       who published: the simulator's command, or the attached page.
 * @param pagePath        the page polled.
 * @param timed           the page has a status block, so latencies exist.
 * @param miimonMs        the bond's miimon, from the block (-1 unknown).
 * @param arpIntervalMs   the bond's arp_interval, from the block (-1 unknown).
 * @param monitorMs       the publisher's monitor interval, from the block (-1 unknown).
 * @param bridgeTerm      the bridge's own term, kept beside an attached page by {@code exabond bridge}; null when
 *                        none (the simulator, exasock).
 * @param strategies      one result per idle strategy, in the order asked.
 * @param comparison      Java busy-spin and C in alternating rounds, or null.
 * @param firstFailovers  first failovers of fresh JVMs (empty when not asked).
 * @param elapsedMs       wall time of the run.
 */
public record ProfileResult(
    ProfileOptions options,
    MachineInfo machine,
    String loadAtEnd,
    double clockReadNs,
    PingPong.Floor floor,
    String publisher,
    String pagePath,
    boolean timed,
    int miimonMs,
    int arpIntervalMs,
    int monitorMs,
    BridgeTerm bridgeTerm,
    List<StrategyResult> strategies,
    Comparison comparison,
    List<FirstFailover.Sample> firstFailovers,
    long elapsedMs)
{
    /**
     * The Java busy-spin poller against the C poller, same publisher, alternating rounds.
     *
     * @param java          the Java side.
     * @param c             the C side.
     * @param roundWarmup   failovers discarded at the start of every round, on both sides.
     * @param otherThreads  context switches of the Java poller's JVM's other threads during the Java rounds, by
     *                      kind of thread: what took a CPU the C poller kept.
     */
    public record Comparison(StrategyResult java, StrategyResult c, long roundWarmup, Map<String, Long> otherThreads)
    {
        /**
         * @return {@link #otherThreads()} in one sentence for the reports, most active first, lower case.
         */
        public String otherThreadsText()
        {
            return "other threads of the Java poller's JVM that ran during its rounds (context switches; each took " +
                "a CPU from the poller or the publisher, which the C poller, one thread, never does): " +
                JvmThreadActivity.describe(otherThreads);
        }

        /**
         * @param percentile e.g. 50.
         * @return Java's latency over C's at that percentile, NaN when C has none.
         */
        public double ratio(final double percentile)
        {
            final long c = this.c.at(percentile);
            return c == 0 ? Double.NaN : java.at(percentile) / (double)c;
        }
    }

    /**
     * @return the median latency of the timed first failovers, -1 when there are none.
     */
    public long firstFailoverMedianNs()
    {
        final long[] timed = firstFailovers.stream().mapToLong(FirstFailover.Sample::latencyNs).filter(l -> l >= 0)
            .sorted().toArray();
        return timed.length == 0 ? -1 : timed[timed.length / 2];
    }

    /**
     * @return the steady-state busy-spin p99 in ns (from the strategy table, else the comparison), -1 when unmeasured.
     */
    public long spinP99Ns()
    {
        for (final StrategyResult strategy : strategies)
        {
            if (strategy.name().equals("spin") && strategy.count() > 0)
            {
                return strategy.at(99);
            }
        }
        return comparison != null && comparison.java().count() > 0 ? comparison.java().at(99) : -1;
    }

    /**
     * @return the publisher's term of the failover budget in ms: a bridge's own ({@link BridgeTerm#boundMs()}),
     *         else the monitor interval (-1 unknown).
     */
    public double publisherTermMs()
    {
        return bridgeTerm != null ? bridgeTerm.boundMs() : monitorMs;
    }

    /**
     * @return what {@link #publisherTermMs()} is, in a budget's words.
     */
    public String publisherTermSource()
    {
        if (bridgeTerm != null)
        {
            return bridgeTerm.describe();
        }
        return "min(miimon, arp_interval), 0 counting as 200 ms (docs/driver-facts.md)";
    }

    /**
     * @return the bonding driver's own detection bound: the smaller monitor that is on, in ms, -1 when unknown.
     */
    public int bondingDetectionMs()
    {
        if (miimonMs < 0)
        {
            return -1;
        }
        if (miimonMs > 0 && arpIntervalMs > 0)
        {
            return Math.min(miimonMs, arpIntervalMs);
        }
        return Math.max(miimonMs, arpIntervalMs);
    }
}
