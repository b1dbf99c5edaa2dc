package io.exabond.sysfs;

import io.exabond.netlink.LinkListener;
import io.exabond.netlink.NetlinkException;
import io.exabond.publish.BondDescription;
import io.exabond.publish.PagePublisher;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A userspace publisher for hosts without the exasock module: it watches a Linux active-backup bond in sysfs
 * and publishes word 0 and the status block of a page file through {@link PagePublisher}, the writer the
 * simulator uses. Sysfs is always the source of truth; what differs is what makes the bridge read it. Configured by
 * a {@link BridgeContext}; made of parts of one job each: the mirror of sysfs ({@link BondMirror}), the pass that
 * owns the publisher ({@link BridgePass}), two duty cycles run as Agrona agents on an {@link AgentRunner}, the
 * recorder of its own term ({@link ReactionRecorder}) and its counters ({@link BridgeCounters}), which other processes
 * read.
 * <p>
 * <b>Event-driven</b> (the context's default, over the kernel's sysfs): the bridge listens on a
 * {@code NETLINK_ROUTE} socket ({@link LinkListener}, {@code RTMGRP_LINK}) and re-reads sysfs as soon as a batch of
 * link messages names the bond or a slave ({@link EventAgent}), so the page follows the driver within one sysfs
 * read instead of one monitor interval; a full pass every {@link #RESYNC_MS} ms (or each interval when that is
 * longer) catches what no message announced, and the heartbeat is refreshed each interval. When netlink cannot be
 * opened (another network namespace, a seccomp or LSM policy), the bridge logs one warning and polls; so it does
 * when receiving fails later. Over a sysfs root that is not the kernel's (a test tree, which no message describes)
 * it polls at its interval and says so once.
 * <p>
 * <b>Polling</b>: a pass once per interval ({@link PollingAgent}). The interval is the driver's
 * ({@link BondState#monitorIntervalMs()}, read again each pass) unless one is given.
 * <p>
 * While it runs, the bridge keeps its figures in its process's counters file (the context's
 * {@link BridgeContext#counters(io.exabond.counters.ExabondCounters)}), keyed by its bond and its page: its last pass,
 * passes, socket overruns, mode, interval, re-read period, and its own term of the failover budget
 * ({@link BridgeTerm}): event-driven, how long it took from a link message to the new word 0, measured on each
 * failover; polling, its interval. {@code doctor} and {@code profile} read the term from there; {@code exabond stat}
 * and the Prometheus export show the rest.
 * <p>
 * Threading: {@link #run()} on one thread, which runs the agents; {@link #stop()} from any thread (a shutdown hook);
 * the agent finishes the write it is in, so the page is left consistent.
 */
public final class BondBridge implements AutoCloseable
{
    /** Event-driven mode: the period of the full pass that catches whatever no event announced, in ms. */
    public static final int RESYNC_MS = 2_000;

    private final BridgePass pass;
    private final BridgeCounters counters;
    private final ReactionRecorder recorder;
    private final EventAgent events;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile AgentRunner runner;

    private BondBridge(final BridgeContext context, final BridgePass pass, final BridgeCounters counters,
        final LinkListener listener)
    {
        this.pass = pass;
        this.counters = counters;
        this.recorder = new ReactionRecorder(counters);
        this.events = listener != null ?
            new EventAgent(pass, listener, recorder, counters, context.log(), this::isStopping) : null;
        // Readers find the bridge's term from the moment it owns the page, before run().
        recorder.publish(System.nanoTime(), eventDriven(), pass.published().monitorIntervalMs());
    }

    /**
     * Reads the bond and creates (or reuses) the page with its current state; event-driven, opens the netlink
     * listener too, or logs one line saying why it polls instead.
     *
     * @param context the settings; concluded here.
     * @return the bridge, which owns the page's mapping (and the socket) until {@link #close()}.
     * @throws BondManagementException when the bond does not exist or is not a bond.
     * @throws io.exabond.page.PageException when the page file cannot be written.
     * @throws io.exabond.counters.CountersFileException when the process's counters file cannot be made.
     */
    public static BondBridge open(final BridgeContext context)
    {
        context.conclude();
        final BondState state = BridgePass.readBond(context.sysfs(), context.bondName(), context.log());
        final BridgeCounters counters = new BridgeCounters(context.counters(), context.bondName(), context.page());
        LinkListener listener = null;
        BridgePass pass = null;
        try
        {
            listener = openListener(context);
            pass = new BridgePass(context, state, counters);
            if (context.eventDriven() && context.listenerOpener() == null)
            {
                context.log().accept("note: " + context.sysfs().root() + " is not the kernel's sysfs, so no " +
                    "rtnetlink message tells of its bonds: polling it every " + pass.published().monitorIntervalMs() +
                    " ms instead");
            }
            return new BondBridge(context, pass, counters, listener);
        }
        catch (final RuntimeException e)
        {
            if (pass != null)
            {
                pass.close();
            }
            if (listener != null)
            {
                listener.close();
            }
            counters.close();
            throw e;
        }
    }

    /**
     * One monitor pass: reads the bond and publishes what changed, or refreshes the heartbeat.
     *
     * @return the interval to wait before the next pass, in ms.
     */
    public int pass()
    {
        return pass.pass();
    }

    /**
     * Runs on the calling thread until {@link #stop()}: the event agent while the listener is open, else the polling
     * agent. Should the socket fail while running, the bridge logs it and polls from then on.
     *
     * @throws RuntimeException what a pass threw, which ends the bridge (the page stays consistent).
     */
    public void run()
    {
        recorder.publish(System.nanoTime(), eventDriven(), pass.published().monitorIntervalMs());
        if (events != null)
        {
            runAgent(events, NoOpIdleStrategy.INSTANCE);
            if (running && failure == null)
            {
                // Netlink failed: the bridge polls from now on, and its term must say so.
                recorder.publish(System.nanoTime(), false, pass.published().monitorIntervalMs());
            }
        }
        if (running && failure == null)
        {
            final PollingAgent polling = new PollingAgent(pass, this::isStopping);
            runAgent(polling, polling.idleStrategy());
        }
        final Throwable thrown = failure;
        if (thrown instanceof RuntimeException e)
        {
            throw e;
        }
        if (thrown instanceof Error e)
        {
            throw e;
        }
        if (thrown != null)
        {
            throw new IllegalStateException(thrown);
        }
    }

    /**
     * Asks {@link #run()} to return after the write it is in (within 100 ms: the longest wait for a message, or the
     * longest park); callable from any thread.
     */
    public void stop()
    {
        running = false;
        final AgentRunner current = runner;
        final Thread thread = current != null ? current.thread() : null;
        if (thread != null && thread != AgentRunner.TOMBSTONE)
        {
            LockSupport.unpark(thread);
        }
    }

    /**
     * @return the bridge's own term of the failover budget as measured so far (also kept in its counters while it
     *         runs, at most a second behind).
     */
    public BridgeTerm term()
    {
        return recorder.term(eventDriven(), pass.published().monitorIntervalMs());
    }

    /**
     * @return passes completed so far.
     */
    public long passes()
    {
        return pass.passes();
    }

    /**
     * @return the period of the event-driven bridge's full re-read, in ms: {@link #RESYNC_MS}, or the monitor
     *         interval when that is longer.
     */
    public int resyncMs()
    {
        return resyncMs(pass.published().monitorIntervalMs());
    }

    /**
     * @return true while the bridge listens to rtnetlink; false when it polls (asked to, over a test tree, netlink
     *         could not be opened, or the socket failed).
     */
    public boolean eventDriven()
    {
        return events != null && events.isListening();
    }

    /**
     * @return passes that a batch of netlink messages (or an overrun) triggered.
     */
    public long eventPasses()
    {
        return events != null ? events.eventPasses() : 0;
    }

    /**
     * @return periodic full passes of the event-driven bridge.
     */
    public long resyncPasses()
    {
        return events != null ? events.resyncPasses() : 0;
    }

    /**
     * @return times the netlink socket overran.
     */
    public long overruns()
    {
        return events != null ? events.overruns() : 0;
    }

    /**
     * @return the publisher (for reading its state; only the bridge's thread publishes).
     */
    public PagePublisher publisher()
    {
        return pass.publisher();
    }

    /**
     * @return the bond as last published.
     */
    public BondDescription published()
    {
        return pass.published();
    }

    /**
     * Closes the netlink socket, unmaps the page and frees the bridge's counters; the page stays valid for readers.
     * Idempotent; call it after {@link #run()} returned.
     */
    public void close()
    {
        if (events != null)
        {
            events.closeListener();
        }
        pass.close();
        // Another publisher may take the page over; it must not inherit this bridge's measurements.
        counters.close();
    }

    static int resyncMs(final int intervalMs)
    {
        return Math.max(RESYNC_MS, intervalMs);
    }

    private boolean isStopping()
    {
        return !running || failure != null;
    }

    private void runAgent(final Agent agent, final IdleStrategy idle)
    {
        final AgentRunner agentRunner = new AgentRunner(idle, this::onError, null, agent);
        runner = agentRunner;
        if (running)
        {
            agentRunner.run();
        }
    }

    private void onError(final Throwable throwable)
    {
        if (failure == null)
        {
            failure = throwable;
        }
    }

    private static LinkListener openListener(final BridgeContext context)
    {
        final Supplier<LinkListener> opener = context.listenerOpener();
        if (opener == null)
        {
            return null;
        }
        try
        {
            return opener.get();
        }
        catch (final NetlinkException e)
        {
            context.log().accept("warning: cannot listen to rtnetlink (" + e.getMessage() + ")" +
                (e.isUnavailable() ? ", as in another network namespace or under a seccomp policy" : "") +
                "; polling sysfs once per interval instead");
            return null;
        }
    }
}
