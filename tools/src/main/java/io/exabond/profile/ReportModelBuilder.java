package io.exabond.profile;

import io.exabond.sysfs.BridgeTerm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Computes a {@link ReportModel} from what a run measured: every percentile, ratio, sum and bound, once.
 */
final class ReportModelBuilder
{
    private ReportModelBuilder()
    {
    }

    static ReportModel build(final ProfileResult result)
    {
        final ProfileOptions o = result.options();
        final MachineInfo m = result.machine();
        final ReportModel.Machine machine = new ReportModel.Machine(m.nproc(), m.cpuModel(), m.kernel(), m.jdk(),
            m.clocksource(), result.clockReadNs(), m.loadAverage(), result.loadAtEnd());
        final ReportModel.Floor floor = new ReportModel.Floor(result.floor().oneWayNs(), result.floor().minOneWayNs(),
            result.floor().batches(), result.floor().perBatch());
        final ReportModel.Run run = new ReportModel.Run(o.commandLine(), result.publisher(), result.pagePath(),
            result.timed(), o.flips(), o.gapMinUs(), o.gapMaxUs(), o.publisherCpu(), o.pollerCpu(),
            result.elapsedMs());

        final List<ReportModel.Poller> strategies = new ArrayList<>();
        for (final StrategyResult strategy : result.strategies())
        {
            strategies.add(poller(strategy, o.flips(), floor));
        }
        final ReportModel.Comparison comparison = result.comparison() == null ? null :
            comparison(result.comparison(), o, floor);
        final ReportModel.Warmup warmup = new ReportModel.Warmup(o.warmup(),
            strategies.stream().mapToLong(ReportModel.Poller::warmupSeen).sum(),
            strategies.stream().mapToLong(ReportModel.Poller::warmupMissed).sum(),
            comparison == null ? 0 : comparison.roundWarmup());

        final List<ReportModel.Poller> pollers = new ArrayList<>(strategies);
        if (comparison != null)
        {
            pollers.add(comparison.java());
            pollers.add(comparison.c());
        }
        final Set<LatencySeries.Kind> kinds = new LinkedHashSet<>();
        pollers.forEach(p -> p.latencies().forEach(l -> kinds.add(l.kind())));

        final ReportModel.Poller spin = steadySpin(strategies, comparison);
        final ReportModel.FirstFailovers first = result.firstFailovers().isEmpty() ? null :
            firstFailovers(result.firstFailovers(), o, spin == null ? -1 : spin.primary().at("p99").ns());
        return new ReportModel(machine, floor, run, warmup, List.copyOf(kinds), List.copyOf(strategies), comparison,
            first, budget(result, spin != null ? spin : fastestAtP99(pollers)), Goals.judge(comparison, first, spin),
            null);
    }

    static ReportModel.Poller poller(final StrategyResult s, final long asked, final ReportModel.Floor floor)
    {
        final List<ReportModel.Latency> latencies = new ArrayList<>();
        for (final LatencySeries series : s.latencies())
        {
            latencies.add(latency(series, floor));
        }
        return new ReportModel.Poller(s.name(), asked, s.seen(), s.missed(), s.untimed(), s.warmupSeen(),
            s.warmupMissed(), s.negative(), s.stalls(), List.copyOf(latencies));
    }

    static ReportModel.Latency latency(final LatencySeries series, final ReportModel.Floor floor)
    {
        final List<ReportModel.Percentile> percentiles = new ArrayList<>();
        for (final double p : ReportModel.PERCENTILES)
        {
            final long ns = series.at(p);
            percentiles.add(new ReportModel.Percentile(ReportModel.label(p), ns, floor.multiple(ns)));
        }
        percentiles.add(new ReportModel.Percentile(ReportModel.MAX, series.max(), floor.multiple(series.max())));
        return new ReportModel.Latency(series.kind(), series.count(), series.meanNs(), List.copyOf(percentiles),
            series);
    }

    private static ReportModel.Comparison comparison(final ProfileResult.Comparison measured, final ProfileOptions o,
        final ReportModel.Floor floor)
    {
        // Each side ran --rounds rounds of --flips / --rounds failovers.
        final long asked = (long)o.rounds() * Math.max(1, o.flips() / o.rounds());
        final ReportModel.Poller java = poller(measured.java(), asked, floor);
        final ReportModel.Poller c = poller(measured.c(), asked, floor);
        final List<ReportModel.Ratio> ratios = new ArrayList<>();
        for (final ReportModel.Percentile j : java.primary().percentiles())
        {
            final long cNs = c.primary().at(j.label()).ns();
            ratios.add(new ReportModel.Ratio(j.label(), cNs == 0 ? Double.NaN : j.ns() / (double)cNs));
        }
        return new ReportModel.Comparison(o.rounds(), measured.roundWarmup(), java, c, List.copyOf(ratios),
            Collections.unmodifiableMap(new LinkedHashMap<>(measured.otherThreads())));
    }

    /**
     * @return the steady-state busy-spin poller: the spin strategy, else the comparison's Java side; null when
     *         neither timed a failover.
     */
    private static ReportModel.Poller steadySpin(final List<ReportModel.Poller> strategies,
        final ReportModel.Comparison comparison)
    {
        for (final ReportModel.Poller strategy : strategies)
        {
            if (strategy.name().equals("spin") && strategy.primary().count() > 0)
            {
                return strategy;
            }
        }
        return comparison != null && comparison.java().primary().count() > 0 ? comparison.java() : null;
    }

    private static ReportModel.Poller fastestAtP99(final List<ReportModel.Poller> pollers)
    {
        ReportModel.Poller best = null;
        for (final ReportModel.Poller p : pollers)
        {
            if (p.primary().count() > 0 &&
                (best == null || p.primary().at("p99").ns() < best.primary().at("p99").ns()))
            {
                best = p;
            }
        }
        return best;
    }

    private static ReportModel.FirstFailovers firstFailovers(final List<FirstFailover.Sample> samples,
        final ProfileOptions o, final long spinP99Ns)
    {
        final long[] timed = samples.stream().mapToLong(FirstFailover.Sample::latencyNs).filter(l -> l >= 0).sorted()
            .toArray();
        final long[] startup = samples.stream().mapToLong(FirstFailover.Sample::startupMs).sorted().toArray();
        return new ReportModel.FirstFailovers(o.firstFailoverWarm(), o.firstFailoverSettleMs(),
            samples.stream().map(FirstFailover.Sample::latencyNs).toList(),
            samples.stream().map(FirstFailover.Sample::missed).toList(),
            timed.length == 0 ? -1 : timed[timed.length / 2], timed.length == 0 ? -1 : timed[0],
            timed.length == 0 ? -1 : timed[timed.length - 1], startup[startup.length / 2], spinP99Ns);
    }

    private static ReportModel.Budget budget(final ProfileResult result, final ReportModel.Poller pollDelay)
    {
        final BridgeTerm bridge = result.bridgeTerm();
        final String termName = bridge == null ? "exasock monitor interval" : bridge.measured() ?
            "the event-driven bridge's reaction" : bridge.eventDriven() ? "the event-driven bridge's full re-read" :
                "the polling bridge's interval";
        final String termSource = bridge != null ? bridge.describe() :
            "min(miimon, arp_interval), 0 counting as 200 ms (docs/driver-facts.md)";
        return new ReportModel.Budget(result.miimonMs(), result.arpIntervalMs(),
            bondingDetectionMs(result.miimonMs(), result.arpIntervalMs()), result.monitorMs(), bridge,
            bridge != null ? bridge.boundMs() : result.monitorMs(), termName, termSource,
            pollDelay == null ? -1 : pollDelay.primary().at("p99").ns(), pollDelay == null ? null : pollDelay.name());
    }

    /**
     * @return the bonding driver's own detection bound: the smaller monitor that is on, in ms; 0 when neither is,
     *         -1 when unknown.
     */
    private static int bondingDetectionMs(final int miimonMs, final int arpIntervalMs)
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
