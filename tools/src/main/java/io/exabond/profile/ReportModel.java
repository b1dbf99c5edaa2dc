package io.exabond.profile;

import io.exabond.sysfs.BridgeTerm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report of one profile run, computed once from a {@link ProfileResult}: every figure that the text report,
 * {@code summary.json} and {@code report.html} show. The renderers ({@link TextReport}, {@link SummaryJson},
 * {@link HtmlReport}) only read it, so a new figure is computed here, once, and then shown by each of them.
 *
 * @param machine        the machine, its clock and its load.
 * @param floor          the cache-line floor that every latency is compared with.
 * @param run            what was run, against which publisher.
 * @param warmup         the failovers the strategies discarded.
 * @param kinds          the latency series measured, in the order the reports show them (word 0 seen first).
 * @param strategies     one row per idle strategy, in the order asked.
 * @param comparison     the Java/C comparison, or null when it was not run.
 * @param firstFailovers the first failovers of fresh JVMs, or null when not measured.
 * @param budget         the whole failover budget.
 * @param goals          the project's goals, judged on this run.
 * @param trigger        a trigger profile's own figures ({@code profile BOND --trigger N}), or null for a profile of
 *                       the publish-to-notice latency.
 */
public record ReportModel(Machine machine, Floor floor, Run run, Warmup warmup, List<LatencySeries.Kind> kinds,
    List<Poller> strategies, Comparison comparison, FirstFailovers firstFailovers, Budget budget, List<Goal> goals,
    Trigger trigger)
{
    /** The percentiles every table shows; each latency also shows its {@link #MAX}. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};
    /** The label of the largest latency, after the percentiles. */
    public static final String MAX = "max";

    /**
     * The machine, as every published figure must name it.
     *
     * @param nproc       CPUs online.
     * @param cpuModel    from {@code /proc/cpuinfo}.
     * @param kernel      {@code uname -r}.
     * @param jdk         the profiler's JVM.
     * @param clocksource the kernel's clock source behind {@code CLOCK_MONOTONIC}.
     * @param clockReadNs the cost of one {@link System#nanoTime()} read, which every latency includes.
     * @param loadAtStart the load averages at the start.
     * @param loadAtEnd   the load averages at the end.
     */
    public record Machine(int nproc, String cpuModel, String kernel, String jdk, String clocksource,
        double clockReadNs, String loadAtStart, String loadAtEnd)
    {
    }

    /**
     * The one-way time of a cache line between two processes: no poller can be faster.
     *
     * @param oneWayNs           the median batch's round trip / 2.
     * @param fastestBatchNs     the fastest batch's round trip / 2.
     * @param batches            batches timed.
     * @param roundTripsPerBatch round trips per batch.
     */
    public record Floor(double oneWayNs, double fastestBatchNs, int batches, int roundTripsPerBatch)
    {
        /**
         * @param ns a latency.
         * @return it as a multiple of the floor, NaN when there is no floor.
         */
        public double multiple(final long ns)
        {
            return oneWayNs > 0 ? ns / oneWayNs : Double.NaN;
        }
    }

    /**
     * What was run.
     *
     * @param command      the command as typed.
     * @param publisher    who published.
     * @param page         the page polled.
     * @param timed        the page has a status block, so latencies exist.
     * @param flips        failovers measured per strategy.
     * @param gapMinUs     shortest gap between the simulator's failovers.
     * @param gapMaxUs     longest gap.
     * @param publisherCpu the publishing thread's CPU, -1 when not pinned.
     * @param pollerCpu    the polling thread's CPU, -1 when not pinned.
     * @param elapsedMs    wall time of the run.
     */
    public record Run(String command, String publisher, String page, boolean timed, long flips, long gapMinUs,
        long gapMaxUs, int publisherCpu, int pollerCpu, long elapsedMs)
    {
    }

    /**
     * The failovers discarded at the start of each strategy's round (each poller's own are in its row).
     *
     * @param perStrategy        asked per strategy.
     * @param seen               seen and discarded, over the strategies.
     * @param missed             missed and discarded, over the strategies.
     * @param perComparisonRound discarded at the start of every round of the Java/C comparison, on both sides; 0
     *                           without one.
     */
    public record Warmup(long perStrategy, long seen, long missed, long perComparisonRound)
    {
    }

    /**
     * One row of the tables: a poller, how its failovers were accounted for, and its latencies.
     *
     * @param name         e.g. {@code spin} or {@code c-spin}.
     * @param asked        failovers it was asked to measure.
     * @param seen         measured failovers seen, timed or not.
     * @param missed       measured failovers never seen as a change of word 0.
     * @param untimed      measured failovers seen without a latency.
     * @param warmupSeen   warm-up failovers seen.
     * @param warmupMissed warm-up failovers missed.
     * @param negative     negative latencies recorded as 0.
     * @param stalls       times the publisher looked stalled.
     * @param latencies    one distribution per series it measured, in the order of {@link ReportModel#kinds()}.
     */
    public record Poller(String name, long asked, long seen, long missed, long untimed, long warmupSeen,
        long warmupMissed, long negative, long stalls, List<Latency> latencies)
    {
        /**
         * @return the first series, publish to listener entry (what the application experiences), which every poller
         * measures: the one the tables lead with, the Java/C comparison compares and the budget counts.
         */
        public Latency primary()
        {
            return latencies.getFirst();
        }

        /**
         * @param kind a series.
         * @return this poller's distribution of it, or null when it does not measure it.
         */
        public Latency latency(final LatencySeries.Kind kind)
        {
            for (final Latency latency : latencies)
            {
                if (latency.kind().equals(kind))
                {
                    return latency;
                }
            }
            return null;
        }

        /**
         * @return whether it ran out of time before every failover asked was seen or missed.
         */
        public boolean shortOfAsked()
        {
            return seen + missed < asked;
        }

        /**
         * @return whether its figures need a second look: it missed failovers, timed fewer than asked, recorded
         *         negative latencies, or saw the publisher stall.
         */
        public boolean flagged()
        {
            return missed > 0 || primary().count() < asked || negative > 0 || stalls > 0;
        }
    }

    /**
     * One latency distribution of a poller.
     *
     * @param kind        what is timed.
     * @param count       latencies recorded.
     * @param meanNs      their mean.
     * @param percentiles {@link #PERCENTILES}, then {@link #MAX}.
     * @param series      the latencies themselves, for the charts and the {@code .hgrm} files.
     */
    public record Latency(LatencySeries.Kind kind, long count, double meanNs, List<Percentile> percentiles,
        LatencySeries series)
    {
        /**
         * @param label e.g. {@code p99.9} or {@code max}.
         * @return that percentile.
         * @throws IllegalArgumentException for a label the tables do not show.
         */
        public Percentile at(final String label)
        {
            for (final Percentile percentile : percentiles)
            {
                if (percentile.label().equals(label))
                {
                    return percentile;
                }
            }
            throw new IllegalArgumentException("no percentile " + label);
        }
    }

    /**
     * One cell of the tables.
     *
     * @param label         e.g. {@code p50}, {@code p99.99} or {@code max}.
     * @param ns            the latency, 0 when nothing was recorded.
     * @param floorMultiple the latency over the floor, NaN without a floor.
     */
    public record Percentile(String label, long ns, double floorMultiple)
    {
    }

    /**
     * The Java busy-spin poller against the C poller, same publisher, alternating rounds.
     *
     * @param rounds       rounds of each side.
     * @param roundWarmup  failovers discarded at the start of every round, on both sides.
     * @param java         the Java side.
     * @param c            the C side.
     * @param ratios       Java over C for each label of the word-0 series; NaN where C's is 0.
     * @param otherThreads context switches of the Java poller's JVM's other threads during its rounds, by kind of
     *                     thread.
     */
    public record Comparison(int rounds, long roundWarmup, Poller java, Poller c, List<Ratio> ratios,
        Map<String, Long> otherThreads)
    {
        /**
         * @param label e.g. {@code p50}.
         * @return Java's latency over C's there, NaN when C's is 0.
         */
        public double ratio(final String label)
        {
            for (final Ratio ratio : ratios)
            {
                if (ratio.label().equals(label))
                {
                    return ratio.javaOverC();
                }
            }
            throw new IllegalArgumentException("no percentile " + label);
        }
    }

    /**
     * Java's latency over C's at one label of the tables.
     *
     * @param label     e.g. {@code p50} or {@code max}.
     * @param javaOverC the ratio, NaN where C's is 0.
     */
    public record Ratio(String label, double javaOverC)
    {
    }

    /**
     * The first failover after start in fresh JVMs.
     *
     * @param warm            whether they kept the poller's default warm-up.
     * @param settleMs        how long each polled an unchanging page before its failover.
     * @param latenciesNs     each JVM's latency in order, -1 when untimed.
     * @param missedBefore    each JVM's failovers missed before it.
     * @param medianNs        median of the timed ones, -1 when none.
     * @param minNs           the fastest, -1 when none.
     * @param maxNs           the slowest, -1 when none.
     * @param startupMedianMs median JVM uptime when the poller went live.
     * @param steadySpinP99Ns the steady-state busy-spin p99 of this run, -1 when unmeasured.
     */
    public record FirstFailovers(boolean warm, long settleMs, List<Long> latenciesNs, List<Long> missedBefore,
        long medianNs, long minNs, long maxNs, long startupMedianMs, long steadySpinP99Ns)
    {
        /**
         * @return JVMs whose failover had no latency.
         */
        public long untimed()
        {
            return latenciesNs.stream().filter(l -> l < 0).count();
        }

        /**
         * @return failovers missed before the measured one, over all JVMs.
         */
        public long missed()
        {
            return missedBefore.stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Everything between a link going down and an application knowing: what a user waits for.
     *
     * @param miimonMs            the bond's miimon, from the block, -1 unknown.
     * @param arpIntervalMs       the bond's arp_interval, -1 unknown.
     * @param bondingDetectionMs  the smaller monitor that is on, 0 when none is, -1 unknown.
     * @param monitorIntervalMs   the publisher's monitor interval from the block, -1 unknown.
     * @param bridge              the bridge's own term kept beside an attached page, or null.
     * @param publisherTermMs     the publisher's term: the bridge's bound, else the monitor interval; -1 unknown.
     * @param publisherTermName   what that term is, e.g. "exasock monitor interval".
     * @param publisherTermSource where it comes from.
     * @param pollDelayNs         the poll delay: the busy-spin p99, else the best p99 measured; -1 when none.
     * @param pollDelayFrom       the poller whose p99 that is, or null.
     */
    public record Budget(int miimonMs, int arpIntervalMs, int bondingDetectionMs, int monitorIntervalMs,
        BridgeTerm bridge, double publisherTermMs, String publisherTermName, String publisherTermSource,
        long pollDelayNs, String pollDelayFrom)
    {
        /**
         * @return the sum of the three terms in ms, NaN when one of them is unknown or not bounded.
         */
        public double totalMs()
        {
            return bondingDetectionMs > 0 && publisherTermMs > 0 && pollDelayNs > 0 ?
                bondingDetectionMs + publisherTermMs + pollDelayNs / 1e6 : Double.NaN;
        }
    }

    /**
     * What a trigger profile did to a real bond, beyond its latency series (which are the tables' one poller): how
     * many failovers reached the listener, what was put back, and the measured chain beside doctor's prediction.
     *
     * @param kind           {@code active-slave} or {@code carrier}.
     * @param bond           the bond failed over.
     * @param page           the page polled.
     * @param publisher      who publishes the page, in words.
     * @param hasBlock       the page has a status block, so the publisher's own time is measured.
     * @param slaves         the bond's slaves at the start.
     * @param originalActive its active slave at the start.
     * @param asked          failovers asked for, after the warm-up.
     * @param made           failovers made, warm-up included.
     * @param seen           measured failovers that reached the listener.
     * @param timeouts       measured failovers that did not within the timeout (the tables count them as missed).
     * @param warmup         warm-up failovers asked for.
     * @param warmupSeen     warm-up failovers that reached the listener.
     * @param warmupTimeouts warm-up failovers that did not.
     * @param pollerMissed   failovers the poller reported missed (generation jumps).
     * @param timeoutMs      the timeout, ms.
     * @param gapMinMs       shortest random gap before a failover, ms.
     * @param gapMaxMs       longest, ms.
     * @param idle           the poller's idle strategy.
     * @param interrupted    a signal stopped the run early.
     * @param restored       what the end of the run put back, one sentence each.
     * @param predictedMs    doctor's bound for the whole chain of this kind of failover, ms; NaN when unbounded.
     * @param slowestAfterTriggerNs the longest time from a trigger's return to its listener's entry, ns; -1 for none:
     *                       what doctor's bound is judged against.
     * @param chain          the chain term by term: doctor's prediction beside what was measured.
     */
    public record Trigger(String kind, String bond, String page, String publisher, boolean hasBlock,
        List<String> slaves, String originalActive, long asked, long made, long seen, long timeouts, long warmup,
        long warmupSeen, long warmupTimeouts, long pollerMissed, long timeoutMs, long gapMinMs, long gapMaxMs,
        String idle, boolean interrupted, List<String> restored, double predictedMs, long slowestAfterTriggerNs,
        List<ChainTerm> chain)
    {
    }

    /**
     * One term of a failover's chain: what doctor predicts for it and what a trigger profile measured of it.
     *
     * @param term        the term, e.g. "bonding driver detection".
     * @param predicted   doctor's bound in words, e.g. "up to 100 ms (one miimon)".
     * @param predictedMs that bound in ms; NaN when doctor has no such term or no bound.
     * @param measured    the series measured for it, or null when it cannot be measured apart.
     * @param note        how prediction and measurement relate here.
     */
    public record ChainTerm(String term, String predicted, double predictedMs, Latency measured, String note)
    {
    }

    /**
     * @param result what was measured.
     * @return the report of it.
     */
    public static ReportModel of(final ProfileResult result)
    {
        return ReportModelBuilder.build(result);
    }

    /**
     * @param result what a trigger profile measured.
     * @return the report of it.
     */
    public static ReportModel of(final TriggerResult result)
    {
        return TriggerReportBuilder.build(result);
    }

    /**
     * @return every poller: the strategies, then the comparison's Java and C sides.
     */
    public List<Poller> pollers()
    {
        final List<Poller> all = new ArrayList<>(strategies);
        if (comparison != null)
        {
            all.add(comparison.java());
            all.add(comparison.c());
        }
        return all;
    }

    /**
     * @param kind a series.
     * @return the pollers that measured it, each with its distribution, in {@link #pollers()} order.
     */
    public List<Poller> pollersWith(final LatencySeries.Kind kind)
    {
        return pollers().stream().filter(p -> p.latency(kind) != null).toList();
    }

    /**
     * @param percentile e.g. 99.9.
     * @return its label in the tables and in {@code summary.json}, e.g. {@code p99.9}.
     */
    static String label(final double percentile)
    {
        return "p" + (percentile == Math.rint(percentile) ? Long.toString((long)percentile) :
            Double.toString(percentile));
    }
}
