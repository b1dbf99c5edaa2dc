package io.exabond.poller;

import org.agrona.concurrent.Agent;

/**
 * Notices failovers of a bond by polling word 0 (the group info) of its page: an Agrona {@link Agent} for an
 * {@code AgentRunner} with any idle strategy, an {@code AgentInvoker} or a {@code CompositeAgent} in a feed
 * handler's own duty cycle, or a direct {@link #poll()}. Configured by a {@link FailoverPollerContext}.
 * <p>
 * The no-change path is one acquire load of word 0, one compare and one countdown: no allocation, no lock, no
 * call out. On a change the poller takes one snapshot of the status block (when the page has one) and calls the
 * {@link FailoverListener} with a reused {@link FailoverEvent}. When the countdown ends it reads the clock, and on
 * a time interval checks, off the hot path, that the publisher is alive (heartbeat, seqlock) and that the block's
 * generation has not moved while word 0 stayed put (A to B to A between two polls), which it reports as missed
 * failovers. A stall is reported within {@link FailoverPollerContext#livenessCheckIntervalNs(long)} plus the larger
 * of half that interval and one idle period of the heartbeat going stale, under every idle strategy (see
 * {@code PublisherLiveness}).
 * <p>
 * The hot path lives in the package-private superclass {@code GroupInfoPoller}; generation accounting, publisher
 * liveness and the warm-up in classes of their own.
 * <p>
 * Threading: a poller is confined to the one thread that calls {@link #doWork()} / {@link #poll()}; construct it
 * anywhere ({@link FailoverPollerContext#checkSingleThread(boolean)} catches a second polling thread). Steady state
 * allocates nothing; the listener runs on the polling thread.
 * <p>
 * Warm-up: {@link #onStart()} runs {@link #warmUp(int)} once per JVM unless the context says
 * {@link FailoverPollerContext#warmUp(boolean) warmUp(false)}, so an {@code AgentRunner} or {@code AgentInvoker}
 * poller is warm before its first poll. A loop that calls {@link #poll()} itself, without {@code onStart()}, calls
 * {@link #warmUp(int)} itself before going live. Measured cost: see {@link #warmUp(int)}.
 */
public final class FailoverPoller extends GroupInfoPoller implements Agent
{
    /** The most failovers a warm-up of this JVM ran: a short warm-up (5 000) does not stand for a full one. */
    private static volatile int warmedUpFailovers;

    /**
     * @param ctx the configuration, concluded here.
     * @throws IllegalArgumentException naming a setting that is missing or out of range.
     */
    public FailoverPoller(final FailoverPollerContext ctx)
    {
        super(ctx);
    }

    /**
     * Compiles the change path before a poller goes live (see {@code WarmUp}), so that the first real failover does
     * not meet an uncommon trap and a recompilation: without it the first failovers took 4-22 us to notice, with
     * it 0.2-0.7 us. It runs private pollers against a private in-memory page that it fails over itself.
     * <p>
     * Cost, measured on the development VM (2 vCPUs, Temurin 25, 20 000 failovers, first call in a fresh JVM, three
     * JVMs): 0.34-0.43 s of the calling thread's CPU and 0.8-1.0 s of the process's CPU (the JIT's threads compile
     * meanwhile), which took 2.8-3.7 s of wall time at load average 14 (other builds running); a second call, on
     * compiled code, 35-42 ms of the thread's CPU. On an idle machine expect about half a second, once.
     * {@link #onStart()} calls it once per JVM (an {@code AgentRunner} thread or {@code AgentInvoker.start()});
     * call it yourself before going live when you poll with {@link #poll()} from your own loop.
     *
     * @param failovers failovers to run; {@value FailoverPollerContext#DEFAULT_WARM_UP_FAILOVERS} is enough for C2.
     * @return failovers and missed failovers the private pollers noticed, so the work cannot be optimized away.
     */
    public static long warmUp(final int failovers)
    {
        final long seen = WarmUp.run(failovers);
        warmedUpFailovers = Math.max(warmedUpFailovers, failovers);
        return seen;
    }

    /**
     * Same as {@link #poll()}.
     *
     * @return 1 when something was reported to the listener, else 0.
     */
    public int doWork()
    {
        return poll();
    }

    /**
     * @return {@code exabond-poller-<bond>}.
     */
    public String roleName()
    {
        return roleName;
    }

    /**
     * Warms up (once per JVM, unless the context said not to), then pins the calling thread when the context named
     * a CPU.
     *
     * @throws IllegalArgumentException when the CPU cannot be used; the message names the CPUs allowed.
     */
    public void onStart()
    {
        if (ctx.warmUp() && warmedUpFailovers < ctx.warmUpFailovers())
        {
            warmUp(ctx.warmUpFailovers());
        }
        if (ctx.cpu() >= 0)
        {
            ThreadAffinity.pinCurrentThread(ctx.cpu());
        }
        if (checkSingleThread)
        {
            pollingThread = Thread.currentThread();
        }
    }

    /**
     * Closes what the poller owns ({@link FailoverPollerContext#ownedResource(AutoCloseable)}), if anything.
     */
    public void onClose()
    {
        final AutoCloseable owned = ctx.ownedResource();
        if (owned != null)
        {
            try
            {
                owned.close();
            }
            catch (final Exception e)
            {
                throw new IllegalStateException("closing " + roleName + " failed", e);
            }
        }
    }

    /**
     * @return word 0 (the group info) as last seen.
     */
    public int lastGroupInfo()
    {
        return cachedGroupInfo;
    }

    /**
     * @return the block's generation as last seen, or {@link FailoverEvent#NO_GENERATION} on a kernel page.
     */
    public long lastGeneration()
    {
        return hasBlock ? generations.lastGeneration() : FailoverEvent.NO_GENERATION;
    }

    /**
     * @return failovers reported through {@link FailoverListener#onFailover}.
     */
    public long failovers()
    {
        return failovers;
    }

    /**
     * @return failovers known to have been missed, from generation jumps.
     */
    public long missed()
    {
        return generations.missedTotal();
    }

    /**
     * @return true while the publisher counts as stalled.
     */
    public boolean isPublisherStalled()
    {
        return liveness.isStalled();
    }
}
