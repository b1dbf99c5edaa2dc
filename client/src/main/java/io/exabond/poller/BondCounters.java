package io.exabond.poller;

import io.exabond.counters.CounterType;
import io.exabond.counters.ExabondCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One bond's counters in the process's counters file: written by the polling thread with release stores, off the
 * no-change path (at a failover, a stall, a release), for other processes to read ({@code exabond stat}).
 */
final class BondCounters implements AutoCloseable
{
    private final AtomicCounter failovers;
    private final AtomicCounter missed;
    private final AtomicCounter stalls;
    private final AtomicCounter releases;
    private final AtomicCounter lastLatencyNs;

    BondCounters(final ExabondCounters file, final String roleName, final String bond, final String page)
    {
        final String of = " " + bond + " (" + page + ") " + roleName;
        failovers = file.newCounter(CounterType.POLLER_FAILOVERS, "failovers" + of, bond, page);
        missed = file.newCounter(CounterType.POLLER_MISSED, "missed failovers" + of, bond, page);
        stalls = file.newCounter(CounterType.POLLER_STALLS, "publisher stalls" + of, bond, page);
        releases = file.newCounter(CounterType.POLLER_RELEASES, "page releases" + of, bond, page);
        lastLatencyNs = file.newCounter(CounterType.POLLER_LAST_LATENCY, "last latency ns" + of, bond, page);
        lastLatencyNs.setRelease(-1);
    }

    void failover(final long latencyNs)
    {
        failovers.incrementRelease();
        if (latencyNs >= 0)
        {
            lastLatencyNs.setRelease(latencyNs);
        }
    }

    void missed(final long count)
    {
        missed.getAndAddRelease(count);
    }

    void stall()
    {
        stalls.incrementRelease();
    }

    void release()
    {
        releases.incrementRelease();
    }

    public void close()
    {
        failovers.close();
        missed.close();
        stalls.close();
        releases.close();
        lastLatencyNs.close();
    }
}
