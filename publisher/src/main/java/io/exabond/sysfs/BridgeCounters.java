package io.exabond.sysfs;

import io.exabond.counters.CounterType;
import io.exabond.counters.ExabondCounters;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.file.Path;

/**
 * The bridge's figures in its process's counters file ({@link ExabondCounters}), keyed by its bond and its page's
 * absolute path, for other processes to read: {@code doctor} and {@code profile} take its term of the failover budget
 * from them ({@link BridgeTerm#readForBudget}), {@code exabond stat} and the Prometheus export show them. Every store
 * is a release store of one writer, the bridge's thread (the mode also from the thread that opens the bridge, before
 * that thread starts). With no counters file every method does nothing.
 */
final class BridgeCounters implements AutoCloseable
{
    private final AtomicCounter heartbeat;
    private final AtomicCounter passes;
    private final AtomicCounter overruns;
    private final AtomicCounter eventDriven;
    private final AtomicCounter intervalMs;
    private final AtomicCounter resyncMs;
    private final AtomicCounter reactions;
    private final AtomicCounter p50Ns;
    private final AtomicCounter p99Ns;
    private final AtomicCounter maxNs;

    /**
     * Allocates the counters; a reader that finds only some of them (they are allocated one by one) sees no bridge.
     *
     * @param file the process's counters file, or null to keep none.
     * @param bond the bond.
     * @param page the bridge's page file.
     * @throws IllegalStateException when the file has no room left.
     */
    BridgeCounters(final ExabondCounters file, final String bond, final Path page)
    {
        final AtomicCounter[] made = file == null ? new AtomicCounter[10] : allocate(file, bond, pageKey(page));
        eventDriven = made[0];
        intervalMs = made[1];
        resyncMs = made[2];
        heartbeat = made[3];
        passes = made[4];
        overruns = made[5];
        reactions = made[6];
        p50Ns = made[7];
        p99Ns = made[8];
        maxNs = made[9];
        if (file != null)
        {
            p50Ns.setRelease(-1);
            p99Ns.setRelease(-1);
            maxNs.setRelease(-1);
        }
    }

    /**
     * @param page a page file.
     * @return how the bridge's counters name it: its absolute, normalized path, so that a reader in another folder
     *         finds it.
     */
    static String pageKey(final Path page)
    {
        return page.toAbsolutePath().normalize().toString();
    }

    /**
     * @param term the bridge's term as it stands: its mode, interval and re-read period, and its reaction figures.
     */
    void term(final BridgeTerm term)
    {
        if (eventDriven == null)
        {
            return;
        }
        eventDriven.setRelease(term.eventDriven() ? 1 : 0);
        intervalMs.setRelease(term.intervalMs());
        resyncMs.setRelease(term.resyncMs());
        p50Ns.setRelease(term.p50Ns());
        p99Ns.setRelease(term.p99Ns());
        maxNs.setRelease(term.maxNs());
        reactions.setRelease(term.failovers());
    }

    /**
     * @param count  passes so far.
     * @param nowNs  {@link System#nanoTime()} at the end of the last.
     */
    void passed(final long count, final long nowNs)
    {
        if (passes != null)
        {
            passes.setRelease(count);
            heartbeat.setRelease(nowNs);
        }
    }

    /**
     * @param count rtnetlink socket overruns so far.
     */
    void overruns(final long count)
    {
        if (overruns != null)
        {
            overruns.setRelease(count);
        }
    }

    /**
     * Frees the counters: another publisher of the page must not inherit this bridge's figures. Idempotent.
     */
    public void close()
    {
        for (final AtomicCounter counter : new AtomicCounter[] {eventDriven, intervalMs, resyncMs, heartbeat, passes,
            overruns, reactions, p50Ns, p99Ns, maxNs})
        {
            if (counter != null)
            {
                counter.close();
            }
        }
    }
    private static AtomicCounter[] allocate(final ExabondCounters file, final String bond, final String key)
    {
        final String of = " " + bond + " (" + key + ") bridge";
        final AtomicCounter[] made = new AtomicCounter[10];
        int i = 0;
        try
        {
            made[i++] = file.newCounter(CounterType.BRIDGE_EVENT_DRIVEN, "event-driven" + of, bond, key);
            made[i++] = file.newCounter(CounterType.BRIDGE_INTERVAL, "interval ms" + of, bond, key);
            made[i++] = file.newCounter(CounterType.BRIDGE_RESYNC, "re-read ms" + of, bond, key);
            made[i++] = file.newCounter(CounterType.BRIDGE_HEARTBEAT, "last pass" + of, bond, key);
            made[i++] = file.newCounter(CounterType.BRIDGE_PASSES, "passes" + of, bond, key);
            made[i++] = file.newCounter(CounterType.BRIDGE_OVERRUNS, "socket overruns" + of, bond, key);
            made[i++] = file.newCounter(CounterType.BRIDGE_REACTIONS, "reactions timed" + of, bond, key);
            made[i++] = file.newCounter(CounterType.BRIDGE_REACTION_P50, "reaction p50 ns" + of, bond, key);
            made[i++] = file.newCounter(CounterType.BRIDGE_REACTION_P99, "reaction p99 ns" + of, bond, key);
            made[i++] = file.newCounter(CounterType.BRIDGE_REACTION_MAX, "reaction max ns" + of, bond, key);
            return made;
        }
        catch (final RuntimeException e)
        {
            for (int j = 0; j < i; j++)
            {
                made[j].close();
            }
            throw e;
        }
    }
}
