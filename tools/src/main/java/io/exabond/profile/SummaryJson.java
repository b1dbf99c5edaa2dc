package io.exabond.profile;

import io.exabond.json.Json;
import io.exabond.sysfs.BridgeTerm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: the {@link ReportModel} for scripts. Its fields are described in docs/profiling.md; a field
 * that changes meaning or goes away raises {@link #FORMAT_VERSION}.
 */
final class SummaryJson
{
    /** The version of the fields below; 1 was the unversioned file with goals as sentences. */
    static final int FORMAT_VERSION = 2;

    private SummaryJson()
    {
    }

    /**
     * @param model the report.
     * @return the JSON text, indented, ending with a newline.
     */
    static String write(final ReportModel model)
    {
        final ReportModel.Machine m = model.machine();
        final ReportModel.Run run = model.run();
        final Json root = new Json()
            .field("format_version", FORMAT_VERSION)
            .field("machine", new Json()
                .field("nproc", m.nproc())
                .field("cpu_model", m.cpuModel())
                .field("kernel", m.kernel())
                .field("jdk", m.jdk())
                .field("load_average_start", m.loadAtStart())
                .field("load_average_end", m.loadAtEnd()))
            .field("clock", new Json()
                .field("clock", "CLOCK_MONOTONIC (System.nanoTime() in Java, clock_gettime in C and in the publisher)")
                .field("clocksource", m.clocksource())
                .field("read_ns", m.clockReadNs()))
            .field("floor", new Json()
                .field("one_way_ns", model.floor().oneWayNs())
                .field("fastest_batch_one_way_ns", model.floor().fastestBatchNs())
                .field("method", "cache-line ping-pong between two processes, round trip / 2, median of batches")
                .field("batches", model.floor().batches())
                .field("round_trips_per_batch", model.floor().roundTripsPerBatch()))
            .field("run", new Json()
                .field("command", run.command())
                .field("publisher", run.publisher())
                .field("page", run.page())
                .field("timed", run.timed())
                .field("flips_per_strategy", run.flips())
                .field("gap_us_min", run.gapMinUs())
                .field("gap_us_max", run.gapMaxUs())
                .field("publisher_cpu", run.publisherCpu())
                .field("poller_cpu", run.pollerCpu())
                .field("elapsed_ms", run.elapsedMs()))
            .field("warmup", new Json()
                .field("per_strategy", model.warmup().perStrategy())
                .field("seen_discarded", model.warmup().seen())
                .field("missed_discarded", model.warmup().missed())
                .field("per_comparison_round", model.warmup().perComparisonRound()))
            .array("latency_series", model.kinds().stream()
                .map(k -> new Json().field("id", k.id()).field("title", k.title())).toList())
            .array("strategies", model.strategies().stream().map(SummaryJson::poller).toList());
        final ReportModel.Comparison comparison = model.comparison();
        if (comparison != null)
        {
            final Json ratios = new Json();
            comparison.ratios().forEach(r -> ratios.field(r.label(), r.javaOverC()));
            root.field("compare_c", new Json()
                .field("rounds", comparison.rounds())
                .field("round_warmup", comparison.roundWarmup())
                .field("java", poller(comparison.java()))
                .field("c", poller(comparison.c()))
                .field("java_over_c", ratios)
                .field("java_jvm_other_threads_context_switches", counts(comparison.otherThreads())));
        }
        final ReportModel.FirstFailovers first = model.firstFailovers();
        if (first != null)
        {
            root.field("first_failover", new Json()
                .field("warm_up", first.warm())
                .field("settle_ms", first.settleMs())
                .field("jvms", first.latenciesNs().size())
                .field("median_ns", first.medianNs())
                .field("min_ns", first.minNs())
                .field("max_ns", first.maxNs())
                .field("untimed", first.untimed())
                .numbers("latencies_ns", first.latenciesNs())
                .numbers("missed_before", first.missedBefore())
                .field("startup_median_ms", first.startupMedianMs())
                .field("steady_spin_p99_ns", first.steadySpinP99Ns()));
        }
        if (model.trigger() != null)
        {
            root.field("trigger", trigger(model.trigger(), model.strategies().getFirst()));
        }
        return root
            .field("budget", budget(model.budget()))
            .array("goals", goals(model.goals()))
            .toIndentedString();
    }

    private static Json poller(final ReportModel.Poller p)
    {
        final Json latencies = new Json();
        for (final ReportModel.Latency latency : p.latencies())
        {
            final Json ns = new Json();
            final Json multiples = new Json();
            for (final ReportModel.Percentile percentile : latency.percentiles())
            {
                ns.field(percentile.label(), percentile.ns());
                multiples.field(percentile.label(), percentile.floorMultiple());
            }
            latencies.field(latency.kind().id(), new Json()
                .field("title", latency.kind().title())
                .field("count", latency.count())
                .field("mean_ns", latency.meanNs())
                .field("percentiles_ns", ns)
                .field("floor_multiples", multiples));
        }
        return new Json()
            .field("name", p.name())
            .field("asked", p.asked())
            .field("count", p.primary().count())
            .field("missed", p.missed())
            .field("untimed", p.untimed())
            .field("warmup_seen", p.warmupSeen())
            .field("warmup_missed", p.warmupMissed())
            .field("negative", p.negative())
            .field("stalls", p.stalls())
            .field("flagged", p.flagged())
            .field("latencies", latencies);
    }

    private static Json trigger(final ReportModel.Trigger t, final ReportModel.Poller poller)
    {
        final List<Json> chain = new ArrayList<>();
        for (final ReportModel.ChainTerm term : t.chain())
        {
            chain.add(new Json()
                .field("term", term.term())
                .field("predicted", term.predicted())
                .field("predicted_ms", term.predictedMs())
                .field("measured_series", term.measured() == null ? null : term.measured().kind().id())
                .field("measured_ns", term.measured() == null ? null : percentiles(term.measured()))
                .field("note", term.note()));
        }
        return new Json()
            .field("kind", t.kind())
            .field("bond", t.bond())
            .field("page", t.page())
            .field("publisher", t.publisher())
            .field("page_has_block", t.hasBlock())
            .strings("slaves", t.slaves())
            .field("original_active_slave", t.originalActive())
            .field("asked", t.asked())
            .field("made", t.made())
            .field("seen", t.seen())
            .field("timeouts", t.timeouts())
            .field("warmup", t.warmup())
            .field("warmup_seen", t.warmupSeen())
            .field("warmup_timeouts", t.warmupTimeouts())
            .field("poller_missed", t.pollerMissed())
            .field("timeout_ms", t.timeoutMs())
            .field("gap_ms_min", t.gapMinMs())
            .field("gap_ms_max", t.gapMaxMs())
            .field("idle", t.idle())
            .field("interrupted", t.interrupted())
            .strings("restored", t.restored())
            .field("trigger_to_listener_ns", percentiles(poller.latency(TriggerSeries.TO_LISTENER)))
            .field("trigger_share_ns", percentiles(poller.latency(TriggerSeries.TRIGGER_CALL)))
            .field("predicted_ms", t.predictedMs())
            .field("slowest_after_trigger_returned_ns", t.slowestAfterTriggerNs())
            .array("chain", chain);
    }

    /**
     * @return {@code p50} ... {@code max} in ns, or null when the series was not measured.
     */
    private static Json percentiles(final ReportModel.Latency latency)
    {
        if (latency == null)
        {
            return null;
        }
        final Json ns = new Json().field("count", latency.count());
        latency.percentiles().forEach(p -> ns.field(p.label(), p.ns()));
        return ns;
    }

    private static Json budget(final ReportModel.Budget budget)
    {
        final Json json = new Json()
            .field("bonding_detection_ms", budget.bondingDetectionMs())
            .field("miimon_ms", budget.miimonMs())
            .field("arp_interval_ms", budget.arpIntervalMs())
            .field("monitor_interval_ms", budget.monitorIntervalMs());
        final BridgeTerm bridge = budget.bridge();
        if (bridge != null)
        {
            json.field("bridge", new Json()
                .field("mode", bridge.eventDriven() ? "events" : "poll")
                .field("failovers", bridge.failovers())
                .field("reaction_p50_ns", bridge.p50Ns())
                .field("reaction_p99_ns", bridge.p99Ns())
                .field("reaction_max_ns", bridge.maxNs())
                .field("resync_ms", bridge.resyncMs()));
        }
        return json
            .field("publisher_term", budget.publisherTermName())
            .field("publisher_term_ms", budget.publisherTermMs())
            .field("poll_delay_p99_ns", budget.pollDelayNs())
            .field("poll_delay_poller", budget.pollDelayFrom())
            .field("total_ms", budget.totalMs());
    }

    private static List<Json> goals(final List<Goal> goals)
    {
        final List<Json> json = new ArrayList<>();
        for (final Goal goal : goals)
        {
            json.add(new Json()
                .field("name", goal.name())
                .field("description", goal.description())
                .field("measured", goal.measured())
                .field("target", goal.target())
                .field("unit", goal.unit())
                .field("met", goal.met())
                .field("note", goal.note()));
        }
        return json;
    }

    private static Json counts(final Map<String, Long> counts)
    {
        final Json json = new Json();
        counts.forEach(json::field);
        return json;
    }
}
