package io.exabond.poller;

import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

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
 * {@link PublisherLiveness}).
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
public final class FailoverPoller implements Agent
{
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();
    private static volatile boolean warmedUp;

    private final MemorySegment page;
    private final String roleName;
    private final FailoverPollerContext ctx;
    private final FailoverListener listener;
    private final StatusBlockReader reader;
    private final StatusSnapshot snapshot = new StatusSnapshot();
    private final StatusSnapshot health = new StatusSnapshot();
    private final FailoverEvent event = new FailoverEvent();
    private final GenerationAccount generations = new GenerationAccount();
    private final PublisherLiveness liveness;
    private final long changeReadTimeoutNs;
    private final int catchUpAttempts;
    private final boolean recordJfr;
    private final boolean checkSingleThread;

    private int cachedGroupInfo;
    private int untilClockRead;
    private boolean hasBlock;
    private long failovers;
    private Thread pollingThread;

    /**
     * @param ctx the configuration, concluded here.
     * @throws IllegalArgumentException naming a setting that is missing or out of range.
     */
    public FailoverPoller(final FailoverPollerContext ctx)
    {
        this.ctx = ctx.conclude();
        this.page = ctx.page();
        this.roleName = "exabond-poller-" + ctx.bondName();
        this.listener = ctx.listener();
        this.reader = new StatusBlockReader(page);
        this.changeReadTimeoutNs = ctx.changeReadTimeoutNs();
        this.catchUpAttempts = ctx.catchUpAttempts();
        this.recordJfr = ctx.recordJfrEvents();
        this.checkSingleThread = ctx.checkSingleThread();
        this.liveness = new PublisherLiveness(ctx.livenessCheckIntervalNs(), ctx.stallTimeoutNs(),
            ctx.maxPollsPerClockRead(), System.nanoTime());
        this.untilClockRead = liveness.firstPollsPerClockRead();
        this.cachedGroupInfo = (int)INT.getAcquire(page, 0L);
        this.hasBlock = reader.hasBlock();
        if (hasBlock)
        {
            syncToBlock();
        }
    }

    /**
     * Compiles the change path before a poller goes live (see {@link WarmUp}), so that the first real failover does
     * not meet an uncommon trap and a recompilation: without it the first failovers took 4-22 us to notice, with
     * it 0.2-0.7 us. It runs private pollers against a private in-memory page that it fails over itself. 20 000
     * failovers took 0.25-0.4 s on the development VM (2 vCPUs, load 1.5-2.5; tens of ms more on a first call that
     * also loads the classes). {@link #onStart()} calls it once per JVM; call it yourself when you poll with
     * {@link #poll()} from your own loop.
     *
     * @param failovers failovers to run; {@value FailoverPollerContext#DEFAULT_WARM_UP_FAILOVERS} is enough for C2.
     * @return failovers and missed failovers the private pollers noticed, so the work cannot be optimized away.
     */
    public static long warmUp(final int failovers)
    {
        final long seen = WarmUp.run(failovers);
        warmedUp = true;
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
     * Loads word 0 once and compares it with the last value seen.
     *
     * @return 1 when something was reported to the listener, else 0.
     * @throws AgentTerminationException when the page was closed under the poller; the message names it.
     */
    public int poll()
    {
        try
        {
            final int groupInfo = (int)INT.getAcquire(page, 0L);
            if (groupInfo != cachedGroupInfo)
            {
                // The clock is read here, inline, not in the (larger, not inlined) change path after a call.
                return onWordChanged(groupInfo, System.nanoTime());
            }
            if (--untilClockRead == 0)
            {
                return onClockRead();
            }
            return 0;
        }
        catch (final IllegalStateException ex)
        {
            // Out of line: a handler costs the no-change path nothing until something throws.
            throw pageClosedOr(ex);
        }
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
        if (ctx.warmUp() && !warmedUp)
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

    private int onWordChanged(final int observed, final long detectedNs)
    {
        if (checkSingleThread)
        {
            checkThread();
        }
        final FailoverEvent event = this.event;
        event.reset(cachedGroupInfo, detectedNs);
        int groupInfo = observed;

        boolean fresh = false;
        if (!hasBlock)
        {
            hasBlock = reader.hasBlock();
            fresh = hasBlock;
        }
        generations.beginChange(hasBlock);
        boolean paired = false;
        if (hasBlock)
        {
            // The writer publishes the block before word 0, so the block may already describe a later change
            // than the word we loaded: wait for word 0 to catch up, so that word and block describe one state.
            // One loop holds every branch (read failed, paired, gave up), so that the warm-up, which stages each
            // case, has taken them all: a branch never taken is compiled as a trap that deoptimizes.
            for (int attempt = 0; ; attempt++)
            {
                if (reader.read(snapshot, changeReadTimeoutNs) != StatusBlockReader.Status.CONSISTENT)
                {
                    break;
                }
                if (snapshot.activeRaw() == groupInfo)
                {
                    paired = true;
                    break;
                }
                if (attempt >= catchUpAttempts)
                {
                    break;
                }
                Thread.onSpinWait();
                groupInfo = (int)INT.getAcquire(page, 0L);
            }
        }
        if (paired)
        {
            final long jump = generations.paired(snapshot.generation(), fresh);
            cachedGroupInfo = groupInfo;
            if (groupInfo == event.previousGroupInfo)
            {
                // A to B to A while we looked: nothing visible changed, but failovers happened.
                return reportMissed(jump);
            }
            // Timed only when this is the one change since the last one known: after a jump, the word loaded may
            // belong to an earlier publication of the same slave (A, B, A, B) than the block's changed_ns.
            event.paired(snapshot, Math.max(0, jump - 1), groupInfo == observed && jump == 1);
            generations.countMissed(event.missed);
        }
        generations.endChange();
        cachedGroupInfo = groupInfo;
        event.groupInfo = groupInfo;
        failovers++;
        if (recordJfr)
        {
            FailoverRecord.notifyRecorded(listener, event, roleName);
        }
        else
        {
            listener.onFailover(event);
        }
        return 1;
    }

    private int reportMissed(final long jump)
    {
        if (jump <= 0)
        {
            return 0;
        }
        generations.countMissed(jump);
        listener.onMissedFailovers(jump, generations.lastGeneration());
        return 1;
    }

    private int onClockRead()
    {
        final long nowNs = System.nanoTime();
        untilClockRead = liveness.onClockRead(nowNs);
        return liveness.isCheckDue(nowNs) ? check(nowNs) : 0;
    }

    private int check(final long nowNs)
    {
        if (checkSingleThread)
        {
            checkThread();
        }
        if (!hasBlock)
        {
            hasBlock = reader.hasBlock();
            if (hasBlock)
            {
                syncToBlock();
            }
            return 0;
        }

        final boolean consistent = reader.tryReadHealth(health);
        int work = liveness.judge(consistent, health, nowNs, listener);
        if (consistent && health.activeRaw() == cachedGroupInfo && (int)INT.getAcquire(page, 0L) == cachedGroupInfo)
        {
            // Word 0 and block describe one state: failovers the block counts and word 0 did not show are missed.
            work |= reportMissed(generations.settled(health.generation()));
        }
        return work;
    }

    private void syncToBlock()
    {
        for (int attempt = 0; attempt < FailoverPollerContext.DEFAULT_CATCH_UP_ATTEMPTS; attempt++)
        {
            if (reader.read(snapshot, ctx.stallTimeoutNs()) != StatusBlockReader.Status.CONSISTENT)
            {
                return;
            }
            final int groupInfo = (int)INT.getAcquire(page, 0L);
            if (groupInfo == snapshot.activeRaw())
            {
                cachedGroupInfo = groupInfo;
                generations.baseline(snapshot.generation());
                return;
            }
            Thread.onSpinWait();
        }
    }

    private void checkThread()
    {
        final Thread current = Thread.currentThread();
        if (pollingThread == null)
        {
            pollingThread = current;
        }
        else if (pollingThread != current)
        {
            throw new IllegalStateException(roleName + " is polled by thread '" + current.getName() +
                "' as well as by '" + pollingThread.getName() + "': a poller belongs to one thread, or it reports " +
                "each failover once per thread");
        }
    }

    private RuntimeException pageClosedOr(final IllegalStateException ex)
    {
        if (page.scope().isAlive())
        {
            return ex;
        }
        return new AgentTerminationException("the page of bond " + ctx.bondName() + " (" + ctx.pageName() +
            ") was closed while " + roleName + " polled it: stop the poller (close its AgentRunner) before closing " +
            "the page", ex);
    }
}
