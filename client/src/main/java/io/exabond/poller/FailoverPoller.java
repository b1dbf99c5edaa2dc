package io.exabond.poller;

import org.agrona.concurrent.Agent;

/**
 * Notices failovers of one or more bonds by polling word 0 (the group info) of their pages: an Agrona {@link Agent}
 * for an {@code AgentRunner} with any idle strategy, an {@code AgentInvoker} or a {@code CompositeAgent} in a feed
 * handler's own duty cycle, or a direct {@link #poll()}. Configured by a {@link FailoverPollerContext}; one poller
 * polls every bond it is given in one duty cycle, with one clock countdown, one warm-up and one check schedule, and
 * names the bond in every event ({@link PolledBond}).
 * <p>
 * The no-change path is, per bond, one acquire load of word 0 and one compare, then one countdown: no allocation,
 * no lock, no system call. On a change the poller calls the {@link FailoverListener} at once with what word 0 says,
 * in a reused {@link FailoverEvent}, and pairs the change with the status block's first cache line (when the page has
 * a block) when the listener asks or after it returns, never waiting for a publisher mid-write. When the countdown
 * ends it reads the clock, and on time intervals, off the hot path: checks that each publisher is alive (heartbeat,
 * seqlock) and that the block's generation has not moved while word 0 stayed put (A to B to A between two polls),
 * which it reports as missed failovers; and looks whether each page's path still names the page it mapped, so that a
 * bond released by the exasock driver (its node removed, its page frozen at word 0 = 0) is reported as released, not
 * as a loss of the last link, and its new page followed when the bond is managed again. A stall is reported within
 * {@link FailoverPollerContext#livenessCheckIntervalNs(long)} plus the larger of half that interval and one idle
 * period of the heartbeat going stale, under every idle strategy (see {@code PollSchedule}); a release within
 * {@link FailoverPollerContext#pageCheckIntervalNs(long)} plus the same gap.
 * <p>
 * The hot path lives in the package-private superclass {@code GroupInfoPoller}; generation accounting, publisher
 * liveness, the block's header and the warm-up in classes of their own.
 * <p>
 * Threading: a poller is confined to the one thread that calls {@link #doWork()} / {@link #poll()}; construct it
 * anywhere ({@link FailoverPollerContext#checkSingleThread(boolean)} catches a second polling thread). Steady state
 * allocates nothing; the listener runs on the polling thread. To pin that thread to a CPU, start the
 * {@code AgentRunner} on a {@link PinnedThreadFactory}.
 * <p>
 * Counters: unless told otherwise, each poller keeps per bond its failovers, missed failovers, stalls, releases and
 * last latency, and a heartbeat of its duty cycle, in the process's counters file
 * ({@link FailoverPollerContext#counters(io.exabond.counters.ExabondCounters)}), updated with release stores off the
 * no-change path, for {@code exabond stat} and monitoring.
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
     * @throws ConfigurationException naming a setting that is missing or out of range.
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
     * @return how many things were reported to the listener.
     */
    public int doWork()
    {
        return poll();
    }

    /**
     * @return {@code exabond-poller-<bond>}, with the bonds' names joined by {@code +} when there are several.
     */
    public String roleName()
    {
        return roleName;
    }

    /**
     * Warms up, once per JVM, unless the context said not to.
     */
    public void onStart()
    {
        if (ctx.warmUp() && warmedUpFailovers < ctx.warmUpFailovers())
        {
            warmUp(ctx.warmUpFailovers());
        }
        if (checkSingleThread)
        {
            pollingThread = Thread.currentThread();
        }
    }

    /**
     * Frees the poller's counters, closes the pages it mapped itself when following a released bond, and closes what
     * it owns ({@link FailoverPollerContext#ownedResource(AutoCloseable)}), if anything.
     */
    public void onClose()
    {
        closeBonds();
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
     * @return how many bonds the poller polls.
     */
    public int bondCount()
    {
        return bonds.length;
    }

    /**
     * @param index a bond's position, from 0 in the order the context was given them.
     * @return the bond.
     */
    public PolledBond bond(final int index)
    {
        return bonds[index];
    }

    /**
     * @param name a bond's name.
     * @return the bond, or null when the poller does not poll it.
     */
    public PolledBond bond(final String name)
    {
        for (final PolledBond bond : bonds)
        {
            if (bond.name().equals(name))
            {
                return bond;
            }
        }
        return null;
    }

    /**
     * @return failovers reported through {@link FailoverListener#onFailover}, all bonds together.
     */
    public long failovers()
    {
        return failovers;
    }

    /**
     * @return failovers known to have been missed, all bonds together.
     */
    public long missed()
    {
        long missed = 0;
        for (final PolledBond bond : bonds)
        {
            missed += bond.missed();
        }
        return missed;
    }
}
