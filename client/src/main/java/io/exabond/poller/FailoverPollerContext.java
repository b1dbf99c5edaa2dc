package io.exabond.poller;

import io.exabond.counters.ExabondCounters;
import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;
import io.exabond.page.StatusBlockReader;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link FailoverPoller} is configured with, set in one place and validated once by
 * {@link #conclude()} (as Aeron's {@code Context}): the poller's constructor concludes it, so a missing listener or
 * a bad value is refused there, with a message naming the setting, rather than at the first failover.
 * <pre>{@code
 * new FailoverPoller(new FailoverPollerContext()
 *     .bond("bondA", pageA)
 *     .bond("bondB", pageB)
 *     .listener(listener))
 * }</pre>
 * Required: at least one {@link #bond(String, BondPage)} and a {@link #listener(FailoverListener)}. Everything else has
 * a default. Not thread-safe: configure it on one thread and hand it to one poller. A context configures one poller:
 * once concluded it refuses changes and a second {@link #conclude()}, so two pollers never share what one owns (its
 * {@link #ownedResource(AutoCloseable)}, its counters).
 */
public final class FailoverPollerContext
{
    /** Default of {@link #livenessCheckIntervalNs(long)}: 1 ms. */
    public static final long DEFAULT_LIVENESS_CHECK_INTERVAL_NS = 1_000_000L;
    /** Default of {@link #maxPollsPerClockRead(int)}. */
    public static final int DEFAULT_MAX_POLLS_PER_CLOCK_READ = 1024;
    /** Default of {@link #changeReadTimeoutNs(long)}: 1 ms. */
    public static final long DEFAULT_CHANGE_READ_TIMEOUT_NS = 1_000_000L;
    /** Default of {@link #pageCheckIntervalNs(long)}: 10 ms. */
    public static final long DEFAULT_PAGE_CHECK_INTERVAL_NS = 10_000_000L;
    /** Default of {@link #warmUpFailovers(int)}: enough for C2 to compile the no-change and the change paths. */
    public static final int DEFAULT_WARM_UP_FAILOVERS = 20_000;

    /** One bond to poll: its name and its page. */
    record Bond(String name, BondPage page, MemorySegment segment, String pageName)
    {
    }

    private final List<Bond> bonds = new ArrayList<>();
    private FailoverListener listener;
    private AutoCloseable owned;
    private long livenessCheckIntervalNs = DEFAULT_LIVENESS_CHECK_INTERVAL_NS;
    private int maxPollsPerClockRead = DEFAULT_MAX_POLLS_PER_CLOCK_READ;
    private long stallTimeoutNs = StatusBlockReader.DEFAULT_STALL_TIMEOUT_NS;
    private long changeReadTimeoutNs = DEFAULT_CHANGE_READ_TIMEOUT_NS;
    private long pageCheckIntervalNs = DEFAULT_PAGE_CHECK_INTERVAL_NS;
    private boolean followReleasedPages = true;
    private ExabondCounters counters;
    private boolean countersSet;
    private boolean recordJfrEvents;
    private boolean warmUp = true;
    private int warmUpFailovers = DEFAULT_WARM_UP_FAILOVERS;
    private boolean checkSingleThread;
    private boolean concluded;

    /**
     * A context with every default; add the bonds and set the listener.
     */
    public FailoverPollerContext()
    {
    }

    /**
     * Checks every setting once; the {@link FailoverPoller} constructor calls it.
     *
     * @return this context.
     * @throws ConfigurationException naming the first setting that is missing or out of range, or when the context
     *                                was concluded before (it configures one poller).
     */
    public FailoverPollerContext conclude()
    {
        if (concluded)
        {
            throw new ConfigurationException("this FailoverPollerContext is concluded already: a context configures " +
                "one poller; give each poller a new context");
        }
        if (bonds.isEmpty())
        {
            throw new ConfigurationException("no bond is set: give each bond to poll with bond(\"bond0\", page)");
        }
        final Set<String> names = new HashSet<>();
        for (final Bond bond : bonds)
        {
            if (!names.add(bond.name()))
            {
                throw new ConfigurationException("bond " + bond.name() + " is given twice: give each bond once, " +
                    "with its own name");
            }
        }
        if (listener == null)
        {
            throw new ConfigurationException("listener is not set: give listener(FailoverListener) the code to tell " +
                "of failovers of " + String.join(", ", names));
        }
        atLeast("maxPollsPerClockRead", maxPollsPerClockRead, 1);
        atLeast("livenessCheckIntervalNs", livenessCheckIntervalNs, 0);
        atLeast("stallTimeoutNs", stallTimeoutNs, 0);
        atLeast("changeReadTimeoutNs", changeReadTimeoutNs, 0);
        atLeast("pageCheckIntervalNs", pageCheckIntervalNs, 0);
        atLeast("warmUpFailovers", warmUpFailovers, 1);
        if (!countersSet)
        {
            counters = ExabondCounters.forProcess();
        }
        concluded = true;
        return this;
    }

    /**
     * Adds a bond to poll, by its page.
     *
     * @param name the bond's interface name, for events, messages and {@link FailoverPoller#roleName()}.
     * @param page the bond's mapped page ({@code BondPage.openBond(name)}), which the caller closes after the poller
     *             stops (or hands over with {@link #ownedResource(AutoCloseable)}).
     * @return this context.
     */
    public FailoverPollerContext bond(final String name, final BondPage page)
    {
        Objects.requireNonNull(page, "page");
        return add(new Bond(name, page, page.segment(), page.path().toString()));
    }

    /**
     * Adds a bond to poll, by memory laid out as a page (read through the segment, with its checks; it cannot be
     * released or followed: nothing tells the poller where it came from).
     *
     * @param name     the bond's interface name.
     * @param page     the page's memory, at least {@link PageLayout#MIN_PAGE_SIZE} bytes.
     * @param pageName how error messages name it, e.g. its path.
     * @return this context.
     */
    public FailoverPollerContext bond(final String name, final MemorySegment page, final String pageName)
    {
        Objects.requireNonNull(page, "page");
        return add(new Bond(name, null, page, pageName));
    }

    private FailoverPollerContext add(final Bond bond)
    {
        checkNotConcluded();
        if (bond.name() == null || bond.name().isEmpty())
        {
            throw new ConfigurationException("a bond needs a name, e.g. bond(\"bond0\", page)");
        }
        if (bond.segment().byteSize() < PageLayout.MIN_PAGE_SIZE)
        {
            throw new ConfigurationException("page " + bond.pageName() + " of bond " + bond.name() + " has " +
                bond.segment().byteSize() + " bytes; a bond's page has at least " + PageLayout.MIN_PAGE_SIZE);
        }
        bonds.add(bond);
        return this;
    }

    /**
     * @param listener told of failovers, missed failovers, stalls and releases, on the polling thread.
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
     * How often, in time, the poller checks each publisher's liveness (heartbeat, seqlock) and generation (for A to B
     * to A between two polls). A stall is reported within this interval plus one clock-read gap (see
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
     * rises to this maximum when spinning.
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
     * How long {@link FailoverEvent#readStatus} waits for a write in progress when a listener asks for the whole
     * block. The change path itself never waits: it reads the block's first line once.
     *
     * @param timeoutNs at least 0. Default {@value #DEFAULT_CHANGE_READ_TIMEOUT_NS}.
     * @return this context.
     */
    public FailoverPollerContext changeReadTimeoutNs(final long timeoutNs)
    {
        checkNotConcluded();
        this.changeReadTimeoutNs = timeoutNs;
        return this;
    }

    /**
     * How often the poller looks whether each page's path still names the page it mapped (one {@code stat(2)} a
     * bond, about a microsecond, on the polling thread at a clock read), to learn of a release: the exasock driver
     * removes the node at once when the bond leaves management and leaves the mapped page frozen, word 0 = 0. A
     * release is reported within this interval plus one clock-read gap; a change of word 0 to 0, which a release
     * writes, is checked at once. The default, 10 ms, costs about 0.01% of a core and reports within the 100 ms a
     * feed handler's operators expect.
     *
     * @param intervalNs at least 0; 0 looks at every clock read. Default {@value #DEFAULT_PAGE_CHECK_INTERVAL_NS}.
     * @return this context.
     */
    public FailoverPollerContext pageCheckIntervalNs(final long intervalNs)
    {
        checkNotConcluded();
        this.pageCheckIntervalNs = intervalNs;
        return this;
    }

    /**
     * Whether the poller maps a bond's new page after a release (the bond managed again, a new page file) and polls it
     * from then on: at each page check after the release it looks for a node at the path and maps it on the polling
     * thread (open, fstat, two mmaps, and the close of the page it replaces: about 190 us on the development VM, once
     * per re-manage). On by default: the node's name is the bond's, so a new node is the same bond back under
     * management, and a feed handler that stops following is silently blind to its failovers, a worse failure than
     * one that follows a bond an operator re-managed on purpose. Turn it off when the application wants to decide
     * itself, from {@link FailoverListener#onPageReleased}, what to do.
     * <p>
     * The poller follows only a page of the kind it mapped: a character device of the same major (the driver's misc
     * devices), or a regular file for a publisher's page. Pages it maps itself it closes when it follows again or in
     * {@link FailoverPoller#onClose()}; the page the application gave stays the application's to close.
     *
     * @param follow false to stay released.
     * @return this context.
     */
    public FailoverPollerContext followReleasedPages(final boolean follow)
    {
        checkNotConcluded();
        this.followReleasedPages = follow;
        return this;
    }

    /**
     * Where the poller keeps its counters (per bond failovers, missed, stalls, releases, last latency; a heartbeat the
     * duty cycle updates) for other processes to read. Default: the process's file,
     * {@link ExabondCounters#forProcess()}.
     *
     * @param counters the counters file, or null to keep no counters.
     * @return this context.
     */
    public FailoverPollerContext counters(final ExabondCounters counters)
    {
        checkNotConcluded();
        this.counters = counters;
        this.countersSet = true;
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

    /**
     * @return how many bonds are configured.
     */
    public int bondCount()
    {
        return bonds.size();
    }

    /**
     * @param index a bond's position, from 0 in the order added.
     * @return its name.
     */
    public String bondName(final int index)
    {
        return bonds.get(index).name();
    }

    /**
     * @param index a bond's position, from 0 in the order added.
     * @return how messages name its page.
     */
    public String pageName(final int index)
    {
        return bonds.get(index).pageName();
    }

    /**
     * @return the listener.
     */
    public FailoverListener listener()
    {
        return listener;
    }

    /**
     * @return what {@link FailoverPoller#onClose()} closes, or null.
     */
    public AutoCloseable ownedResource()
    {
        return owned;
    }

    /**
     * @return the liveness check interval in ns.
     */
    public long livenessCheckIntervalNs()
    {
        return livenessCheckIntervalNs;
    }

    /**
     * @return the most polls between two clock reads.
     */
    public int maxPollsPerClockRead()
    {
        return maxPollsPerClockRead;
    }

    /**
     * @return how long {@code seq} may stay odd, in ns.
     */
    public long stallTimeoutNs()
    {
        return stallTimeoutNs;
    }

    /**
     * @return the wait of {@link FailoverEvent#readStatus}, in ns.
     */
    public long changeReadTimeoutNs()
    {
        return changeReadTimeoutNs;
    }

    /**
     * @return the page check interval in ns.
     */
    public long pageCheckIntervalNs()
    {
        return pageCheckIntervalNs;
    }

    /**
     * @return whether the poller follows a released bond's new page.
     */
    public boolean followReleasedPages()
    {
        return followReleasedPages;
    }

    /**
     * @return the counters file, or null for none (before {@link #conclude()}: null unless set).
     */
    public ExabondCounters counters()
    {
        return counters;
    }

    /**
     * @return whether failovers are recorded as JFR events.
     */
    public boolean recordJfrEvents()
    {
        return recordJfrEvents;
    }

    /**
     * @return whether {@link FailoverPoller#onStart()} warms up.
     */
    public boolean warmUp()
    {
        return warmUp;
    }

    /**
     * @return failovers of the warm-up.
     */
    public int warmUpFailovers()
    {
        return warmUpFailovers;
    }

    /**
     * @return whether a second polling thread is caught.
     */
    public boolean checkSingleThread()
    {
        return checkSingleThread;
    }

    /**
     * @return every setting on one line; allocates.
     */
    public String toString()
    {
        final StringBuilder text = new StringBuilder("FailoverPollerContext{bonds=[");
        for (int i = 0; i < bonds.size(); i++)
        {
            text.append(i == 0 ? "" : ", ").append(bonds.get(i).name()).append('=').append(bonds.get(i).pageName());
        }
        return text.append("], listener=").append(listener == null ? "null" : listener.getClass().getName())
            .append(", livenessCheckIntervalNs=").append(livenessCheckIntervalNs)
            .append(", maxPollsPerClockRead=").append(maxPollsPerClockRead)
            .append(", stallTimeoutNs=").append(stallTimeoutNs)
            .append(", changeReadTimeoutNs=").append(changeReadTimeoutNs)
            .append(", pageCheckIntervalNs=").append(pageCheckIntervalNs)
            .append(", followReleasedPages=").append(followReleasedPages)
            .append(", counters=").append(counters == null ? (countersSet ? "none" : "process") : counters.file())
            .append(", recordJfrEvents=").append(recordJfrEvents)
            .append(", warmUp=").append(warmUp)
            .append(", warmUpFailovers=").append(warmUpFailovers)
            .append(", checkSingleThread=").append(checkSingleThread)
            .append(", concluded=").append(concluded)
            .append('}').toString();
    }

    List<Bond> bonds()
    {
        return bonds;
    }

    private void checkNotConcluded()
    {
        if (concluded)
        {
            throw new ConfigurationException("this FailoverPollerContext is concluded (a poller uses it): " +
                "configure a new one");
        }
    }

    private static void atLeast(final String name, final long value, final long min)
    {
        if (value < min)
        {
            throw new ConfigurationException(name + " must be at least " + min + ", not " + value);
        }
    }
}
