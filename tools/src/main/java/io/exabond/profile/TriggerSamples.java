package io.exabond.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The measured failovers of a trigger profile, one array per {@link TriggerSeries} kind, each latency kept with the
 * moment its failover reached the listener (for the latency-over-time plot). A latency below zero, which one
 * {@code CLOCK_MONOTONIC} cannot give, is recorded as 0 and counted, never dropped.
 */
final class TriggerSamples
{
    private final long[][] latencies;
    private final long[][] moments;
    private final int[] counts;
    private long negative;
    private long slowestAfterReturnNs = -1;

    /**
     * @param capacity failovers to measure.
     */
    TriggerSamples(final int capacity)
    {
        final int kinds = TriggerSeries.ALL.size();
        latencies = new long[kinds][capacity];
        moments = new long[kinds][capacity];
        counts = new int[kinds];
    }

    /**
     * One failover that reached the listener.
     *
     * @param t0        just before the trigger.
     * @param t1        the trigger returned.
     * @param changedNs the publisher's changed_ns, or -1 when the page has none for this change.
     * @param detected  the poller's detection.
     * @param entry     the listener's entry.
     */
    void add(final long t0, final long t1, final long changedNs, final long detected, final long entry)
    {
        add(TriggerSeries.TO_LISTENER, entry - t0, entry);
        add(TriggerSeries.TO_WORD0_SEEN, detected - t0, entry);
        add(TriggerSeries.TRIGGER_CALL, t1 - t0, entry);
        if (changedNs >= 0)
        {
            add(TriggerSeries.TO_PUBLISH, changedNs - t0, entry);
            add(TriggerSeries.PUBLISH_TO_WORD0_SEEN, detected - changedNs, entry);
        }
        add(TriggerSeries.WORD0_SEEN_TO_LISTENER, entry - detected, entry);
        slowestAfterReturnNs = Math.max(slowestAfterReturnNs, entry - t1);
    }

    /**
     * @return the longest time from a trigger's return to its listener entry, ns; -1 before the first. Not a series:
     *         a publisher that follows rtnetlink may have it reach the listener before the trigger returned.
     */
    long slowestAfterReturnNs()
    {
        return slowestAfterReturnNs;
    }

    /**
     * @return latencies below zero, recorded as 0.
     */
    long negative()
    {
        return negative;
    }

    /**
     * @return one series per {@link TriggerSeries} kind, in their order.
     */
    List<LatencySeries> series()
    {
        final List<LatencySeries> all = new ArrayList<>();
        for (int k = 0; k < counts.length; k++)
        {
            all.add(LatencySeries.of(TriggerSeries.ALL.get(k), Arrays.copyOf(latencies[k], counts[k]),
                Arrays.copyOf(moments[k], counts[k])));
        }
        return all;
    }

    private void add(final LatencySeries.Kind kind, final long latency, final long moment)
    {
        final int k = TriggerSeries.ALL.indexOf(kind);
        if (latency < 0)
        {
            negative++;
        }
        latencies[k][counts[k]] = Math.max(0, latency);
        moments[k][counts[k]++] = moment;
    }
}
