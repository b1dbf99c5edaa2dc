package io.exabond.sysfs;

import java.util.Arrays;

/**
 * The event-driven bridge's reaction times (rtnetlink message received to word 0 stored), the most recent
 * {@link BridgeTerm#WINDOW} of them, turned into a {@link BridgeTerm} now and then (at most once a second while the
 * bridge runs, for its counters). Confined to the bridge's thread.
 */
final class BridgeReactions
{
    private final long[] window = new long[BridgeTerm.WINDOW];
    private long count;

    /**
     * @param ns one reaction, in ns.
     */
    void record(final long ns)
    {
        window[(int)(count++ % window.length)] = ns;
    }

    /**
     * @param eventDriven whether the bridge follows rtnetlink.
     * @param intervalMs  its monitor interval.
     * @param resyncMs    its full re-read period.
     * @return the term as it stands.
     */
    BridgeTerm term(final boolean eventDriven, final int intervalMs, final int resyncMs)
    {
        final int n = (int)Math.min(count, window.length);
        if (n == 0)
        {
            return new BridgeTerm(eventDriven, intervalMs, resyncMs, 0, -1, -1, -1, ProcessHandle.current().pid());
        }
        final long[] sorted = Arrays.copyOf(window, n);
        Arrays.sort(sorted);
        return new BridgeTerm(eventDriven, intervalMs, resyncMs, count, percentile(sorted, 50),
            percentile(sorted, 99), sorted[n - 1], ProcessHandle.current().pid());
    }

    private static long percentile(final long[] sorted, final int percent)
    {
        final int index = (int)Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
