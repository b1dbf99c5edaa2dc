package io.exabond.sysfs;

import java.util.concurrent.TimeUnit;

/**
 * The bridge's own term of the failover budget as it goes: the reactions it times ({@link BridgeReactions}) and the
 * term in its counters ({@link BridgeCounters}), published at the start, when the mode changes, and at most once a
 * second after a failover (the percentiles sort the window: not once per failover), and freed at the end so that
 * another publisher of the page does not inherit it. Confined to the bridge's thread, but for {@link #term}, which
 * allocates and may be called from any thread once the bridge has stopped.
 */
final class ReactionRecorder
{
    /** The longest the term in the counters trails the bridge's measurements. */
    private static final long PUBLISH_NS = TimeUnit.SECONDS.toNanos(1);

    private final BridgeCounters counters;
    private final BridgeReactions reactions = new BridgeReactions();
    private boolean dirty;
    private long publishedNs;

    /**
     * @param counters where the term is kept for other processes.
     */
    ReactionRecorder(final BridgeCounters counters)
    {
        this.counters = counters;
    }

    /**
     * @param ns one reaction: from the receive that brought the batch to the store of the new word 0.
     */
    void record(final long ns)
    {
        reactions.record(ns);
        dirty = true;
    }

    /**
     * @param eventDriven whether the bridge follows rtnetlink.
     * @param intervalMs  its monitor interval.
     * @return the term as it stands.
     */
    BridgeTerm term(final boolean eventDriven, final int intervalMs)
    {
        return reactions.term(eventDriven, intervalMs, BondBridge.resyncMs(intervalMs));
    }

    /**
     * Publishes the term when a reaction was recorded and the last publication is a second old.
     *
     * @param nowNs       {@link System#nanoTime()}.
     * @param eventDriven whether the bridge follows rtnetlink.
     * @param intervalMs  its monitor interval.
     */
    void publishIfDue(final long nowNs, final boolean eventDriven, final int intervalMs)
    {
        if (dirty && nowNs - publishedNs >= PUBLISH_NS)
        {
            publish(nowNs, eventDriven, intervalMs);
        }
    }

    /**
     * Publishes the term now.
     *
     * @param nowNs       {@link System#nanoTime()}.
     * @param eventDriven whether the bridge follows rtnetlink.
     * @param intervalMs  its monitor interval.
     */
    void publish(final long nowNs, final boolean eventDriven, final int intervalMs)
    {
        dirty = false;
        publishedNs = nowNs;
        counters.term(term(eventDriven, intervalMs));
    }
}
