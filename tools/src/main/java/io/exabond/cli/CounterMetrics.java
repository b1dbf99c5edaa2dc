package io.exabond.cli;

import io.exabond.counters.CounterType;
import io.exabond.counters.ProcessCounters;
import io.exabond.sysfs.InterfaceName;
import io.exabond.sysfs.CountersScan;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The counters that the live processes of a page keep in their counters files ({@link CountersScan}) as Prometheus
 * metrics, beside the page's own ({@link BondMetrics}): per poller (labels {@code bond}, {@code pid}, {@code role})
 * its failovers, missed failovers, stalls, releases, last latency and last poll; per bridge ({@code bond},
 * {@code pid}) its passes, overruns, mode, interval and reaction; per simulator its failovers and last write. A
 * process that no longer runs is not exported: its counters stopped when it died and would read as a poller that
 * polls and sees nothing.
 * <p>
 * Durations are in seconds, Prometheus's base unit (a double holds a count of nanoseconds exactly up to 2^53 ns, 104
 * days); times are Unix timestamps converted from {@code CLOCK_MONOTONIC} as {@link BondMetrics} converts the page's.
 * A value the writer has not set yet (a latency before the first timed failover, a heartbeat of 0) is left out.
 */
final class CounterMetrics
{
    private static final String PER_POLLER = " Per process (pid) and poller (role), from the process's counters " +
        "file; absent once the process has ended.";
    private static final String PER_BRIDGE = " From the bridge's counters file; absent once it has ended.";

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final String bond;
    private final long epochOffsetNs;

    private CounterMetrics(final String bond, final long epochOffsetNs)
    {
        this.bond = InterfaceName.printable(bond);
        this.epochOffsetNs = epochOffsetNs;
    }

    /**
     * @param scan          the counters files read for the page.
     * @param bond          the {@code bond} label value of the page's metrics (the series join on it).
     * @param epochOffsetNs {@link BondMetrics#epochOffsetNs()} at about the time of the read.
     * @return the metrics of the page's live processes, by family.
     */
    static List<MetricSnapshot> of(final CountersScan scan, final String bond, final long epochOffsetNs)
    {
        final CounterMetrics metrics = new CounterMetrics(bond, epochOffsetNs);
        for (final ProcessCounters process : scan.live())
        {
            metrics.process(process, scan.countersOf(process));
        }
        final List<MetricSnapshot> snapshots = new ArrayList<>();
        for (final Family family : metrics.families.values())
        {
            snapshots.add(family.snapshot());
        }
        return snapshots;
    }

    /**
     * @param label a poller's counter's label, {@code "WHAT BOND (PAGE) ROLE"}, or its heartbeat's,
     *              {@code "heartbeat ROLE"}.
     * @return the poller's role name, or "" when the label does not have one.
     */
    static String role(final String label)
    {
        if (label.startsWith("heartbeat "))
        {
            return label.substring("heartbeat ".length());
        }
        final int end = label.lastIndexOf(") ");
        return end < 0 ? "" : label.substring(end + 2);
    }

    private void process(final ProcessCounters process, final List<ProcessCounters.Counter> ofPage)
    {
        final String pid = Long.toString(process.pid());
        final Labels labels = Labels.of("bond", bond, "pid", pid);
        final Set<String> roles = new HashSet<>();
        for (final ProcessCounters.Counter counter : ofPage)
        {
            final CounterType type = counter.type();
            if (type == null || type == CounterType.POLLER_HEARTBEAT)
            {
                continue;
            }
            final String role = role(counter.label());
            if (type.name().startsWith("POLLER_"))
            {
                roles.add(role);
            }
            final Labels poller = Labels.of("bond", bond, "pid", pid, "role", InterfaceName.printable(role));
            final long value = counter.value();
            switch (type)
            {
                case POLLER_FAILOVERS -> count("exabond_poller_failovers", "Failovers the poller's listener was " +
                    "told of." + PER_POLLER, poller, value);
                case POLLER_MISSED -> count("exabond_poller_missed", "Failovers published and not seen by the " +
                    "poller (generation jumps): its listener was not told of them." + PER_POLLER, poller, value);
                case POLLER_STALLS -> count("exabond_poller_stalls", "Times the poller found the page's publisher " +
                    "stalled." + PER_POLLER, poller, value);
                case POLLER_RELEASES -> count("exabond_poller_releases", "Times the poller saw the bond's page " +
                    "released (its node removed or replaced)." + PER_POLLER, poller, value);
                case POLLER_LAST_LATENCY -> duration("exabond_poller_last_latency_seconds", "From the publisher's " +
                    "changed_ns to the poller's detection of the last timed failover (CLOCK_MONOTONIC, ns " +
                    "resolution); absent before the first." + PER_POLLER, poller, value);
                case BRIDGE_HEARTBEAT -> time("exabond_bridge_last_pass_timestamp_seconds", "When the bridge last " +
                    "passed over the bond in sysfs, Unix time (converted as exabond_heartbeat_timestamp_seconds)." +
                    PER_BRIDGE, labels, value);
                case BRIDGE_PASSES -> count("exabond_bridge_passes", "Passes of the bridge over the bond in sysfs." +
                    PER_BRIDGE, labels, value);
                case BRIDGE_OVERRUNS -> count("exabond_bridge_overruns", "Times the bridge's rtnetlink socket " +
                    "overran (ENOBUFS: messages lost, sysfs re-read at once)." + PER_BRIDGE, labels, value);
                case BRIDGE_EVENT_DRIVEN -> gauge("exabond_bridge_event_driven", "1 when the bridge reacts to " +
                    "rtnetlink events, 0 when it polls sysfs." + PER_BRIDGE, labels, value);
                case BRIDGE_INTERVAL -> gauge("exabond_bridge_interval_seconds", "The bridge's monitor interval: " +
                    "between heartbeats, and between passes when it polls." + PER_BRIDGE, labels, value / 1e3);
                case BRIDGE_RESYNC -> gauge("exabond_bridge_resync_seconds", "The event-driven bridge's full re-read " +
                    "period, which bounds a change no rtnetlink message announced." + PER_BRIDGE, labels, value / 1e3);
                case BRIDGE_REACTIONS -> count("exabond_bridge_reactions", "Failovers whose reaction (rtnetlink " +
                    "message received to word 0 stored) the event-driven bridge timed." + PER_BRIDGE, labels, value);
                case BRIDGE_REACTION_P50 -> duration("exabond_bridge_reaction_p50_seconds", reactionHelp("Median"),
                    labels, value);
                case BRIDGE_REACTION_P99 -> duration("exabond_bridge_reaction_p99_seconds",
                    reactionHelp("99th percentile"), labels, value);
                case BRIDGE_REACTION_MAX -> duration("exabond_bridge_reaction_max_seconds", reactionHelp("Longest"),
                    labels, value);
                case SIMULATOR_FAILOVERS -> count("exabond_simulator_failovers", "Failovers the simulator published, " +
                    "on every page it made. From its counters file; absent once it has ended.", labels, value);
                case SIMULATOR_HEARTBEAT -> time("exabond_simulator_last_write_timestamp_seconds", "When the " +
                    "simulator last wrote its page, Unix time. From its counters file; absent once it has ended.",
                    labels, value);
                default ->
                {
                    // A type without a metric yet: exabond stat shows it.
                }
            }
        }
        // The heartbeat is the poller's, not a bond's: found by the role of the page's counters, whichever bond the
        // poller lists first (its heartbeat's key).
        for (final ProcessCounters.Counter counter : process.counters())
        {
            if (counter.type() == CounterType.POLLER_HEARTBEAT && roles.contains(role(counter.label())))
            {
                time("exabond_poller_last_poll_timestamp_seconds", "When the poller's duty cycle last read the " +
                    "clock, Unix time (converted as exabond_heartbeat_timestamp_seconds): it stops moving when the " +
                    "poller stops polling." + PER_POLLER, Labels.of("bond", bond, "pid", pid, "role",
                    InterfaceName.printable(role(counter.label()))), counter.value());
            }
        }
    }

    private static String reactionHelp(final String which)
    {
        return which + " reaction of the event-driven bridge (rtnetlink message received to word 0 stored) over its " +
            "last 1024 timed failovers, published at most once a second; absent before the first." + PER_BRIDGE;
    }

    private void count(final String name, final String help, final Labels labels, final long value)
    {
        if (value >= 0)
        {
            family(name, help, true).add(labels, value);
        }
    }

    private void gauge(final String name, final String help, final Labels labels, final double value)
    {
        family(name, help, false).add(labels, value);
    }

    private void duration(final String name, final String help, final Labels labels, final long ns)
    {
        if (ns >= 0)
        {
            gauge(name, help, labels, ns / 1e9);
        }
    }

    private void time(final String name, final String help, final Labels labels, final long monotonicNs)
    {
        if (monotonicNs != 0)
        {
            gauge(name, help, labels, BondMetrics.seconds(monotonicNs + epochOffsetNs));
        }
    }

    private Family family(final String name, final String help, final boolean counter)
    {
        return families.computeIfAbsent(name, n -> new Family(n, help, counter));
    }

    /**
     * One family's samples. A family holds one sample per labels: a repeated one (two pollers of one role in one
     * process) keeps the first.
     */
    private static final class Family
    {
        private final String name;
        private final String help;
        private final boolean counter;
        private final Map<Labels, Double> points = new LinkedHashMap<>();

        Family(final String name, final String help, final boolean counter)
        {
            this.name = name;
            this.help = help;
            this.counter = counter;
        }

        void add(final Labels labels, final double value)
        {
            points.putIfAbsent(labels, value);
        }

        MetricSnapshot snapshot()
        {
            if (counter)
            {
                final CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
                points.forEach((labels, value) ->
                    builder.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
                return builder.build();
            }
            final GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
            points.forEach((labels, value) ->
                builder.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
            return builder.build();
        }
    }
}
