package io.exabond.poller;

import io.exabond.internal.LibC;
import io.exabond.internal.NativeAccess;
import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import org.agrona.concurrent.Agent;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Notices failovers of a bond by polling word 0 of its page: an Agrona {@link Agent} for an
 * {@code AgentRunner} with any idle strategy, an {@code AgentInvoker} or a {@code CompositeAgent} in a feed
 * handler's own duty cycle, or a direct {@link #poll()}.
 * <p>
 * The no-change path is one acquire load of word 0, one compare and one countdown: no allocation, no lock, no
 * call out. On a change the poller takes one snapshot of the status block (when the page has one) and calls the
 * {@link FailoverListener} with a reused {@link FailoverEvent}. Every {@code checkIntervalPolls} polls it also
 * checks, off the hot path, that the publisher is alive (heartbeat, seqlock) and that the block's generation has
 * not moved while word 0 stayed put (A to B to A between two polls), which it reports as missed failovers.
 * <p>
 * Threading: a poller is confined to the one thread that calls {@link #doWork()} / {@link #poll()}; construct it
 * anywhere. Steady state allocates nothing; the listener runs on the polling thread.
 * <p>
 * Call {@link #warmUp(int)} once per JVM before going live, so that the first real failover meets compiled code;
 * optionally {@link #pinOnStart(int)} (with {@link ThreadAffinity#keepThreadsOffCpu(int)}) and
 * {@link #recordJfrEvents(boolean)}.
 */
public final class FailoverPoller implements Agent
{
    /** Polls between two health and generation checks. */
    public static final int DEFAULT_CHECK_INTERVAL_POLLS = 1024;
    /** How long a change waits for the block of that change when a write is in progress. */
    public static final long CHANGE_READ_TIMEOUT_NS = 1_000_000L;

    // PageLayout's handles, made from the generated layouts: INT is word 0 (at its union's offset, 0), and LONG is seq,
    // given the block's offset (BLOCK_SEQ), to which it adds seq's own.
    private static final VarHandle INT = PageLayout.GRPINFO_RAW_HANDLE;
    private static final VarHandle LONG = PageLayout.SEQ_HANDLE;
    private static final long BLOCK_SEQ = PageLayout.STATUS_BLOCK_OFFSET;
    private static final long BLOCK_GENERATION = PageLayout.STATUS_BLOCK_OFFSET + PageLayout.GENERATION_OFFSET;
    private static final long BLOCK_HEARTBEAT_NS = PageLayout.STATUS_BLOCK_OFFSET + PageLayout.HEARTBEAT_NS_OFFSET;
    private static final long BLOCK_ACTIVE_RAW = PageLayout.STATUS_BLOCK_OFFSET + PageLayout.ACTIVE_RAW_OFFSET;
    private static final long BLOCK_MONITOR_INTERVAL_MS =
        PageLayout.STATUS_BLOCK_OFFSET + PageLayout.MONITOR_INTERVAL_MS_OFFSET;
    private static final int MAX_CATCH_UP_ATTEMPTS = 1000;

    private final MemorySegment page;
    private final String roleName;
    private final FailoverListener listener;
    private final StatusBlockReader reader;
    private final StatusSnapshot snapshot = new StatusSnapshot();
    private final FailoverEvent event = new FailoverEvent();
    private final int checkIntervalPolls;
    private final long stallTimeoutNs;
    private final AutoCloseable owned;

    private int cachedRaw;
    private int untilCheck;
    private boolean hasBlock;
    private boolean resync;
    private boolean baselineKnown;
    private long reportedSinceBaseline;
    private long lastGeneration;
    private boolean stalled;
    private long unstableSinceNs;
    private long failovers;
    private long missedTotal;
    private int cpu = -1;
    private boolean recordJfr;
    private long changeReadTimeoutNs = CHANGE_READ_TIMEOUT_NS;
    private int catchUpAttempts = MAX_CATCH_UP_ATTEMPTS;
    private long healthGeneration;
    private long healthHeartbeatNs;
    private int healthActiveRaw;
    private int healthMonitorMs;

    /**
     * A poller over a mapped page that it does not own: the caller closes the page after the poller stops.
     *
     * @param page     the bond's page.
     * @param name     bond name for {@link #roleName()}.
     * @param listener told of failovers.
     */
    public FailoverPoller(final BondPage page, final String name, final FailoverListener listener)
    {
        this(page.segment(), name, listener, DEFAULT_CHECK_INTERVAL_POLLS, StatusBlockReader.DEFAULT_STALL_TIMEOUT_NS,
            null);
    }

    /**
     * @param page               the page's memory, at least {@link PageLayout#MIN_PAGE_SIZE} bytes.
     * @param name               bond name for {@link #roleName()}.
     * @param listener           told of failovers.
     * @param checkIntervalPolls polls between health and generation checks, at least 1.
     * @param stallTimeoutNs     how long {@code seq} may stay odd before the publisher counts as stalled.
     * @param owned              closed by {@link #onClose()} (the page's mapping, typically), or null.
     */
    public FailoverPoller(final MemorySegment page, final String name, final FailoverListener listener,
        final int checkIntervalPolls, final long stallTimeoutNs, final AutoCloseable owned)
    {
        if (checkIntervalPolls < 1)
        {
            throw new IllegalArgumentException("checkIntervalPolls must be at least 1, not " + checkIntervalPolls);
        }
        this.page = page;
        this.roleName = "exabond-poller-" + name;
        this.listener = listener;
        this.reader = new StatusBlockReader(page);
        this.checkIntervalPolls = checkIntervalPolls;
        this.stallTimeoutNs = stallTimeoutNs;
        this.owned = owned;
        this.untilCheck = checkIntervalPolls;
        this.cachedRaw = wordAcquire();
        this.hasBlock = reader.hasBlock();
        if (hasBlock)
        {
            syncToBlock();
        }
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
     */
    public int poll()
    {
        final int raw = (int)INT.getAcquire(page, 0L);
        if (raw != cachedRaw)
        {
            // The clock is read here, inline, not in the (larger, not inlined) change path after a call.
            return onWordChanged(raw, System.nanoTime());
        }
        if (--untilCheck == 0)
        {
            return check();
        }
        return 0;
    }

    /**
     * @return {@code exabond-poller-<bond>}.
     */
    public String roleName()
    {
        return roleName;
    }

    /**
     * Pins the thread that starts this agent (an {@code AgentRunner}'s thread) to one CPU in {@link #onStart()}.
     * Only that thread moves: the JVM's JIT and GC threads keep their CPUs. Call before the agent starts.
     *
     * @param cpu the CPU number, or -1 to leave the thread where the scheduler puts it.
     * @return this poller.
     */
    public FailoverPoller pinOnStart(final int cpu)
    {
        if (cpu < -1)
        {
            throw new IllegalArgumentException("CPU number " + cpu + " is out of range: CPUs are numbered from 0");
        }
        this.cpu = cpu;
        return this;
    }

    /**
     * Commits a JDK Flight Recorder event {@code io.exabond.Failover} for each failover noticed, after the listener
     * returned (its duration is the listener's time), so that failovers show in the application's recordings. Off by
     * default; when on, each failover creates one small event object (the no-change path is unchanged).
     *
     * @param record true to commit events.
     * @return this poller.
     */
    public FailoverPoller recordJfrEvents(final boolean record)
    {
        this.recordJfr = record;
        return this;
    }

    /**
     * Pins the calling thread when {@link #pinOnStart(int)} named a CPU.
     *
     * @throws IllegalArgumentException when the CPU cannot be used; the message names the CPUs allowed.
     */
    public void onStart()
    {
        if (cpu >= 0)
        {
            ThreadAffinity.pinCurrentThread(cpu);
        }
    }

    /**
     * Closes what the poller owns (its page mapping), if anything.
     */
    public void onClose()
    {
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
     * @return word 0 as last seen.
     */
    public int lastRaw()
    {
        return cachedRaw;
    }

    /**
     * @return the block's generation as last seen, or {@link FailoverEvent#NO_GENERATION} on a kernel page.
     */
    public long lastGeneration()
    {
        return hasBlock ? lastGeneration : FailoverEvent.NO_GENERATION;
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
        return missedTotal;
    }

    /**
     * @return true while the publisher counts as stalled.
     */
    public boolean isPublisherStalled()
    {
        return stalled;
    }

    /**
     * Compiles the change path before a poller goes live, so that the first real failover does not meet an
     * uncommon trap and a recompilation: runs private pollers of this class against a private in-memory page that
     * it fails over itself. Takes well under a second (tens of milliseconds on an idle machine); call it once per
     * JVM, before starting pollers.
     * <p>
     * Three pollers with listeners of three classes take turns, so that C2 compiles the listener calls as plain
     * interface calls: with a single listener class seen it would inline that class behind a type guard whose miss,
     * at the application's first real failover, deoptimizes. Some failovers are published in pairs, so that the
     * paths of missed failovers (a generation jump, and A to B to A) are compiled too; and the states a concurrent
     * publisher leaves a reader in are staged (a write in progress at a change and at a check, a block one change
     * ahead of word 0), since a branch the warm-up never took is compiled as an uncommon trap that deoptimizes the
     * poller the first time a real publisher is caught mid-write.
     *
     * @param failovers failovers to run; 20 000 is enough for C2 to compile both paths.
     * @return failovers and missed failovers the private pollers noticed, so the work cannot be optimized away.
     */
    public static long warmUp(final int failovers)
    {
        NativeAccess.check();
        final long pageSize = Math.max(LibC.pageSize(), PageLayout.MIN_PAGE_SIZE);
        // A shared arena, like the mapping of a real page (PageMapping): code compiled against a confined session's
        // checks would meet a type it has not seen on the first poll of the real page.
        try (Arena arena = Arena.ofShared())
        {
            final MemorySegment memory = arena.allocate(pageSize, pageSize);
            final WarmUpPage publisher = new WarmUpPage(memory);
            final long[] seen = new long[1];
            final FailoverListener[] listeners = {
                new FailoverListener()
                {
                    public void onFailover(final FailoverEvent event)
                    {
                        seen[0] += 1 + event.missed();
                    }

                    public void onMissedFailovers(final long missed, final long generation)
                    {
                        seen[0] += missed;
                    }
                },
                new FailoverListener()
                {
                    public void onFailover(final FailoverEvent event)
                    {
                        seen[0] += event.raw() != event.previousRaw() ? 1 : 0;
                    }

                    public void onMissedFailovers(final long missed, final long generation)
                    {
                        seen[0] += generation > 0 ? missed : 0;
                    }
                },
                event -> seen[0] += event.isTimed() ? 1 : 0
            };
            final FailoverPoller[] pollers = new FailoverPoller[listeners.length];
            for (int i = 0; i < pollers.length; i++)
            {
                pollers[i] = new FailoverPoller(memory, "warmup", listeners[i], 64, 0, null);
                // Short waits, so that the paths of a publisher caught mid-write cost microseconds here.
                pollers[i].changeReadTimeoutNs = 2_000;
                pollers[i].catchUpAttempts = 20;
            }
            // And a kernel page, word 0 alone, so that the path without a block is compiled too.
            final MemorySegment kernelPage = arena.allocate(pageSize, pageSize);
            final FailoverPoller kernelPoller = new FailoverPoller(kernelPage, "warmup", listeners[0], 64, 1_000_000L,
                null);
            int active = 0;
            for (int i = 0; i < failovers; i++)
            {
                final int next = (active + 1) % 3;
                switch (i & 63)
                {
                    case 31 ->
                    {
                        // A failover missed by all: A to B to C, seen as a jump of 2.
                        publisher.publishActive(next);
                        active = (next + 1) % 3;
                        publisher.publishActive(active);
                    }
                    case 62 ->
                    {
                        // A to B to A: word 0 ends where it was; the low-rate check reports it.
                        publisher.publishActive(next);
                        publisher.publishActive(active);
                    }
                    case 20 ->
                    {
                        // The publisher caught mid-write (seq odd) as word 0 changes: the change cannot be paired
                        // with the block; the low-rate check finds the baseline again once the write is done.
                        final long seq = publisher.seq();
                        publisher.storeSeq(seq + 1);
                        publisher.storeWord0(WarmUpPage.rawOf(next));
                        pollAll(pollers, 2);
                        publisher.storeSeq(seq);
                        publisher.publishActive(next);
                        active = next;
                    }
                    case 40 ->
                    {
                        // The block already describes the next change when word 0 is loaded: the catch-up wait.
                        publisher.publishActive(next);
                        active = (next + 1) % 3;
                        publisher.publishActive(active);
                        publisher.storeWord0(WarmUpPage.rawOf(next));
                        pollAll(pollers, 2);
                        publisher.storeWord0(WarmUpPage.rawOf(active));
                    }
                    case 10 ->
                    {
                        // A change whose block is published and whose word 0 is not yet, during the low-rate check.
                        final int before = publisher.word0();
                        publisher.publishActive(next);
                        publisher.storeWord0(before);
                        pollAll(pollers, 70);
                        publisher.storeWord0(WarmUpPage.rawOf(next));
                        active = next;
                    }
                    case 50 ->
                    {
                        // A write in progress during the low-rate check, long enough to count as a stall (the
                        // warm-up pollers' stall timeout is 0), then the recovery.
                        final long seq = publisher.seq();
                        publisher.storeSeq(seq + 1);
                        pollAll(pollers, 140);
                        publisher.storeSeq(seq);
                        publisher.publishActive(next);
                        active = next;
                    }
                    default ->
                    {
                        publisher.publishActive(next);
                        active = next;
                    }
                }
                for (final FailoverPoller poller : pollers)
                {
                    poller.doWork();
                }
                pollAll(pollers, 8);
                kernelPage.set(ValueLayout.JAVA_INT, 0, WarmUpPage.rawOf(active));
                for (int p = 0; p < 4; p++)
                {
                    kernelPoller.poll();
                }
            }
            return seen[0];
        }
    }

    private static void pollAll(final FailoverPoller[] pollers, final int polls)
    {
        for (final FailoverPoller poller : pollers)
        {
            for (int p = 0; p < polls; p++)
            {
                poller.poll();
            }
        }
    }

    private int wordAcquire()
    {
        return (int)INT.getAcquire(page, 0L);
    }

    private int onWordChanged(final int observed, final long detectedNs)
    {
        final FailoverEvent event = this.event;
        event.previousRaw = cachedRaw;
        event.detectedNs = detectedNs;
        event.generation = FailoverEvent.NO_GENERATION;
        event.missed = 0;
        event.changedNs = 0;
        event.timed = false;
        event.hasBlock = false;
        event.snapshot = null;
        int raw = observed;

        boolean fresh = false;
        if (!hasBlock)
        {
            hasBlock = reader.hasBlock();
            fresh = hasBlock;
        }
        resync = hasBlock;
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
                if (snapshot.activeRaw() == raw)
                {
                    paired = true;
                    break;
                }
                if (attempt >= catchUpAttempts)
                {
                    break;
                }
                Thread.onSpinWait();
                raw = wordAcquire();
            }
        }
        if (paired)
        {
            final long generation = snapshot.generation();
            // Failovers published since the last generation known and not reported yet, this one included:
            // changes reported untimed while the block could not be read count as reported. A block seen for
            // the first time has no baseline to jump from.
            final long jump = fresh || !baselineKnown ? 1 : generation - lastGeneration - reportedSinceBaseline;
            lastGeneration = generation;
            baselineKnown = true;
            reportedSinceBaseline = 0;
            resync = false;
            cachedRaw = raw;
            if (raw == event.previousRaw)
            {
                // A to B to A while we looked: nothing visible changed, but failovers happened.
                return reportMissed(jump);
            }
            event.hasBlock = true;
            event.snapshot = snapshot;
            event.generation = generation;
            event.missed = Math.max(0, jump - 1);
            event.changedNs = snapshot.changedNs();
            // Timed only when this is the one change since the last one known: after a jump, the word loaded may
            // belong to an earlier publication of the same slave (A, B, A, B) than the block's changed_ns.
            event.timed = raw == observed && jump == 1;
            missedTotal += event.missed;
        }
        if (resync)
        {
            // Word 0 moved but the block could not be paired with it: reported untimed, and counted, so that the
            // generation jump found once the block is readable again does not count this change as missed.
            reportedSinceBaseline++;
        }
        cachedRaw = raw;
        event.raw = raw;
        failovers++;
        if (recordJfr)
        {
            notifyRecorded(event);
        }
        else
        {
            listener.onFailover(event);
        }
        return 1;
    }

    private void notifyRecorded(final FailoverEvent event)
    {
        final FailoverRecord record = new FailoverRecord();
        record.begin();
        listener.onFailover(event);
        if (record.shouldCommit())
        {
            record.poller = roleName;
            record.previousRaw = event.previousRaw;
            record.raw = event.raw;
            record.active = event.isActive();
            record.exanicId = event.exanicId();
            record.exanicPort = event.exanicPort();
            record.generation = event.generation;
            record.missed = event.missed;
            record.latency = event.latencyNs();
            record.commit();
        }
    }

    private int reportMissed(final long jump)
    {
        if (jump <= 0)
        {
            return 0;
        }
        missedTotal += jump;
        listener.onMissedFailovers(jump, lastGeneration);
        return 1;
    }

    private int check()
    {
        untilCheck = checkIntervalPolls;
        if (!hasBlock)
        {
            hasBlock = reader.hasBlock();
            if (hasBlock)
            {
                syncToBlock();
            }
            return 0;
        }

        final long now = System.nanoTime();
        if (readHealth() != 0)
        {
            if (unstableSinceNs == 0)
            {
                unstableSinceNs = now;
            }
            else if (now - unstableSinceNs > stallTimeoutNs && !stalled)
            {
                stalled = true;
                listener.onPublisherStalled(StallReason.SEQLOCK_STUCK, -1);
                return 1;
            }
            return 0;
        }
        unstableSinceNs = 0;

        int work = 0;
        final long heartbeatAgeNs = now - healthHeartbeatNs;
        final boolean stale = heartbeatAgeNs > StatusSnapshot.staleAfterNs(healthMonitorMs);
        if (stale && !stalled)
        {
            stalled = true;
            listener.onPublisherStalled(StallReason.HEARTBEAT_STALE, heartbeatAgeNs);
            work = 1;
        }
        else if (!stale && stalled)
        {
            stalled = false;
            listener.onPublisherRecovered();
            work = 1;
        }

        if (resync)
        {
            if (healthActiveRaw == cachedRaw && wordAcquire() == cachedRaw)
            {
                final long unreported = baselineKnown ? healthGeneration - lastGeneration - reportedSinceBaseline : 0;
                lastGeneration = healthGeneration;
                baselineKnown = true;
                reportedSinceBaseline = 0;
                resync = false;
                if (unreported > 0)
                {
                    work |= reportMissed(unreported);
                }
            }
        }
        else if (healthGeneration != lastGeneration && healthActiveRaw == cachedRaw &&
            wordAcquire() == cachedRaw)
        {
            final long jump = healthGeneration - lastGeneration;
            lastGeneration = healthGeneration;
            work |= reportMissed(jump);
        }
        return work;
    }

    /**
     * The seqlock read of the low-rate check, limited to the four fields it needs: far cheaper than a whole
     * snapshot (members and names), so that a failover that arrives during a check waits less. Branch-free: its
     * caller's one test sees both outcomes in the warm-up, whereas a torn read cannot be staged there.
     *
     * @return 0 when the fields are consistent; otherwise a write was in progress or overlapped the read.
     */
    private long readHealth()
    {
        final long s1 = (long)LONG.getAcquire(page, BLOCK_SEQ);
        healthGeneration = page.get(ValueLayout.JAVA_LONG, BLOCK_GENERATION);
        healthHeartbeatNs = page.get(ValueLayout.JAVA_LONG, BLOCK_HEARTBEAT_NS);
        healthActiveRaw = page.get(ValueLayout.JAVA_INT, BLOCK_ACTIVE_RAW);
        healthMonitorMs = page.get(ValueLayout.JAVA_INT, BLOCK_MONITOR_INTERVAL_MS);
        VarHandle.acquireFence();
        final long s2 = (long)LONG.getAcquire(page, BLOCK_SEQ);
        return (s1 & 1) | (s1 ^ s2);
    }

    private void syncToBlock()
    {
        for (int attempt = 0; attempt < MAX_CATCH_UP_ATTEMPTS; attempt++)
        {
            if (reader.read(snapshot, stallTimeoutNs) != StatusBlockReader.Status.CONSISTENT)
            {
                return;
            }
            final int raw = wordAcquire();
            if (raw == snapshot.activeRaw())
            {
                cachedRaw = raw;
                lastGeneration = snapshot.generation();
                baselineKnown = true;
                return;
            }
            Thread.onSpinWait();
        }
    }
}
