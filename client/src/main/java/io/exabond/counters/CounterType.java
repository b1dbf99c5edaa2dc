package io.exabond.counters;

/**
 * What a counter in a counters file counts: its Agrona type id, and the name tools show and export. Times are
 * {@code CLOCK_MONOTONIC} nanoseconds ({@code System.nanoTime()}), comparable across the processes of one host.
 */
public enum CounterType
{
    /** When the poller's duty cycle last read the clock: it stops moving when the poller stops polling. */
    POLLER_HEARTBEAT(1, "poller_heartbeat_ns", "CLOCK_MONOTONIC ns of the poller's last clock read in its duty cycle"),
    /** Failovers the poller's listener was told of. */
    POLLER_FAILOVERS(2, "poller_failovers", "failovers told to the listener"),
    /** Failovers known missed (generation jumps). */
    POLLER_MISSED(3, "poller_missed", "failovers published and not seen (generation jumps)"),
    /** Stalls of the publisher. */
    POLLER_STALLS(4, "poller_stalls", "times the page's publisher was found stalled"),
    /** Releases of the bond's page. */
    POLLER_RELEASES(5, "poller_releases", "times the bond's page was released (node removed or replaced)"),
    /** Publish-to-detection latency of the last timed failover. */
    POLLER_LAST_LATENCY(6, "poller_last_latency_ns",
        "ns from the publisher's changed_ns to detection of the last timed failover, -1 before one"),
    /** When the bridge last passed over its bond. */
    BRIDGE_HEARTBEAT(10, "bridge_heartbeat_ns", "CLOCK_MONOTONIC ns of the bridge's last pass"),
    /** Passes of the bridge over sysfs. */
    BRIDGE_PASSES(11, "bridge_passes", "passes over the bond in sysfs"),
    /** Overruns of the event-driven bridge's rtnetlink socket. */
    BRIDGE_OVERRUNS(12, "bridge_overruns",
        "times the rtnetlink socket overran (ENOBUFS: messages lost, sysfs re-read)"),
    /** 1 when the bridge reacts to rtnetlink events, 0 when it polls. */
    BRIDGE_EVENT_DRIVEN(13, "bridge_event_driven", "1 when the bridge reacts to rtnetlink events, 0 when it polls"),
    /** The bridge's polling interval. */
    BRIDGE_INTERVAL(14, "bridge_interval_ms", "the bridge's interval in ms"),
    /** The bridge's full re-read period. */
    BRIDGE_RESYNC(15, "bridge_resync_ms", "the event-driven bridge's full re-read period in ms"),
    /** Failovers whose reaction the bridge timed. */
    BRIDGE_REACTIONS(16, "bridge_reactions", "failovers whose reaction (message to word 0) the bridge timed"),
    /** Median reaction. */
    BRIDGE_REACTION_P50(17, "bridge_reaction_p50_ns", "median reaction over the last 1024 timed failovers"),
    /** 99th percentile reaction. */
    BRIDGE_REACTION_P99(18, "bridge_reaction_p99_ns", "99th percentile reaction over the last 1024"),
    /** Longest reaction. */
    BRIDGE_REACTION_MAX(19, "bridge_reaction_max_ns", "longest reaction over the last 1024"),
    /** Failovers the simulator published. */
    SIMULATOR_FAILOVERS(30, "simulator_failovers", "failovers the simulator published"),
    /** When the simulator last wrote its page. */
    SIMULATOR_HEARTBEAT(31, "simulator_heartbeat_ns", "CLOCK_MONOTONIC ns of the simulator's last write");

    private final int id;
    private final String metricName;
    private final String help;

    CounterType(final int id, final String metricName, final String help)
    {
        this.id = id;
        this.metricName = metricName;
        this.help = help;
    }

    /**
     * @return the Agrona type id stored with the counter.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the counter's name for tools and metrics, e.g. {@code poller_failovers}.
     */
    public String metricName()
    {
        return metricName;
    }

    /**
     * @return one line saying what it counts.
     */
    public String help()
    {
        return help;
    }

    /**
     * @return true when the value is a {@code CLOCK_MONOTONIC} time, not a count.
     */
    public boolean isTimestamp()
    {
        return this == POLLER_HEARTBEAT || this == BRIDGE_HEARTBEAT || this == SIMULATOR_HEARTBEAT;
    }

    /**
     * @param id a type id read from a file.
     * @return its type, or null when this library does not know it (a newer writer's).
     */
    public static CounterType of(final int id)
    {
        for (final CounterType type : values())
        {
            if (type.id == id)
            {
                return type;
            }
        }
        return null;
    }
}
