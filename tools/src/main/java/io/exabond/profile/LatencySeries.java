package io.exabond.profile;

import org.HdrHistogram.Histogram;

/**
 * One latency distribution of a poller over its measured failovers: the time between two points of a failover's path
 * (the publisher's {@code changed_ns}, the poller's detection, the listener's entry), in ns. A poller reports one
 * series per span it times, each of its own {@link Kind}.
 *
 * @param kind        what is timed.
 * @param histogram   the latencies (HdrHistogram, 3 significant digits).
 * @param latenciesNs every latency, in the order the failovers were noticed (rounds one after the other), for the
 *                    latency-over-time plot.
 * @param detectedNs  when each was noticed ({@link System#nanoTime()}), -1 each when unknown (the C poller).
 */
public record LatencySeries(Kind kind, Histogram histogram, long[] latenciesNs, long[] detectedNs)
{
    /**
     * From {@code changed_ns} to the first clock read in the listener: when the application learns of the failover.
     */
    public static final Kind LISTENER_ENTRY = new Kind("publish_to_listener_entry", "publish -> listener entry");

    /**
     * From {@code changed_ns} to the poller's clock read right after the load that saw word 0 change.
     */
    public static final Kind WORD0_SEEN = new Kind("publish_to_word0_seen", "publish -> word 0 seen");

    /**
     * From the poller's detection to the first clock read in the listener: what the poller adds between seeing word 0
     * change and telling the application, every failover seen, timed or not (it needs no {@code changed_ns}).
     */
    public static final Kind HANDOFF = new Kind("word0_seen_to_listener_entry", "word 0 seen -> listener entry");

    /**
     * What a series times.
     *
     * @param id    its name in {@code summary.json} and in the {@code .hgrm} files' names, e.g.
     *              {@code publish_to_word0_seen}.
     * @param title its name in the reports, e.g. {@code publish -> word 0 seen}.
     */
    public record Kind(String id, String title)
    {
    }

    /**
     * @param kind        what is timed.
     * @param latenciesNs every latency in order, in ns.
     * @param detectedNs  when each was noticed, or -1 each.
     * @return the series, its histogram filled.
     */
    static LatencySeries of(final Kind kind, final long[] latenciesNs, final long[] detectedNs)
    {
        final Histogram histogram = new Histogram(3);
        for (final long latency : latenciesNs)
        {
            histogram.recordValue(latency);
        }
        return new LatencySeries(kind, histogram, latenciesNs, detectedNs);
    }

    /**
     * @return latencies recorded.
     */
    public long count()
    {
        return histogram.getTotalCount();
    }

    /**
     * @param percentile e.g. 99.9.
     * @return the latency at it in ns, 0 when nothing was recorded.
     */
    public long at(final double percentile)
    {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    /**
     * @return the largest latency in ns, 0 when nothing was recorded.
     */
    public long max()
    {
        return count() == 0 ? 0 : histogram.getMaxValue();
    }

    /**
     * @return the mean latency in ns, 0 when nothing was recorded.
     */
    public double meanNs()
    {
        return count() == 0 ? 0 : histogram.getMean();
    }
}
