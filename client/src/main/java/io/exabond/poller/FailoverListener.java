package io.exabond.poller;

/**
 * Told by a {@link FailoverPoller} what it noticed, for each bond it polls ({@link PolledBond} names which). All calls
 * come on the polling thread, inside {@link FailoverPoller#doWork()}; keep them short and allocation-free when the
 * poller runs in a latency-critical loop, and hand slow work (logging) to another thread. An exception thrown here
 * propagates out of {@code doWork()} to the caller (or the {@code AgentRunner}'s error handler).
 * <p>
 * The poller calls the listener through this interface, never through a known class: every poller of a JVM shares
 * the one compiled call site, which the warm-up ({@link FailoverPoller#warmUp(int)}) trains with listeners of several
 * classes, so that C2 compiles it as a plain interface call. Inlining the application's listener would save a few
 * nanoseconds, but behind a type guard whose first miss, at the first real failover, would deoptimize the poller.
 * <p>
 * The warm-up compiles the poller, not the application's listener: a listener runs once per failover, far too seldom
 * for the JIT, and stays interpreted or C1-compiled for its first thousands of calls, which on the development VM made
 * its first statement run about 1 us after the poller saw word 0 change instead of tens of ns. A latency-critical
 * listener is warmed by its application the way {@code exabond profile} warms its own: by running its code path many
 * times at start-up on state that does not matter (a private page it fails over itself, or a dry-run flag).
 */
public interface FailoverListener
{
    /**
     * The active slave changed: called as soon as word 0 is seen to change, before the poller reads anything else
     * of the page, so that switching ports is the first thing that happens.
     *
     * @param event the change; a holder the poller reuses, valid only during this call.
     */
    void onFailover(FailoverEvent event);

    /**
     * Failovers happened that no {@link #onFailover} told of: the block's generation moved on while word 0 ended
     * where it was (A to B to A between two polls), or failovers published before the one just told of were never
     * seen and the listener did not ask {@link FailoverEvent#missed()} during that call.
     *
     * @param bond       the bond.
     * @param missed     failovers published and not seen.
     * @param generation the block's generation now.
     */
    default void onMissedFailovers(final PolledBond bond, final long missed, final long generation)
    {
    }

    /**
     * The publisher of a page with a status block looks stalled: its heartbeat is older than 3 monitor intervals,
     * or it left the seqlock odd. Called once when the stall starts.
     *
     * @param bond           the bond.
     * @param reason         what was seen.
     * @param heartbeatAgeNs age of the last heartbeat, or -1 when unknown.
     */
    default void onPublisherStalled(final PolledBond bond, final StallReason reason, final long heartbeatAgeNs)
    {
    }

    /**
     * The publisher is live again after {@link #onPublisherStalled}.
     *
     * @param bond the bond.
     */
    default void onPublisherRecovered(final PolledBond bond)
    {
    }

    /**
     * The bond's page was released: the exasock driver removed or replaced the node the poller mapped (the bond left
     * management), or a publisher's page file was deleted or replaced. Word 0 of the released page says nothing any
     * more: the driver stores 0 there on its way out and never writes it again, and that last store is reported here,
     * not as a failover to "no active slave". Until the poller follows a new page ({@link #onPageFollowed}), the bond's
     * active slave is unknown: {@link PolledBond#lastGroupInfo()} keeps the last one reported.
     *
     * @param bond    the bond.
     * @param release how the release was noticed.
     */
    default void onPageReleased(final PolledBond bond, final PageRelease release)
    {
    }

    /**
     * After a release, the poller mapped the bond's new page (the bond was managed again, or a new page file was
     * written) and polls it from now on ({@link FailoverPollerContext#followReleasedPages(boolean)}). When its word 0
     * names another state than the last one {@link #onFailover} reported, {@link #onFailover} follows at once with
     * that change (untimed), so a listener that handles failovers alone stays right.
     *
     * @param bond      the bond.
     * @param groupInfo word 0 of the new page.
     */
    default void onPageFollowed(final PolledBond bond, final int groupInfo)
    {
    }

    /**
     * After a release, something is at the page's path that the poller cannot follow: not a page of the kind it
     * mapped (a regular file where the driver's node was, another device), or a page it cannot open (a new node
     * whose udev rule has not given read access yet). Told once per problem; the poller tries again at every page
     * check and calls {@link #onPageFollowed} when it succeeds.
     *
     * @param bond    the bond.
     * @param problem what is wrong, for a person to read.
     */
    default void onFollowFailed(final PolledBond bond, final String problem)
    {
    }
}
