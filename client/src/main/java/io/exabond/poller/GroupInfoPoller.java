package io.exabond.poller;

import io.exabond.counters.CounterType;
import io.exabond.counters.ExabondCounters;
import io.exabond.internal.LibC;
import io.exabond.internal.PathWatch;
import io.exabond.internal.Word0;
import io.exabond.page.BondPage;
import io.exabond.page.PageClosedException;
import io.exabond.page.PageException;
import io.exabond.page.PageLayout;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The hot path of {@link FailoverPoller}, its package-private superclass (as Agrona splits its idle strategies into
 * padding and data classes): {@link #poll()}, the change path and the low-rate work it calls, and nothing of the
 * agent's life cycle. A superclass rather than a delegate, so that a poll is no extra load or call.
 * <p>
 * The no-change path is, per bond, one acquire load of word 0 and one compare, then one countdown. On a change it
 * tells the listener at once, with what word 0 says, and only then pairs the change with the status block's first
 * line (when the page has a block), keeping the {@link GenerationAccount}. When the countdown ends it reads the clock
 * ({@link PollSchedule}); when a liveness check is due it judges each publisher; when a page check is due it looks
 * whether each page's path still names the mapped page ({@link PathWatch}), to learn of a release, and follows a
 * released bond's new page.
 */
abstract class GroupInfoPoller
{
    // Through the segment, for memory a user gave as a segment (its life is theirs, so its checks stay).
    private static final VarHandle WORD0 = PageLayout.GRPINFO_RAW_HANDLE;
    private static final long WORD0_OFFSET = PageLayout.GRPINFO_OFFSET;

    final FailoverPollerContext ctx;
    final String roleName;
    final PolledBond[] bonds;
    // The first two bonds in fields of their own, the others in arrays (indexes 0 and 1 unused): a poller of one bond,
    // the common case, or of an A and a B feed, then reads no array and runs no loop on its no-change path. With every
    // bond in the arrays one bond measured 1.8x the Unsafe loop; like this 1.04x (docs/benchmarks.md).
    private long address0;
    private MemorySegment segment0;
    private int cached0;
    private long address1;
    private MemorySegment segment1;
    private int cached1;
    private final boolean oneByAddress;
    private final boolean twoByAddress;
    private final long[] addresses;
    private final MemorySegment[] segments;
    private final int[] cached;
    private final boolean byAddress;
    final FailoverListener listener;
    private final FailoverEvent event = new FailoverEvent();
    final PollSchedule schedule;
    private final long pageCheckIntervalNs;
    private final boolean follow;
    private final boolean recordJfr;
    final boolean checkSingleThread;
    private final AtomicCounter heartbeat;

    private int untilClockRead;
    private long nextPageCheckNs;
    private int pendingPairs;
    long failovers;
    Thread pollingThread;

    GroupInfoPoller(final FailoverPollerContext ctx)
    {
        this.ctx = ctx.conclude();
        final List<FailoverPollerContext.Bond> configured = ctx.bonds();
        final int count = configured.size();
        this.bonds = new PolledBond[count];
        this.addresses = new long[count];
        this.segments = new MemorySegment[count];
        this.cached = new int[count];
        boolean allMapped = true;
        final StringBuilder role = new StringBuilder("exabond-poller-");
        for (int i = 0; i < count; i++)
        {
            allMapped &= configured.get(i).page() != null;
            role.append(i == 0 ? "" : "+").append(configured.get(i).name());
        }
        this.byAddress = allMapped;
        this.oneByAddress = count == 1 && allMapped;
        this.twoByAddress = count == 2 && allMapped;
        this.roleName = role.toString();
        this.listener = ctx.listener();
        this.pageCheckIntervalNs = ctx.pageCheckIntervalNs();
        this.follow = ctx.followReleasedPages();
        this.recordJfr = ctx.recordJfrEvents();
        this.checkSingleThread = ctx.checkSingleThread();
        final ExabondCounters counters = ctx.counters();
        this.heartbeat = counters == null ? null :
            counters.newCounter(CounterType.POLLER_HEARTBEAT, "heartbeat " + roleName, configured.get(0).name(),
            configured.get(0).pageName());
        final long nowNs = System.nanoTime();
        this.schedule = new PollSchedule(ctx.livenessCheckIntervalNs(), ctx.maxPollsPerClockRead(), nowNs);
        this.untilClockRead = schedule.firstPollsPerClockRead();
        this.nextPageCheckNs = nowNs + pageCheckIntervalNs;
        for (int i = 0; i < count; i++)
        {
            final FailoverPollerContext.Bond bond = configured.get(i);
            bonds[i] = new PolledBond(i, bond.name(), this, ctx.changeReadTimeoutNs(), ctx.stallTimeoutNs(),
                counters == null ? null : new BondCounters(counters, roleName, bond.name(), bond.pageName()));
            mapBond(i, bond.page(), bond.segment(), bond.pageName());
        }
    }

    /**
     * Loads word 0 of each bond once and compares it with the last value seen.
     *
     * @return how many things were reported to the listener.
     * @throws AgentTerminationException when a page was closed under the poller; the message names it.
     */
    public final int poll()
    {
        try
        {
            int work = 0;
            if (oneByAddress)
            {
                // One bond read by address, the common case: one branch decides it, as one decided it before a
                // poller could poll several bonds.
                final int groupInfo = Word0.acquire(address0);
                if (groupInfo != cached0)
                {
                    // The clock is read here, inline, not in the (larger, not inlined) change path after a call.
                    work = onWordChanged(0, groupInfo, System.nanoTime());
                }
            }
            else if (twoByAddress)
            {
                final int a = Word0.acquire(address0);
                if (a != cached0)
                {
                    work = onWordChanged(0, a, System.nanoTime());
                }
                final int b = Word0.acquire(address1);
                if (b != cached1)
                {
                    work += onWordChanged(1, b, System.nanoTime());
                }
            }
            else
            {
                work = pollEvery();
            }
            if (--untilClockRead == 0)
            {
                work += onClockRead();
            }
            return work;
        }
        catch (final IllegalStateException ex)
        {
            // Out of line: a handler costs the no-change path nothing until something throws.
            throw pageClosedOr(ex);
        }
    }

    private int pollEvery()
    {
        int work = 0;
        final int[] cached = this.cached;
        if (byAddress)
        {
            // Three bonds or more here: one or two read by address have paths of their own in poll().
            int groupInfo = Word0.acquire(address0);
            if (groupInfo != cached0)
            {
                work += onWordChanged(0, groupInfo, System.nanoTime());
            }
            groupInfo = Word0.acquire(address1);
            if (groupInfo != cached1)
            {
                work += onWordChanged(1, groupInfo, System.nanoTime());
            }
            final long[] addresses = this.addresses;
            for (int i = 2; i < addresses.length; i++)
            {
                groupInfo = Word0.acquire(addresses[i]);
                if (groupInfo != cached[i])
                {
                    work += onWordChanged(i, groupInfo, System.nanoTime());
                }
            }
        }
        else
        {
            int groupInfo = (int)WORD0.getAcquire(segment0, WORD0_OFFSET);
            if (groupInfo != cached0)
            {
                work += onWordChanged(0, groupInfo, System.nanoTime());
            }
            final MemorySegment[] segments = this.segments;
            if (segments.length > 1)
            {
                groupInfo = (int)WORD0.getAcquire(segment1, WORD0_OFFSET);
                if (groupInfo != cached1)
                {
                    work += onWordChanged(1, groupInfo, System.nanoTime());
                }
            }
            for (int i = 2; i < segments.length; i++)
            {
                groupInfo = (int)WORD0.getAcquire(segments[i], WORD0_OFFSET);
                if (groupInfo != cached[i])
                {
                    work += onWordChanged(i, groupInfo, System.nanoTime());
                }
            }
        }
        return work;
    }

    private int groupInfoAcquire(final int index)
    {
        return switch (index)
        {
            case 0 -> byAddress ? Word0.acquire(address0) : (int)WORD0.getAcquire(segment0, WORD0_OFFSET);
            case 1 -> byAddress ? Word0.acquire(address1) : (int)WORD0.getAcquire(segment1, WORD0_OFFSET);
            default -> byAddress ? Word0.acquire(addresses[index]) :
                (int)WORD0.getAcquire(segments[index], WORD0_OFFSET);
        };
    }

    /**
     * @param index a bond's position.
     * @return word 0 of that bond as last seen.
     */
    final int cachedOf(final int index)
    {
        return switch (index)
        {
            case 0 -> cached0;
            case 1 -> cached1;
            default -> cached[index];
        };
    }

    private void setCached(final int index, final int groupInfo)
    {
        switch (index)
        {
            case 0 -> cached0 = groupInfo;
            case 1 -> cached1 = groupInfo;
            default -> cached[index] = groupInfo;
        }
    }

    private int onWordChanged(final int index, final int observed, final long detectedNs)
    {
        final PolledBond bond = bonds[index];
        if (observed == Word0.TOMBSTONE && bond.isPageClosed())
        {
            // The tombstone of a closed page, not a failover: poll() turns this into the named termination.
            throw new IllegalStateException("Already closed");
        }
        if (checkSingleThread)
        {
            checkThread();
        }
        if (bond.released)
        {
            // The released page's last store, word 0 = 0, told as part of the release already.
            setCached(index, observed);
            return 0;
        }
        if (observed == 0 && bond.watch != null)
        {
            // The driver removes the node, then stores 0: a change to 0 with the node gone is a release, not the
            // loss of the last link. One stat, on this rare change only.
            final int pathState = bond.watch.check();
            if (pathState == PathWatch.GONE || pathState == PathWatch.REPLACED)
            {
                return release(bond, pathState);
            }
        }
        final int previous = cachedOf(index);
        setCached(index, observed);
        bond.beginChange();
        final FailoverEvent event = this.event;
        event.reset(bond, previous, observed, detectedNs, false);
        return tell(bond, event);
    }

    private int tell(final PolledBond bond, final FailoverEvent event)
    {
        if (recordJfr)
        {
            FailoverRecord.notifyRecorded(this, bond, event);
            return 1;
        }
        boolean returned = false;
        try
        {
            listener.onFailover(event);
            returned = true;
        }
        finally
        {
            // A listener that throws leaves the account in step all the same; its exception ends this poll.
            afterListener(bond, event, returned);
        }
        return 1;
    }

    /**
     * After the listener: the change is paired with the block's header if the listener did not ask for it, missed
     * failovers it did not ask about are told, and a change that could not be paired is accounted for later.
     *
     * @param bond     the bond that changed.
     * @param event    the change told.
     * @param returned whether the listener returned (missed failovers are not told after it threw).
     */
    void afterListener(final PolledBond bond, final FailoverEvent event, final boolean returned)
    {
        if (!event.headerRead)
        {
            bond.pairHeader(event);
        }
        if (event.paired)
        {
            if (event.missed > 0 && !event.missedTold && returned)
            {
                listener.onMissedFailovers(bond, event.missed, event.generation);
            }
        }
        else
        {
            bond.generations.endChange();
            if (bond.hasBlock && !bond.pendingPair)
            {
                // Try again at the next poll, then at each clock read, until word 0 and block agree.
                bond.pendingPair = true;
                pendingPairs++;
                untilClockRead = 1;
            }
        }
        bond.countFailover(event);
        failovers++;
    }

    private int reportMissed(final PolledBond bond, final long missed)
    {
        if (missed <= 0)
        {
            return 0;
        }
        bond.countMissed(missed);
        listener.onMissedFailovers(bond, missed, bond.generations.lastGeneration());
        return 1;
    }

    private int onClockRead()
    {
        final long nowNs = System.nanoTime();
        untilClockRead = schedule.onClockRead(nowNs);
        if (heartbeat != null)
        {
            heartbeat.setRelease(nowNs);
        }
        int work = 0;
        if (pendingPairs > 0)
        {
            work += retryPairs();
        }
        if (schedule.isCheckDue(nowNs))
        {
            work += check(nowNs);
        }
        if (nowNs - nextPageCheckNs >= 0)
        {
            nextPageCheckNs = nowNs + pageCheckIntervalNs;
            work += checkPages();
        }
        return work;
    }

    private int retryPairs()
    {
        int work = 0;
        for (final PolledBond bond : bonds)
        {
            if (bond.pendingPair && !bond.released)
            {
                final int word = cachedOf(bond.index());
                if (groupInfoAcquire(bond.index()) == word)
                {
                    final long unreported = bond.settle(word);
                    if (!bond.pendingPair)
                    {
                        pendingPairs--;
                        work += reportMissed(bond, unreported);
                    }
                }
            }
        }
        return work;
    }

    private int check(final long nowNs)
    {
        if (checkSingleThread)
        {
            checkThread();
        }
        int work = 0;
        for (final PolledBond bond : bonds)
        {
            if (bond.released)
            {
                continue;
            }
            if (!bond.hasBlock)
            {
                bond.hasBlock = bond.reader.hasBlock();
                if (bond.hasBlock)
                {
                    syncToBlock(bond);
                }
                continue;
            }
            final boolean consistent = bond.readHeader();
            work += bond.liveness.judge(consistent, bond.header(), nowNs, listener, bond);
            final int word = cachedOf(bond.index());
            if (consistent && bond.header().activeRaw == word && groupInfoAcquire(bond.index()) == word)
            {
                // Word 0 and block describe one state: failovers the block counts and word 0 did not show are missed.
                final boolean wasPending = bond.pendingPair;
                bond.pendingPair = false;
                if (wasPending)
                {
                    pendingPairs--;
                }
                work += reportMissed(bond, bond.generations.settled(bond.header().generation));
            }
        }
        return work;
    }

    private int checkPages()
    {
        int work = 0;
        for (final PolledBond bond : bonds)
        {
            if (bond.watch == null)
            {
                continue;
            }
            final int pathState = bond.watch.check();
            if (!bond.released)
            {
                if (pathState == PathWatch.GONE || pathState == PathWatch.REPLACED)
                {
                    work += release(bond, pathState);
                }
            }
            else if (follow && pathState == PathWatch.REPLACED)
            {
                work += tryFollow(bond);
            }
        }
        return work;
    }

    private int release(final PolledBond bond, final int pathState)
    {
        bond.released = true;
        bond.groupInfoAtRelease = cachedOf(bond.index());
        if (bond.pendingPair)
        {
            bond.pendingPair = false;
            pendingPairs--;
        }
        bond.countRelease();
        listener.onPageReleased(bond, pathState == PathWatch.GONE ? PageRelease.REMOVED : PageRelease.REPLACED);
        if (follow && pathState == PathWatch.REPLACED)
        {
            tryFollow(bond);
        }
        return 1;
    }

    private int tryFollow(final PolledBond bond)
    {
        final PathWatch watch = bond.watch;
        final String problem = followProblem(bond, watch);
        if (problem != null)
        {
            return followFailed(bond, problem);
        }
        final BondPage next;
        try
        {
            next = BondPage.open(watch.path());
        }
        catch (final PageException e)
        {
            return followFailed(bond, e.getMessage());
        }
        final int index = bond.index();
        final int before = bond.groupInfoAtRelease;
        final BondPage previouslyOwned = bond.ownedPage;
        mapBond(index, next, next.segment(), next.path().toString());
        bond.ownedPage = next;
        if (previouslyOwned != null)
        {
            // No longer read: the arrays point at the new page.
            previouslyOwned.close();
        }
        final int groupInfo = cachedOf(index);
        listener.onPageFollowed(bond, groupInfo);
        if (groupInfo != before)
        {
            bond.beginChange();
            event.reset(bond, before, groupInfo, System.nanoTime(), true);
            tell(bond, event);
        }
        return 1;
    }

    private static String followProblem(final PolledBond bond, final PathWatch watch)
    {
        if (watch.fileType() != bond.mappedFileType)
        {
            return watch.path() + " is now " + describeType(watch.fileType()) + ", not " +
                describeType(bond.mappedFileType) + " like the page that was released: not following it";
        }
        if (bond.mappedFileType == LibC.S_IFCHR && PathWatch.major(watch.rdev()) != bond.mappedMajor)
        {
            return watch.path() + " is now a character device of major " + PathWatch.major(watch.rdev()) +
                ", not " + bond.mappedMajor + " like the exasock node that was released: not following it";
        }
        return null;
    }

    private int followFailed(final PolledBond bond, final String problem)
    {
        if (!problem.equals(bond.followProblem))
        {
            bond.followProblem = problem;
            listener.onFollowFailed(bond, problem);
            return 1;
        }
        return 0;
    }

    private static String describeType(final int fileType)
    {
        return switch (fileType)
        {
            case LibC.S_IFCHR -> "a character device";
            case LibC.S_IFREG -> "a regular file";
            case LibC.S_IFDIR -> "a directory";
            default -> "another kind of file";
        };
    }

    private void mapBond(final int index, final BondPage page, final MemorySegment segment, final String pageName)
    {
        final PolledBond bond = bonds[index];
        bond.map(page, segment, pageName);
        switch (index)
        {
            case 0 ->
            {
                segment0 = segment;
                address0 = segment.address();
            }
            case 1 ->
            {
                segment1 = segment;
                address1 = segment.address();
            }
            default ->
            {
                segments[index] = segment;
                addresses[index] = segment.address();
            }
        }
        setCached(index, groupInfoAcquire(index));
        if (bond.hasBlock)
        {
            syncToBlock(bond);
        }
    }

    private void syncToBlock(final PolledBond bond)
    {
        final int index = bond.index();
        // Outside the hot path: a publisher mid-write is waited for, briefly, to start from one state.
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            final int groupInfo = groupInfoAcquire(index);
            if (bond.readHeader() && bond.header().activeRaw == groupInfo)
            {
                setCached(index, groupInfo);
                bond.generations.baseline(bond.header().generation);
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

    /**
     * Frees the poller's counters and closes the pages it mapped itself.
     */
    void closeBonds()
    {
        for (final PolledBond bond : bonds)
        {
            bond.closeOwnedPage();
            if (bond.counters != null)
            {
                bond.counters.close();
            }
        }
        if (heartbeat != null)
        {
            heartbeat.close();
        }
    }

    private RuntimeException pageClosedOr(final IllegalStateException ex)
    {
        for (final PolledBond bond : bonds)
        {
            if (!bond.segment.scope().isAlive())
            {
                final PageClosedException closed = new PageClosedException(bond.path(), "the page of bond " +
                    bond.name() + " (" + bond.pageName() + ") was closed while " + roleName + " polled it: stop " +
                    "the poller (close its AgentRunner) before closing the page");
                closed.initCause(ex);
                return new AgentTerminationException(closed.getMessage(), closed);
            }
        }
        return ex;
    }
}
