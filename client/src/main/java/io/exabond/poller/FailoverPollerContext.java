package io.exabond.poller;

import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;
import io.exabond.page.StatusBlockReader;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Everything a {@link FailoverPoller} is configured with, set in one place and validated once by
 * {@link #conclude()} (as Aeron's {@code Context}): the poller's constructor concludes it, so a missing listener or
 * a bad value is refused there, with a message naming the setting, rather than at the first failover.
 * <pre>{@code
 * new FailoverPoller(new FailoverPollerContext().page(page).bondName("bond0").listener(listener).pinOnStart(3))
 * }</pre>
 * Required: {@link #page(BondPage)} (or {@link #page(MemorySegment, String)}), {@link #bondName(String)} and
 * {@link #listener(FailoverListener)}. Everything else has a default. Not thread-safe: configure it on one thread
 * and hand it to one poller; a concluded context refuses further changes.
 */
public final class FailoverPollerContext
{
    /** Default of {@link #livenessCheckIntervalNs(long)}: 1 ms. */
    public static final long DEFAULT_LIVENESS_CHECK_INTERVAL_NS = 1_000_000L;
    /** Default of {@link #maxPollsPerClockRead(int)}. */
    public static final int DEFAULT_MAX_POLLS_PER_CLOCK_READ = 1024;
    /** Default of {@link #changeReadTimeoutNs(long)}: 1 ms. */
    public static final long DEFAULT_CHANGE_READ_TIMEOUT_NS = 1_000_000L;
    /** Default of {@link #warmUpFailovers(int)}: enough for C2 to compile the no-change and the change paths. */
    public static final int DEFAULT_WARM_UP_FAILOVERS = 20_000;
    static final int DEFAULT_CATCH_UP_ATTEMPTS = 1000;

    private MemorySegment page;
    private String pageName;
    private String bondName;
    private FailoverListener listener;
    private AutoCloseable owned;
    private long livenessCheckIntervalNs = DEFAULT_LIVENESS_CHECK_INTERVAL_NS;
    private int maxPollsPerClockRead = DEFAULT_MAX_POLLS_PER_CLOCK_READ;
    private long stallTimeoutNs = StatusBlockReader.DEFAULT_STALL_TIMEOUT_NS;
    private long changeReadTimeoutNs = DEFAULT_CHANGE_READ_TIMEOUT_NS;
    private int catchUpAttempts = DEFAULT_CATCH_UP_ATTEMPTS;
    private int cpu = -1;
    private boolean recordJfrEvents;
    private boolean warmUp = true;
    private int warmUpFailovers = DEFAULT_WARM_UP_FAILOVERS;
    private boolean checkSingleThread;
    private boolean concluded;

    /**
     * A context with every default; set the page, the bond name and the listener.
     */
    public FailoverPollerContext()
    {
    }

    /**
     * Checks every setting once; the {@link FailoverPoller} constructor calls it.
     *
     * @return this context.
     * @throws IllegalArgumentException naming the first setting that is missing or out of range.
     */
    public FailoverPollerContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (page == null)
        {
            throw new IllegalArgumentException("page is not set: give the bond's page with page(BondPage)");
        }
        if (page.byteSize() < PageLayout.MIN_PAGE_SIZE)
        {
            throw new IllegalArgumentException("page " + pageName + " has " + page.byteSize() +
                " bytes; a bond's page has at least " + PageLayout.MIN_PAGE_SIZE);
        }
        if (bondName == null || bondName.isEmpty())
        {
            throw new IllegalArgumentException("bondName is not set: name the bond, e.g. bondName(\"bond0\")");
        }
        if (listener == null)
        {
            throw new IllegalArgumentException("listener is not set: give listener(FailoverListener) the code to " +
                "tell of failovers for bond " + bondName);
        }
        atLeast("maxPollsPerClockRead", maxPollsPerClockRead, 1);
        atLeast("livenessCheckIntervalNs", livenessCheckIntervalNs, 0);
        atLeast("stallTimeoutNs", stallTimeoutNs, 0);
        atLeast("changeReadTimeoutNs", changeReadTimeoutNs, 0);
        atLeast("catchUpAttempts", catchUpAttempts, 0);
        atLeast("warmUpFailovers", warmUpFailovers, 1);
        if (cpu < -1)
        {
            throw new IllegalArgumentException("pinOnStart CPU number " + cpu +
                " is out of range: CPUs are numbered from 0 (-1 leaves the thread unpinned)");
        }
        concluded = true;
        return this;
    }

    /**
     * @param page the bond's mapped page, which the caller closes after the poller stops (or hands over with
     *             {@link #ownedResource(AutoCloseable)}); its path names it in error messages.
     * @return this context.
     */
    public FailoverPollerContext page(final BondPage page)
    {
        Objects.requireNonNull(page, "page");
        return page(page.segment(), page.path().toString());
    }

    /**
     * @param page     the page's memory, at least {@link PageLayout#MIN_PAGE_SIZE} bytes.
     * @param pageName how error messages name it, e.g. its path.
     * @return this context.
     */
    public FailoverPollerContext page(final MemorySegment page, final String pageName)
    {
        checkNotConcluded();
        this.page = page;
        this.pageName = pageName;
        return this;
    }

    /**
     * @param bondName the bond's name, for {@link FailoverPoller#roleName()} and messages.
     * @return this context.
     */
    public FailoverPollerContext bondName(final String bondName)
    {
        checkNotConcluded();
        this.bondName = bondName;
        return this;
    }

    /**
     * @param listener told of failovers, missed failovers and stalls, on the polling thread.
     * @return this context.
     */
    public FailoverPollerContext listener(final FailoverListener listener)
    {
        checkNotConcluded();
        this.listener = listener;
        return this;
    }

    /**
     * @param owned closed by {@link FailoverPoller#onClose()} (the page, typically), or null (the default).
     * @return this context.
     */
    public FailoverPollerContext ownedResource(final AutoCloseable owned)
    {
        checkNotConcluded();
        this.owned = owned;
        return this;
    }

    /**
     * How often, in time, the poller checks the publisher's liveness (heartbeat, seqlock) and the generation (for
     * A to B to A between two polls). A stall is reported within this interval plus one clock-read gap (see
     * {@link #maxPollsPerClockRead(int)}) of the heartbeat going stale.
     *
     * @param intervalNs at least 0; 0 checks at every clock read. Default {@value #DEFAULT_LIVENESS_CHECK_INTERVAL_NS}.
     * @return this context.
     */
    public FailoverPollerContext livenessCheckIntervalNs(final long intervalNs)
    {
        checkNotConcluded();
        this.livenessCheckIntervalNs = intervalNs;
        return this;
    }

    /**
     * The most polls between two reads of the clock. The poller reads the clock only every so many polls (a clock
     * read costs ten no-change polls) and adapts the count to the rate of polls, aiming at one read per quarter of
     * {@link #livenessCheckIntervalNs(long)}: the count falls to 1 under an idle strategy that parks or sleeps, and
     * rises to this maximum when spinning. A duty cycle that slows suddenly (from spinning to parking) waits once
     * for up to this many polls before the count adapts.
     *
     * @param polls at least 1. Default {@value #DEFAULT_MAX_POLLS_PER_CLOCK_READ}.
     * @return this context.
     */
    public FailoverPollerContext maxPollsPerClockRead(final int polls)
    {
        checkNotConcluded();
        this.maxPollsPerClockRead = polls;
        return this;
    }

    /**
     * @param timeoutNs how long the block's {@code seq} may stay odd before the publisher counts as stalled; at
     *                  least 0. Default {@link StatusBlockReader#DEFAULT_STALL_TIMEOUT_NS}.
     * @return this context.
     */
    public FailoverPollerContext stallTimeoutNs(final long timeoutNs)
    {
        checkNotConcluded();
        this.stallTimeoutNs = timeoutNs;
        return this;
    }

    /**
     * @param timeoutNs how long a change waits for a write in progress to pair word 0 with its block before it is
     *                  reported untimed; at least 0. Default {@value #DEFAULT_CHANGE_READ_TIMEOUT_NS}.
     * @return this context.
     */
    public FailoverPollerContext changeReadTimeoutNs(final long timeoutNs)
    {
        checkNotConcluded();
        this.changeReadTimeoutNs = timeoutNs;
        return this;
    }

    FailoverPollerContext catchUpAttempts(final int attempts)
    {
        checkNotConcluded();
        this.catchUpAttempts = attempts;
        return this;
    }

    /**
     * Pins the thread that starts the agent (an {@code AgentRunner}'s thread) to one CPU in
     * {@link FailoverPoller#onStart()}. Only that thread moves: the JVM's JIT and GC threads keep their CPUs.
     *
     * @param cpu the CPU number, or -1 (the default) to leave the thread where the scheduler puts it.
     * @return this context.
     */
    public FailoverPollerContext pinOnStart(final int cpu)
    {
        checkNotConcluded();
        this.cpu = cpu;
        return this;
    }

    /**
     * Commits a JDK Flight Recorder event {@code io.exabond.Failover} for each failover noticed, after the listener
     * returned (its duration is the listener's time). When on, each failover creates one small event object; the
     * no-change path is unchanged.
     *
     * @param record true to commit events; default false.
     * @return this context.
     */
    public FailoverPollerContext recordJfrEvents(final boolean record)
    {
        checkNotConcluded();
        this.recordJfrEvents = record;
        return this;
    }

    /**
     * Whether {@link FailoverPoller#onStart()} runs {@link FailoverPoller#warmUp(int)} (once per JVM) before the
     * first poll, so that the first real failover meets compiled code. On by default; turn it off when the JVM
     * already warmed up, or to measure what it buys. A loop that calls {@link FailoverPoller#poll()} itself, without
     * {@code onStart}, calls {@link FailoverPoller#warmUp(int)} itself.
     *
     * @param warmUp false to skip the warm-up.
     * @return this context.
     */
    public FailoverPollerContext warmUp(final boolean warmUp)
    {
        checkNotConcluded();
        this.warmUp = warmUp;
        return this;
    }

    /**
     * @param failovers failovers the warm-up of {@link #warmUp(boolean)} runs, at least 1. Default
     *                  {@value #DEFAULT_WARM_UP_FAILOVERS}.
     * @return this context.
     */
    public FailoverPollerContext warmUpFailovers(final int failovers)
    {
        checkNotConcluded();
        this.warmUpFailovers = failovers;
        return this;
    }

    /**
     * Catches a second thread that polls this poller (which would report every failover twice): the poller
     * remembers the thread of {@link FailoverPoller#onStart()} or of its first change or liveness check, and throws
     * {@link IllegalStateException} naming both threads when another one gets there. Off the no-change path; off by
     * default. Best effort: it looks at changes and checks only, so it finds a second thread within a liveness
     * interval, not at its first poll.
     *
     * @param check true to check.
     * @return this context.
     */
    public FailoverPollerContext checkSingleThread(final boolean check)
    {
        checkNotConcluded();
        this.checkSingleThread = check;
        return this;
    }

    MemorySegment page()
    {
        return page;
    }

    String pageName()
    {
        return pageName;
    }

    String bondName()
    {
        return bondName;
    }

    FailoverListener listener()
    {
        return listener;
    }

    AutoCloseable ownedResource()
    {
        return owned;
    }

    long livenessCheckIntervalNs()
    {
        return livenessCheckIntervalNs;
    }

    int maxPollsPerClockRead()
    {
        return maxPollsPerClockRead;
    }

    long stallTimeoutNs()
    {
        return stallTimeoutNs;
    }

    long changeReadTimeoutNs()
    {
        return changeReadTimeoutNs;
    }

    int catchUpAttempts()
    {
        return catchUpAttempts;
    }

    int cpu()
    {
        return cpu;
    }

    boolean recordJfrEvents()
    {
        return recordJfrEvents;
    }

    boolean warmUp()
    {
        return warmUp;
    }

    int warmUpFailovers()
    {
        return warmUpFailovers;
    }

    boolean checkSingleThread()
    {
        return checkSingleThread;
    }

    private void checkNotConcluded()
    {
        if (concluded)
        {
            throw new IllegalStateException("this FailoverPollerContext is concluded (a poller uses it): " +
                "configure a new one");
        }
    }

    private static void atLeast(final String name, final long value, final long min)
    {
        if (value < min)
        {
            throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
        }
    }
}
