package io.exabond.profile;

import java.util.List;

/**
 * The latency series of a trigger profile ({@code profile BOND --trigger N}): one failover of a real bond, made by
 * this process, timed at each point of its way to a {@code FailoverPoller}'s listener. Every time is
 * {@link System#nanoTime()} ({@code CLOCK_MONOTONIC}) in this process, but for the publisher's {@code changed_ns}
 * (the same clock, in the publisher's process), which only a page with a status block has.
 * <pre>
 *   t0 just before the trigger (the write of active_slave, or the link-down request)
 *   t1 the trigger returned
 *   tp the publisher's changed_ns (a page with a status block only; it may come before t1)
 *   t2 the poller's detection: the clock read right after the load that saw word 0 change
 *   t3 the listener's entry: the clock read first thing in onFailover
 * </pre>
 */
final class TriggerSeries
{
    /** t3 - t0: the whole chain, what a feed handler waits for. The headline, shown first. */
    static final LatencySeries.Kind TO_LISTENER = new LatencySeries.Kind("trigger_to_listener_entry",
        "trigger -> listener entry");
    /** t2 - t0: to the poller's own detection, beside the listener's entry. */
    static final LatencySeries.Kind TO_WORD0_SEEN = new LatencySeries.Kind("trigger_to_word0_seen",
        "trigger -> word 0 seen");
    /** t1 - t0: the trigger's own time, until it returned; for an active_slave write, the kernel's failover. */
    static final LatencySeries.Kind TRIGGER_CALL = new LatencySeries.Kind("trigger_call",
        "the trigger itself (until it returned)");
    /**
     * tp - t0: the trigger, the bonding driver's detection and the publisher's reaction (a page with a status block
     * only). Not from t1: a publisher that follows rtnetlink may publish before the trigger's call has returned.
     */
    static final LatencySeries.Kind TO_PUBLISH = new LatencySeries.Kind("trigger_to_publish",
        "trigger -> publisher's changed_ns");
    /** t2 - tp: the poll delay, as the ordinary profile times it (a page with a status block only). */
    static final LatencySeries.Kind PUBLISH_TO_WORD0_SEEN = LatencySeries.WORD0_SEEN;
    /** t3 - t2: from the poller's detection to its listener. */
    static final LatencySeries.Kind WORD0_SEEN_TO_LISTENER = new LatencySeries.Kind("word0_seen_to_listener_entry",
        "word 0 seen -> listener entry");

    /** Every series, in the order the reports show them. */
    static final List<LatencySeries.Kind> ALL = List.of(TO_LISTENER, TO_WORD0_SEEN, TRIGGER_CALL, TO_PUBLISH,
        PUBLISH_TO_WORD0_SEEN, WORD0_SEEN_TO_LISTENER);

    private TriggerSeries()
    {
    }
}
