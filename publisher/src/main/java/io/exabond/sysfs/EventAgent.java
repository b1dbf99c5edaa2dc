package io.exabond.sysfs;

import io.exabond.netlink.LinkListener;
import io.exabond.netlink.NetlinkException;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The event-driven bridge's duty cycle, an Agrona {@link Agent}: each {@link #doWork()} waits in the listener's
 * {@code poll(2)} until a link message, the next heartbeat or the next full pass is due (at most
 * {@link #MAX_WAIT_MS}, so that a stop takes effect soon), so its runner needs no idle strategy of its own.
 * <p>
 * A batch of messages that concerns the bond ({@link BondLinkFilter}) publishes word 0 from {@code active_slave}
 * first and then makes a full pass, once per batch: a burst publishes each distinct state it finds, in order. Its
 * reaction, from the receive to the store of word 0, is recorded ({@link ReactionRecorder}). Nothing an event did
 * not say is lost: a full pass every {@link BondBridge#RESYNC_MS} ms (or each interval when that is longer) reads
 * sysfs anyway, a socket overrun ({@code ENOBUFS}) triggers one at once (counted in the bridge's counters, said
 * once), and between passes
 * the heartbeat is refreshed each interval. When receiving fails the agent says so, closes the socket and ends
 * ({@link AgentTerminationException}), and the bridge polls from then on.
 */
final class EventAgent implements Agent
{
    /** The longest wait for a message, so that a stop takes effect soon. */
    static final int MAX_WAIT_MS = 100;
    /**
     * Reads of {@code active_slave} before the first wait (messages queue in the socket meanwhile): past the JIT's
     * invocation thresholds (a few thousand).
     */
    private static final int WARM_READS = 5_000;

    private final BridgePass pass;
    private final BondLinkFilter filter;
    private final ReactionRecorder recorder;
    private final BridgeCounters counters;
    private final Consumer<String> log;
    private final BooleanSupplier stopping;
    private volatile LinkListener listener;
    private volatile long eventPasses;
    private volatile long resyncPasses;
    private volatile long overruns;
    private long intervalNs;
    private long nextHeartbeatNs;
    private long nextResyncNs;

    /**
     * @param pass     the bridge's pass.
     * @param listener the open listener, which this agent owns from now on.
     * @param recorder the bridge's reaction recorder.
     * @param counters where socket overruns are counted.
     * @param log      the operator's log.
     * @param stopping true once the bridge is asked to stop.
     */
    EventAgent(final BridgePass pass, final LinkListener listener, final ReactionRecorder recorder,
        final BridgeCounters counters, final Consumer<String> log, final BooleanSupplier stopping)
    {
        this.counters = counters;
        this.pass = pass;
        this.filter = new BondLinkFilter(pass);
        this.listener = listener;
        this.recorder = recorder;
        this.log = log;
        this.stopping = stopping;
    }

    public void onStart()
    {
        pass.holdActiveSlave(true);
        pass.warmReaction(WARM_READS, stopping);
        final int intervalMs = pass.published().monitorIntervalMs();
        final long now = System.nanoTime();
        intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        nextHeartbeatNs = now + intervalNs;
        nextResyncNs = now + resyncNs(intervalMs);
    }

    public int doWork()
    {
        if (stopping.getAsBoolean())
        {
            throw new AgentTerminationException(true);
        }
        final long due = Math.min(nextHeartbeatNs, nextResyncNs) - System.nanoTime();
        final int timeoutMs = (int)Math.max(0, Math.min(MAX_WAIT_MS, (due + 999_999) / 1_000_000));
        final LinkListener socket = listener;
        final int outcome = socket.await(timeoutMs, filter);
        final long receivedNs = System.nanoTime();
        if (outcome == LinkListener.FAILED)
        {
            log.accept("warning: receiving from rtnetlink failed (" + NetlinkException.errnoName(socket.lastErrno()) +
                "); polling sysfs once per interval from now on");
            closeListener();
            throw new AgentTerminationException(true);
        }
        if (outcome == LinkListener.OVERRUN)
        {
            counters.overruns(++overruns);
            if (overruns == 1)
            {
                log.accept("warning: the rtnetlink socket overran (ENOBUFS): messages were lost; re-reading sysfs " +
                    "now (further overruns are counted, not logged)");
            }
        }
        if (outcome != LinkListener.NOTHING)
        {
            react(receivedNs);
            return 1;
        }
        long now = System.nanoTime();
        int work = 0;
        if (now - nextResyncNs >= 0)
        {
            final int intervalMs = pass.pass();
            resyncPasses++;
            intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
            now = System.nanoTime();
            nextResyncNs = now + resyncNs(intervalMs);
            nextHeartbeatNs = now + intervalNs;
            work = 1;
        }
        else if (now - nextHeartbeatNs >= 0)
        {
            pass.heartbeat();
            nextHeartbeatNs = Math.max(nextHeartbeatNs + intervalNs, now);
            work = 1;
        }
        recorder.publishIfDue(now, true, pass.published().monitorIntervalMs());
        return work;
    }

    public void onClose()
    {
        pass.holdActiveSlave(false);
    }

    public String roleName()
    {
        return "exabond-bridge-events-" + pass.bondName();
    }

    /**
     * @return true while the socket is open: until receiving fails or the bridge closes.
     */
    boolean isListening()
    {
        return listener != null;
    }

    long eventPasses()
    {
        return eventPasses;
    }

    long resyncPasses()
    {
        return resyncPasses;
    }

    long overruns()
    {
        return overruns;
    }

    /**
     * Closes the socket; idempotent.
     */
    void closeListener()
    {
        final LinkListener socket = listener;
        listener = null;
        if (socket != null)
        {
            socket.close();
        }
    }

    private void react(final long receivedNs)
    {
        final int before = pass.publisher().groupInfo();
        pass.resetStored();
        pass.publishActiveFirst();
        // Re-read once per batch: a burst publishes each distinct state it finds, in order.
        intervalNs = TimeUnit.MILLISECONDS.toNanos(pass.pass());
        eventPasses++;
        final long now = System.nanoTime();
        if (pass.storedNs() != 0 && pass.publisher().groupInfo() != before)
        {
            recorder.record(pass.storedNs() - receivedNs);
        }
        nextHeartbeatNs = now + intervalNs;
        recorder.publishIfDue(now, true, pass.published().monitorIntervalMs());
    }

    private static long resyncNs(final int intervalMs)
    {
        return TimeUnit.MILLISECONDS.toNanos(BondBridge.resyncMs(intervalMs));
    }
}
