package io.exabond.fault;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;

import java.lang.foreign.MemorySegment;

/**
 * Reads snapshots of a page written by a {@link io.exabond.publish.PagePublisher} that fails over between two
 * members {@code exanic0:0} and {@code exanic0:1} and does nothing else, and counts those that break its
 * invariants: each write changes the generation, active_raw, both members' active flags and sets changed_ns and
 * heartbeat_ns to one instant, so a snapshot mixing two writes is torn in at least one of them.
 */
final class SnapshotChecker
{
    private static final int RAW_0 = GroupInfoEncoder.encode(true, 0, 0);
    private static final int RAW_1 = GroupInfoEncoder.encode(true, 0, 1);

    private final StatusBlockReader reader;
    private final StatusSnapshot snapshot = new StatusSnapshot();
    long snapshots;
    long torn;
    long stalled;
    long retries;
    long maxRetries;
    long worstNs;

    SnapshotChecker(final MemorySegment page)
    {
        reader = new StatusBlockReader(page);
    }

    void readOnce(final long stallTimeoutNs)
    {
        final long start = System.nanoTime();
        final StatusBlockReader.Status status = reader.read(snapshot, stallTimeoutNs);
        final long took = System.nanoTime() - start;
        worstNs = Math.max(worstNs, took);
        retries += snapshot.retries();
        maxRetries = Math.max(maxRetries, snapshot.retries());
        if (status == StatusBlockReader.Status.STALLED)
        {
            stalled++;
            return;
        }
        snapshots++;
        final long generation = snapshot.generation();
        final int active = (int)(generation & 1);
        final boolean consistent = status == StatusBlockReader.Status.CONSISTENT &&
            snapshot.activeRaw() == (active == 0 ? RAW_0 : RAW_1) &&
            snapshot.changedNs() == snapshot.heartbeatNs() && snapshot.memberCount() == 2 &&
            snapshot.isMemberActive(active) && !snapshot.isMemberActive(1 - active);
        if (!consistent)
        {
            torn++;
        }
    }

    String summary()
    {
        return "snapshots=" + snapshots + " torn=" + torn + " stalled=" + stalled + " retries=" + retries +
            " maxRetries=" + maxRetries + " worstNs=" + worstNs;
    }
}
