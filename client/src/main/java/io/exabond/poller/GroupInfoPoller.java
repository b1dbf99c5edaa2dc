package io.exabond.poller;

import io.exabond.internal.Word0;
import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import org.agrona.concurrent.AgentTerminationException;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The hot path of {@link FailoverPoller}, its package-private superclass (as Agrona splits its idle strategies into
 * padding and data classes): {@link #poll()}, the change path and the low-rate check it calls, and nothing of the
 * agent's life cycle or configuration. A superclass rather than a delegate, so that a poll is no extra load or
 * call: the fields live in the one {@code FailoverPoller} object.
 * <p>
 * The no-change path is one acquire load of word 0 (the group info), one compare and one countdown. On a change it
 * pairs word 0 with the status block (when there is one), keeps the {@link GenerationAccount}, and tells the
 * listener. When the countdown ends it reads the clock; when {@link PublisherLiveness} says a check is due it reads
 * the block's health fields by the seqlock ({@link StatusBlockReader#tryReadHealth}) and judges them.
 */
abstract class GroupInfoPoller
{
    // Through the segment, for memory a user gave as a segment (its life is theirs, so its checks stay).
    private static final VarHandle WORD0 = PageLayout.GRPINFO_RAW_HANDLE;
    private static final long WORD0_OFFSET = PageLayout.GRPINFO_OFFSET;

    final MemorySegment page;
    final String roleName;
    final FailoverPollerContext ctx;
    private final FailoverListener listener;
    private final StatusBlockReader reader;
    private final StatusSnapshot snapshot = new StatusSnapshot();
    private final StatusSnapshot health = new StatusSnapshot();
    private final FailoverEvent event = new FailoverEvent();
    final GenerationAccount generations = new GenerationAccount();
    final PublisherLiveness liveness;
    private final long changeReadTimeoutNs;
    private final int catchUpAttempts;
    private final boolean recordJfr;
    final boolean checkSingleThread;
    private final BondPage bondPage;
    private final boolean byAddress;
    private final long address;

    int cachedGroupInfo;
    private int untilClockRead;
    boolean hasBlock;
    long failovers;
    Thread pollingThread;

    GroupInfoPoller(final FailoverPollerContext ctx)
    {
        this.ctx = ctx.conclude();
        this.page = ctx.page();
        this.bondPage = ctx.bondPage();
        this.byAddress = bondPage != null;
        this.address = page.address();
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
        this.cachedGroupInfo = groupInfoAcquire();
        this.hasBlock = reader.hasBlock();
        if (hasBlock)
        {
            syncToBlock();
        }
    }

    /**
     * Loads word 0 once and compares it with the last value seen.
     *
     * @return 1 when something was reported to the listener, else 0.
     * @throws AgentTerminationException when the page was closed under the poller; the message names it.
     */
    public final int poll()
    {
        try
        {
            final int groupInfo = groupInfoAcquire();
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
     * Word 0 with one acquire load. A {@link BondPage} is read by address: its mapping stays (or is replaced by a
     * read-only tombstone page of -1s) for as long as this poller holds the page, so no segment check is left: not
     * its liveness, and not (thanks to {@link Word0#ADDRESS_MASK}) its bounds and alignment (docs/benchmarks.md).
     */
    private int groupInfoAcquire()
    {
        return byAddress ? Word0.acquire(address) : (int)WORD0.getAcquire(page, WORD0_OFFSET);
    }

    private int onWordChanged(final int observed, final long detectedNs)
    {
        if (byAddress && observed == Word0.TOMBSTONE && bondPage.isClosed())
        {
            // The tombstone of a closed page, not a failover: poll() turns this into the named termination.
            throw new IllegalStateException("Already closed");
        }
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
                groupInfo = groupInfoAcquire();
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
        if (consistent && health.activeRaw() == cachedGroupInfo &&
            groupInfoAcquire() == cachedGroupInfo)
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
            final int groupInfo = groupInfoAcquire();
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
