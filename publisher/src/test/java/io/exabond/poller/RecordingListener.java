package io.exabond.poller;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a copy of everything a poller reports, for assertions. Asks every event for its block facts, so that missed
 * failovers come in the event. Allocates: not for allocation tests.
 */
final class RecordingListener implements FailoverListener
{
    record Seen(String bond, int previousGroupInfo, int groupInfo, long generation, long missed, boolean timed,
        long latencyNs, boolean followed)
    {
        Seen(final int previousGroupInfo, final int groupInfo, final long generation, final long missed,
            final boolean timed, final long latencyNs)
        {
            this("bond0", previousGroupInfo, groupInfo, generation, missed, timed, latencyNs, false);
        }
    }

    record Missed(long missed, long generation)
    {
    }

    record Stall(StallReason reason, long heartbeatAgeNs)
    {
    }

    record Released(String bond, PageRelease release, int lastGroupInfo)
    {
    }

    record Followed(String bond, int groupInfo)
    {
    }

    record FollowFailed(String bond, String problem)
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
        final Seen seen = new Seen(event.bond().name(), event.previousGroupInfo(), event.groupInfo(),
            event.generation(), event.missed(), event.isTimed(), event.latencyNs(), event.isFollowed());
        failovers.add(seen);
        timeline.add(seen);
        accounted += 1 + event.missed();
    }

    public synchronized void onMissedFailovers(final PolledBond bond, final long count, final long generation)
    {
        final Missed report = new Missed(count, generation);
        missed.add(report);
        timeline.add(report);
        accounted += count;
    }

    public synchronized void onPublisherStalled(final PolledBond bond, final StallReason reason,
        final long heartbeatAgeNs)
    {
        stalls.add(new Stall(reason, heartbeatAgeNs));
    }

    public synchronized void onPublisherRecovered(final PolledBond bond)
    {
        recoveries++;
    }

    public synchronized void onPageReleased(final PolledBond bond, final PageRelease release)
    {
        timeline.add(new Released(bond.name(), release, bond.lastGroupInfo()));
    }

    public synchronized void onPageFollowed(final PolledBond bond, final int groupInfo)
    {
        timeline.add(new Followed(bond.name(), groupInfo));
    }

    public synchronized void onFollowFailed(final PolledBond bond, final String problem)
    {
        timeline.add(new FollowFailed(bond.name(), problem));
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
