package io.exabond.poller;

/**
 * Told by a {@link FailoverPoller} what it noticed. All calls come on the polling thread, inside
 * {@link FailoverPoller#doWork()}; keep them short and allocation-free when the poller runs in a latency-critical
 * loop, and hand slow work (logging) to another thread. An exception thrown here propagates out of
 * {@code doWork()} to the caller (or the {@code AgentRunner}'s error handler).
 */
public interface FailoverListener
{
    /**
     * The active slave changed.
     *
     * @param event the change; a holder the poller reuses, valid only during this call.
     */
    void onFailover(FailoverEvent event);

    /**
     * The block's generation moved on while word 0 ended where it was (A to B to A between two polls), so
     * failovers happened that word 0 alone does not show.
     *
     * @param missed     failovers published and not seen.
     * @param generation the block's generation now.
     */
    default void onMissedFailovers(final long missed, final long generation)
    {
    }

    /**
     * The publisher looks stalled: its heartbeat is older than 3 monitor intervals, or it left the seqlock odd.
     * Called once when the stall starts.
     *
     * @param reason        what was seen.
     * @param heartbeatAgeNs age of the last heartbeat, or -1 when unknown.
     */
    default void onPublisherStalled(final StallReason reason, final long heartbeatAgeNs)
    {
    }

    /**
     * The publisher is live again after {@link #onPublisherStalled}.
     */
    default void onPublisherRecovered()
    {
    }
}
