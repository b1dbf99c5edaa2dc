package io.exabond.sysfs;

import io.exabond.counters.ExabondCounters;
import io.exabond.netlink.LinkListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything a {@link BondBridge} is configured with, set in one place and validated once by {@link #conclude()}
 * (as Aeron's contexts): {@link BondBridge#open(BridgeContext)} concludes it.
 * <pre>{@code
 * BondBridge.open(new BridgeContext().bondName("bond0").page(Path.of("/dev/shm/exabond-bond0")).intervalMs(20))
 * }</pre>
 * Required: {@link #bondName(String)} and {@link #page(Path)}. The rest has defaults: the kernel's sysfs at
 * {@code /sys}, no member overrides, the driver's monitor interval, event-driven, the log on standard error, the
 * bridge's figures in the process's counters file.
 * <p>
 * Event-driven needs the kernel's sysfs: rtnetlink tells of the kernel's interfaces, not of a tree elsewhere (a test
 * tree). Over a root that is not a sysfs mount the bridge therefore polls at its interval, and says so once on its
 * log. Not thread-safe: configure it on one thread and hand it to one bridge; a concluded context refuses changes
 * and a second {@code conclude()}.
 */
public final class BridgeContext
{
    /** The longest monitor interval that may be given, in ms. */
    public static final int MAX_INTERVAL_MS = 60_000;

    private Sysfs sysfs = new Sysfs(Sysfs.DEFAULT_ROOT);
    private String bondName;
    private Path page;
    private Map<String, int[]> memberIds = Map.of();
    private int intervalMs;
    private boolean eventDriven = true;
    private Supplier<LinkListener> listenerOpener;
    private Consumer<String> log = System.err::println;
    private ExabondCounters counters;
    private boolean countersSet;
    private boolean kernelSysfs;
    private boolean concluded;

    /**
     * A context with every default; set the bond and the page.
     */
    public BridgeContext()
    {
    }

    /**
     * Checks every setting, once; {@link BondBridge#open(BridgeContext)} calls it.
     *
     * @return this context.
     * @throws IllegalArgumentException naming the first setting that is missing or out of range.
     * @throws IllegalStateException    when called a second time.
     * @throws io.exabond.counters.CountersFileException when the process's counters file cannot be made (no
     *                                  {@link #counters(ExabondCounters)} given).
     */
    public BridgeContext conclude()
    {
        checkNotConcluded();
        // The name itself is checked when the bridge opens, against the kernel's rule (ManageCheck).
        if (bondName == null)
        {
            throw new IllegalArgumentException("bondName is not set: name the bond to mirror, e.g. " +
                "bondName(\"bond0\")");
        }
        if (page == null)
        {
            throw new IllegalArgumentException("page is not set: give the page file to write, e.g. " +
                "page(Path.of(\"/dev/shm/exabond-" + bondName + "\"))");
        }
        if (intervalMs < 0 || intervalMs > MAX_INTERVAL_MS)
        {
            throw new IllegalArgumentException("intervalMs " + intervalMs + " is out of range: 1.." +
                MAX_INTERVAL_MS + " ms, or 0 for the driver's rule");
        }
        kernelSysfs = isSysfsMount(sysfs.root());
        if (eventDriven && listenerOpener == null && kernelSysfs)
        {
            listenerOpener = LinkListener::open;
        }
        if (!countersSet)
        {
            counters = ExabondCounters.forProcess();
        }
        concluded = true;
        return this;
    }

    /**
     * @param sysfs the tree to read the bond from; default {@code /sys}.
     * @return this context.
     */
    public BridgeContext sysfs(final Sysfs sysfs)
    {
        checkNotConcluded();
        this.sysfs = Objects.requireNonNull(sysfs, "sysfs");
        return this;
    }

    /**
     * @param bondName the bond to mirror; it must exist and be a bonding master when the bridge opens.
     * @return this context.
     */
    public BridgeContext bondName(final String bondName)
    {
        checkNotConcluded();
        this.bondName = bondName;
        return this;
    }

    /**
     * @param page the page file to create or reuse (on tmpfs, e.g. {@code /dev/shm}); never a device node.
     * @return this context.
     */
    public BridgeContext page(final Path page)
    {
        checkNotConcluded();
        this.page = page;
        return this;
    }

    /**
     * @param memberIds SmartNIC id and port by slave name ({@code {id, port}}), taking precedence over sysfs.
     * @return this context.
     */
    public BridgeContext memberIds(final Map<String, int[]> memberIds)
    {
        checkNotConcluded();
        this.memberIds = new HashMap<>(memberIds);
        return this;
    }

    /**
     * @param intervalMs between heartbeats (and between passes when polling), 1..{@value #MAX_INTERVAL_MS}; 0, the
     *                   default, for the driver's rule applied to the bond's monitors at each pass.
     * @return this context.
     */
    public BridgeContext intervalMs(final int intervalMs)
    {
        checkNotConcluded();
        this.intervalMs = intervalMs;
        return this;
    }

    /**
     * @param eventDriven true (the default) to follow rtnetlink link messages where it can, false to poll.
     * @return this context.
     */
    public BridgeContext eventDriven(final boolean eventDriven)
    {
        checkNotConcluded();
        this.eventDriven = eventDriven;
        return this;
    }

    /**
     * @param log told what happens, one line at a time, on the bridge's thread; default: standard error.
     * @return this context.
     */
    public BridgeContext log(final Consumer<String> log)
    {
        checkNotConcluded();
        this.log = Objects.requireNonNull(log, "log");
        return this;
    }

    /**
     * Where the bridge keeps its figures for other processes: its last pass, passes, socket overruns, mode, interval,
     * re-read period and measured reaction, keyed by its bond and page. {@code doctor} and {@code profile} take its
     * term of the failover budget from there, {@code exabond stat} and the Prometheus export show them. Default: the
     * process's file, {@link ExabondCounters#forProcess()}.
     *
     * @param counters the counters file, or null to keep none (doctor and profile then count a monitor interval).
     * @return this context.
     */
    public BridgeContext counters(final ExabondCounters counters)
    {
        checkNotConcluded();
        this.counters = counters;
        this.countersSet = true;
        return this;
    }

    /**
     * For tests: the listener of an event-driven bridge (canned netlink buffers, one that fails as a sandbox would,
     * or the real socket over a test tree), instead of rtnetlink over the kernel's sysfs.
     *
     * @param opener opens the listener; it may throw {@code NetlinkException}.
     * @return this context.
     */
    BridgeContext listenerOpener(final Supplier<LinkListener> opener)
    {
        checkNotConcluded();
        this.listenerOpener = opener;
        return this;
    }

    /**
     * @return the tree the bond is read from.
     */
    public Sysfs sysfs()
    {
        return sysfs;
    }

    /**
     * @return the bond to mirror.
     */
    public String bondName()
    {
        return bondName;
    }

    /**
     * @return the page file.
     */
    public Path page()
    {
        return page;
    }

    /**
     * @return SmartNIC id and port by slave name; a copy.
     */
    public Map<String, int[]> memberIds()
    {
        return new HashMap<>(memberIds);
    }

    /**
     * @return the monitor interval given, or 0 for the driver's rule.
     */
    public int intervalMs()
    {
        return intervalMs;
    }

    /**
     * @return true when asked to follow rtnetlink.
     */
    public boolean eventDriven()
    {
        return eventDriven;
    }

    /**
     * @return the log.
     */
    public Consumer<String> log()
    {
        return log;
    }

    /**
     * @return the counters file the bridge keeps its figures in (after {@link #conclude()}: the process's unless one
     *         was given), or null for none.
     */
    public ExabondCounters counters()
    {
        return counters;
    }

    /**
     * @return after {@link #conclude()}: true when the sysfs root is a sysfs mount, the kernel's, whose interfaces
     *         rtnetlink tells of.
     */
    public boolean isKernelSysfs()
    {
        return kernelSysfs;
    }

    /**
     * @return after {@link #conclude()}: what opens the netlink listener, or null when the bridge polls.
     */
    Supplier<LinkListener> listenerOpener()
    {
        return eventDriven ? listenerOpener : null;
    }

    /**
     * @return the settings, for logs.
     */
    public String toString()
    {
        return "BridgeContext{sysfs=" + sysfs.root() + ", bondName=" + bondName + ", page=" + page + ", memberIds=" +
            memberIds.keySet() + ", intervalMs=" + intervalMs + ", eventDriven=" + eventDriven + ", counters=" +
            (counters == null ? null : counters.file()) + ", concluded=" + concluded + "}";
    }

    private static boolean isSysfsMount(final Path root)
    {
        try
        {
            return "sysfs".equals(Files.getFileStore(root).type());
        }
        catch (final IOException | RuntimeException e)
        {
            return false;
        }
    }

    private void checkNotConcluded()
    {
        if (concluded)
        {
            throw new IllegalStateException("the bridge context is concluded already: make a new one for another " +
                "bridge");
        }
    }
}
