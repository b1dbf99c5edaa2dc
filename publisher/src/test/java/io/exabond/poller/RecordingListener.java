package io.exabond.poller;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a copy of everything a poller reports, for assertions. Allocates: not for allocation tests.
 */
final class RecordingListener implements FailoverListener
{
    record Seen(int previousGroupInfo, int groupInfo, long generation, long missed, boolean timed, long latencyNs)
    {
    }

    record Missed(long missed, long generation)
    {
    }

    record Stall(StallReason reason, long heartbeatAgeNs)
    {
    }

    final List<Seen> failovers = new ArrayList<>();
    final List<Missed> missed = new ArrayList<>();
    final List<Stall> stalls = new ArrayList<>();
    final List<Record> timeline = new ArrayList<>();
    volatile int recoveries;
    volatile long accounted;

    public synchronized void onFailover(final FailoverEvent event)
    {
        final Seen seen = new Seen(event.previousGroupInfo(), event.groupInfo(), event.generation(), event.missed(),
            event.isTimed(), event.latencyNs());
        failovers.add(seen);
        timeline.add(seen);
        accounted += 1 + event.missed();
    }

    public synchronized void onMissedFailovers(final long count, final long generation)
    {
        final Missed report = new Missed(count, generation);
        missed.add(report);
        timeline.add(report);
        accounted += count;
    }

    public synchronized void onPublisherStalled(final StallReason reason, final long heartbeatAgeNs)
    {
        stalls.add(new Stall(reason, heartbeatAgeNs));
    }

    public synchronized void onPublisherRecovered()
    {
        recoveries++;
    }

    synchronized List<Seen> failovers()
    {
        return List.copyOf(failovers);
    }

    synchronized List<Record> timeline()
    {
        return List.copyOf(timeline);
    }

    synchronized List<Missed> missed()
    {
        return List.copyOf(missed);
    }

    synchronized List<Stall> stalls()
    {
        return List.copyOf(stalls);
    }
}
