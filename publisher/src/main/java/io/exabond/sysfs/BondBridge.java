package io.exabond.sysfs;

import io.exabond.netlink.LinkFilter;
import io.exabond.netlink.LinkListener;
import io.exabond.netlink.LinkMessage;
import io.exabond.netlink.NetlinkException;
import io.exabond.page.GroupInfo;
import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A userspace publisher for hosts without the exasock module: it watches a Linux active-backup bond in sysfs
 * and publishes word 0 and the status block of a page file through {@link PagePublisher}, the writer the
 * simulator uses. Sysfs is always the source of truth; what differs is what makes the bridge read it.
 * <p>
 * <b>Event-driven</b> (opened with {@code events}, the command line's default): the bridge listens on a
 * {@code NETLINK_ROUTE} socket ({@link LinkListener}, {@code RTMGRP_LINK}); a batch of link messages that names the
 * bond (its {@code ifindex}, read from sysfs on every pass so that a re-created bond is followed, or its name) or a
 * slave (its {@code IFLA_MASTER} is the bond, or its name is a known slave's) makes it re-read sysfs and publish at
 * once. The bonding driver sends them on every failover ({@code IFLA_EVENT} {@code BONDING_FAILOVER} for the bond,
 * {@code RTM_NEWLINK} for both slaves), so the page follows the driver within one sysfs read instead of one
 * monitor interval. Nothing an event did not say is lost: a full pass every {@link #RESYNC_MS} ms (or each
 * interval when that is longer) reads sysfs anyway, a socket overrun ({@code ENOBUFS}) triggers one at once
 * (counted, logged once), and between passes the heartbeat is refreshed each interval. When netlink cannot be
 * opened (another network namespace, a seccomp or LSM policy), the bridge logs one warning and polls.
 * <p>
 * <b>Polling</b>: a pass once per interval, as described next.
 * <p>
 * Each pass reads the bond ({@link BondReader}); when its members, their links, its monitors or its active slave
 * differ from what was last published, it republishes the whole bond in one write, else it refreshes the
 * heartbeat. A change of {@code active_slave} is therefore published by the first pass that starts after it:
 * within one interval. The interval is the driver's ({@link BondState#monitorIntervalMs()}, read again each pass)
 * unless one is given. SmartNIC ports get their id and port from sysfs ({@link SmartNicPorts}) or from the
 * overrides; other slaves get 255:255 (ABI.md). When the bond disappears the page stays valid, with the ACTIVE flag
 * clear and the heartbeat fresh, until it comes back. Messages for the operator go to a callback.
 * <p>
 * While it runs, the bridge keeps its own term of the failover budget in {@code PAGE.bridge} ({@link BridgeTerm}):
 * event-driven, how long it took from a link message to the new word 0, measured on each failover; polling, its
 * interval. {@code doctor} and {@code profile} read it.
 * <p>
 * Threading: {@link #run()} on one thread; {@link #stop()} from any thread (a shutdown hook); the loop finishes
 * the write it is in, so the page is left consistent.
 */
public final class BondBridge implements AutoCloseable
{
    /** Event-driven mode: the period of the full pass that catches whatever no event announced, in ms. */
    public static final int RESYNC_MS = 2_000;
    /** Event-driven mode: the longest wait for a message, so that {@link #stop()} takes effect soon. */
    private static final int MAX_WAIT_MS = 100;
    /** The longest the term file beside the page trails the bridge's measurements. */
    private static final long TERM_WRITE_NS = TimeUnit.SECONDS.toNanos(1);
    /**
     * Reads of {@code active_slave} before the first wait (messages queue in the socket meanwhile): past the JIT's
     * invocation thresholds (a few thousand).
     */
    private static final int WARM_READS = 5_000;

    private final Sysfs sysfs;
    private final String bondName;
    private final Map<String, int[]> overrides;
    private final int fixedIntervalMs;
    private final Consumer<String> log;
    private final PagePublisher publisher;
    private final Path page;
    private final HeldAttribute activeSlave;
    private final BridgeReactions reactions = new BridgeReactions();
    private boolean termDirty;
    private long storedNs;
    private long termWrittenNs;
    private final Set<String> warned = new HashSet<>();
    private volatile boolean running = true;
    private volatile Thread runner;
    private volatile long passes;
    private final LinkFilter concernsBond = this::concerns;
    private volatile long eventPasses;
    private volatile long resyncPasses;
    private volatile long overruns;
    private volatile LinkListener listener;
    private BondDescription published;
    private int publishedActive;
    private boolean bondPresent;
    private int bondIfindex;

    private BondBridge(final Sysfs sysfs, final String bondName, final Map<String, int[]> overrides,
        final int fixedIntervalMs, final Consumer<String> log, final BondState initial, final Path page,
        final LinkListener listener)
    {
        this.sysfs = sysfs;
        this.bondName = bondName;
        this.overrides = Map.copyOf(overrides);
        this.fixedIntervalMs = fixedIntervalMs;
        this.log = log;
        this.listener = listener;
        this.page = page;
        this.activeSlave = new HeldAttribute(sysfs.netDir(bondName).resolve("bonding/active_slave"));
        this.bondPresent = true;
        this.bondIfindex = readIfindex();
        this.published = describe(initial, null);
        this.publishedActive = activeIndex(initial, published);
        try
        {
            this.publisher = PagePublisher.create(page, published, publishedActive);
        }
        catch (final RuntimeException e)
        {
            if (listener != null)
            {
                listener.close();
            }
            throw e;
        }
    }

    /**
     * Reads the bond and creates (or reuses) the page with its current state.
     *
     * @param sysfs           the tree.
     * @param bond            the bond to mirror; it must exist and be a bonding master.
     * @param page            the page file to write (on tmpfs, e.g. {@code /dev/shm}); never a device node.
     * @param overrides       SmartNIC id and port by slave name ({@code {id, port}}), taking precedence over sysfs.
     * @param fixedIntervalMs the interval between passes, or 0 for the driver's rule.
     * @param log             told what happens, one line at a time.
     * @return the bridge, which owns the page's mapping until {@link #close()}.
     * @throws BondManagementException when the bond does not exist or is not a bond.
     */
    public static BondBridge open(final Sysfs sysfs, final String bond, final Path page,
        final Map<String, int[]> overrides, final int fixedIntervalMs, final Consumer<String> log)
    {
        return open(sysfs, bond, page, overrides, fixedIntervalMs, false, log);
    }

    /**
     * Reads the bond and creates (or reuses) the page with its current state; with {@code events}, opens the
     * netlink listener too, or logs one warning saying why it cannot and polls.
     *
     * @param sysfs           the tree.
     * @param bond            the bond to mirror; it must exist and be a bonding master.
     * @param page            the page file to write (on tmpfs, e.g. {@code /dev/shm}); never a device node.
     * @param overrides       SmartNIC id and port by slave name ({@code {id, port}}), taking precedence over sysfs.
     * @param fixedIntervalMs the interval between passes (polling) or heartbeats (event-driven), or 0 for the
     *                        driver's rule.
     * @param events          true for the event-driven bridge, false to poll.
     * @param log             told what happens, one line at a time.
     * @return the bridge, which owns the page's mapping (and the socket) until {@link #close()}.
     * @throws BondManagementException when the bond does not exist or is not a bond.
     */
    public static BondBridge open(final Sysfs sysfs, final String bond, final Path page,
        final Map<String, int[]> overrides, final int fixedIntervalMs, final boolean events,
        final Consumer<String> log)
    {
        return open(sysfs, bond, page, overrides, fixedIntervalMs, events ? LinkListener::open : null, log);
    }

    /**
     * As the public {@code open}, with the listener made by {@code opener} (null: polling); tests give one that
     * fails as a sandbox would.
     */
    static BondBridge open(final Sysfs sysfs, final String bond, final Path page, final Map<String, int[]> overrides,
        final int fixedIntervalMs, final Supplier<LinkListener> opener, final Consumer<String> log)
    {
        final BondState state = check(sysfs, bond, log);
        LinkListener listener = null;
        if (opener != null)
        {
            try
            {
                listener = opener.get();
            }
            catch (final NetlinkException e)
            {
                log.accept("warning: cannot listen to rtnetlink (" + e.getMessage() + ")" +
                    (e.isUnavailable() ? ", as in another network namespace or under a seccomp policy" : "") +
                    "; polling sysfs once per interval instead");
            }
        }
        return new BondBridge(sysfs, bond, overrides, fixedIntervalMs, log, state, page, listener);
    }

    /**
     * For tests: an event-driven bridge over a given listener (canned netlink buffers).
     */
    static BondBridge open(final Sysfs sysfs, final String bond, final Path page, final int fixedIntervalMs,
        final LinkListener listener, final Consumer<String> log)
    {
        return new BondBridge(sysfs, bond, Map.of(), fixedIntervalMs, log, check(sysfs, bond, log), page, listener);
    }

    private static BondState check(final Sysfs sysfs, final String bond, final Consumer<String> log)
    {
        final Refusal name = ManageCheck.checkName(bond);
        if (name != null)
        {
            throw new BondManagementException(name);
        }
        final BondState state = BondReader.read(sysfs, bond);
        if (state == null)
        {
            final Refusal refusal = ManageCheck.checkManageable(sysfs, bond);
            throw new BondManagementException(refusal != null ? refusal : new Refusal(0, "cannot read bond " + bond,
                "check " + sysfs.netDir(bond)));
        }
        if (!state.isActiveBackup())
        {
            log.accept("warning: " + bond + " is in mode " + state.mode() + ", not active-backup: the page shows " +
                "the bonding driver's active_slave, which other modes may not have");
        }
        return state;
    }

    /**
     * One monitor pass: reads the bond and publishes what changed, or refreshes the heartbeat.
     *
     * @return the interval to wait before the next pass, in ms.
     */
    public int pass()
    {
        final BondState state = BondReader.read(sysfs, bondName);
        if (state == null)
        {
            bondIfindex = 0;
            if (bondPresent)
            {
                bondPresent = false;
                log.accept("bond " + bondName + " disappeared from " + sysfs.netDir() + "; the page stays valid " +
                    "with no active slave until it comes back");
            }
            if (publishedActive != -1)
            {
                publishedActive = -1;
                publisher.publish(published, -1);
            }
            else
            {
                publisher.heartbeat();
            }
        }
        else
        {
            if (!bondPresent)
            {
                bondPresent = true;
                log.accept("bond " + bondName + " is back; publishing it again");
            }
            // A bond deleted and created again has a new index; one small file per pass follows it.
            bondIfindex = readIfindex();
            final BondDescription description = describe(state, published);
            final int active = activeIndex(state, description);
            if (!description.equals(published) || active != publishedActive)
            {
                final long before = publisher.generation();
                published = description;
                publishedActive = active;
                publisher.publish(description, active);
                stored();
                logChange(before, description, active);
            }
            else
            {
                publisher.heartbeat();
            }
        }
        if (listener != null)
        {
            // One open per pass, so that the reaction's pread follows a bond deleted and created again.
            activeSlave.reopen();
        }
        passes++;
        return published.monitorIntervalMs();
    }

    /**
     * Runs on the calling thread until {@link #stop()}: event-driven when the listener is open, else one pass per
     * interval. Should the socket fail while running, the bridge logs it and polls from then on.
     */
    public void run()
    {
        runner = Thread.currentThread();
        writeTerm(System.nanoTime());
        if (listener != null)
        {
            runEvents();
            if (running)
            {
                // Netlink failed: the bridge polls from now on, and its term must say so.
                writeTerm(System.nanoTime());
            }
        }
        if (running)
        {
            runPolling();
        }
    }

    private void runEvents()
    {
        activeSlave.reopen();
        warmReaction();
        long now = System.nanoTime();
        long intervalNs = TimeUnit.MILLISECONDS.toNanos(published.monitorIntervalMs());
        long nextHeartbeat = now + intervalNs;
        long nextResync = now + resyncNs(published.monitorIntervalMs());
        while (running)
        {
            final long due = Math.min(nextHeartbeat, nextResync) - System.nanoTime();
            final int timeoutMs = (int)Math.max(0, Math.min(MAX_WAIT_MS, (due + 999_999) / 1_000_000));
            final int outcome = listener.await(timeoutMs, concernsBond);
            final long receivedNs = System.nanoTime();
            if (outcome == LinkListener.FAILED)
            {
                log.accept("warning: receiving from rtnetlink failed (" +
                    NetlinkException.errnoName(listener.lastErrno()) + "); polling sysfs once per interval from " +
                    "now on");
                listener.close();
                listener = null;
                return;
            }
            if (outcome == LinkListener.OVERRUN)
            {
                if (overruns++ == 0)
                {
                    log.accept("warning: the rtnetlink socket overran (ENOBUFS): messages were lost; re-reading " +
                        "sysfs now (further overruns are counted, not logged)");
                }
            }
            if (outcome != LinkListener.NOTHING)
            {
                // Word 0 first, from the one attribute the driver serves without the RTNL lock, then the whole bond:
                // a full read waits on the RTNL lock (bonding/slaves), which the failover's writer may still hold.
                final int before = publisher.groupInfo();
                storedNs = 0;
                publishActiveFirst();
                // Re-read once per batch: a burst publishes each distinct state it finds, in order.
                intervalNs = TimeUnit.MILLISECONDS.toNanos(pass());
                eventPasses++;
                now = System.nanoTime();
                if (storedNs != 0 && publisher.groupInfo() != before)
                {
                    reactions.record(storedNs - receivedNs);
                    termDirty = true;
                }
                nextHeartbeat = now + intervalNs;
                writeTermIfDue(now);
                continue;
            }
            now = System.nanoTime();
            if (now - nextResync >= 0)
            {
                final int intervalMs = pass();
                resyncPasses++;
                intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
                now = System.nanoTime();
                nextResync = now + resyncNs(intervalMs);
                nextHeartbeat = now + intervalNs;
            }
            else if (now - nextHeartbeat >= 0)
            {
                publisher.heartbeat();
                nextHeartbeat = Math.max(nextHeartbeat + intervalNs, now);
            }
            writeTermIfDue(now);
        }
    }

    /**
     * @return the bridge's own term of the failover budget as measured so far (also kept in
     *         {@link BridgeTerm#pathFor} beside the page while it runs).
     */
    public BridgeTerm term()
    {
        return reactions.term(eventDriven(), published.monitorIntervalMs(), resyncMs());
    }

    private void writeTermIfDue(final long nowNs)
    {
        if (termDirty && nowNs - termWrittenNs >= TERM_WRITE_NS)
        {
            writeTerm(nowNs);
        }
    }

    private void writeTerm(final long nowNs)
    {
        termDirty = false;
        termWrittenNs = nowNs;
        try
        {
            term().write(page);
        }
        catch (final UncheckedIOException e)
        {
            warnOnce("term", e.getMessage() + "; doctor and profile will count a whole monitor interval for the " +
                "bridge");
        }
    }

    private void runPolling()
    {
        long next = System.nanoTime();
        while (running)
        {
            final int intervalMs = pass();
            next += TimeUnit.MILLISECONDS.toNanos(intervalMs);
            final long now = System.nanoTime();
            if (next - now < 0)
            {
                next = now;
            }
            while (running)
            {
                final long wait = next - System.nanoTime();
                if (wait <= 0)
                {
                    break;
                }
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /**
     * Asks {@link #run()} to return after the pass it is in (event-driven: within 100 ms, the longest wait for a
     * message); callable from any thread.
     */
    public void stop()
    {
        running = false;
        final Thread thread = runner;
        if (thread != null)
        {
            LockSupport.unpark(thread);
        }
    }

    /**
     * @return passes completed so far.
     */
    public long passes()
    {
        return passes;
    }

    /**
     * @return the period of the event-driven bridge's full re-read, in ms: {@link #RESYNC_MS}, or the monitor
     *         interval when that is longer.
     */
    public int resyncMs()
    {
        return resyncMs(published.monitorIntervalMs());
    }

    /**
     * @return true while the bridge listens to rtnetlink; false when it polls (asked to, netlink could not be
     *         opened, or the socket failed).
     */
    public boolean eventDriven()
    {
        return listener != null;
    }

    /**
     * @return passes that a batch of netlink messages (or an overrun) triggered.
     */
    public long eventPasses()
    {
        return eventPasses;
    }

    /**
     * @return periodic full passes of the event-driven bridge.
     */
    public long resyncPasses()
    {
        return resyncPasses;
    }

    /**
     * @return times the netlink socket overran.
     */
    public long overruns()
    {
        return overruns;
    }

    /**
     * @return the publisher (for reading its state; only the bridge's thread publishes).
     */
    public PagePublisher publisher()
    {
        return publisher;
    }

    /**
     * @return the bond as last published.
     */
    public BondDescription published()
    {
        return published;
    }

    /**
     * Closes the netlink socket, unmaps the page and removes the term file beside it ({@link BridgeTerm}); the page
     * stays valid for readers. Idempotent; call it after {@link #run()} returned.
     */
    public void close()
    {
        if (listener != null)
        {
            listener.close();
            listener = null;
        }
        activeSlave.close();
        publisher.close();
        // Another publisher may take the page over; it must not inherit this bridge's measurements.
        try
        {
            BridgeTerm.remove(page);
        }
        catch (final UncheckedIOException e)
        {
            log.accept("warning: " + e.getMessage());
        }
    }

    private void publishActiveFirst()
    {
        if (!bondPresent)
        {
            return;
        }
        final int i = activeMember();
        // Only a change that word 0 shows: between members that are not SmartNIC ports (both 255:255) the change is
        // in the block alone, and the full pass that follows counts it by name.
        if (i >= 0 && i != publishedActive && published.members().get(i).activeGroupInfo() != publisher.groupInfo())
        {
            final long before = publisher.generation();
            publishedActive = i;
            publisher.publishActive(i);
            stored();
            logChange(before, published, i);
        }
    }

    /**
     * @return the index among the published members of the slave sysfs calls active now, or -1.
     */
    private int activeMember()
    {
        final String active = SysfsText.singleWord(activeSlave.read());
        final List<Member> members = published.members();
        for (int i = 0; active != null && i < members.size(); i++)
        {
            if (members.get(i).ifname().equals(active))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * The reaction runs once per failover, too seldom for the JIT to compile it before the failovers that matter:
     * run its read (not its publish) as often as a compiler asks for, so that the first failover finds it compiled.
     */
    private void warmReaction()
    {
        for (int i = 0; i < WARM_READS && running && bondPresent; i++)
        {
            activeMember();
        }
    }

    /**
     * Stamps the first store of a word 0 since the batch came in, before the change is logged: the log line is the
     * operator's, not part of the reaction.
     */
    private void stored()
    {
        if (storedNs == 0)
        {
            storedNs = System.nanoTime();
        }
    }

    private void logChange(final long before, final BondDescription description, final int active)
    {
        if (publisher.generation() != before)
        {
            // With no active slave, word 0 says "none (last ...)" itself: the name is left out, not said twice.
            log.accept("active slave of " + bondName + ": " + (active < 0 ? "" :
                description.members().get(active).ifname() + " (") + GroupInfo.describe(publisher.groupInfo()) +
                (active < 0 ? "" : ")") + ", generation " + publisher.generation());
        }
    }

    private boolean concerns(final LinkMessage message)
    {
        final int index = bondIfindex;
        if (index > 0 && (message.ifindex() == index || message.master() == index))
        {
            return true;
        }
        if (message.ifnameEquals(bondName))
        {
            return true;
        }
        final List<Member> members = published.members();
        for (int i = 0; i < members.size(); i++)
        {
            if (message.ifnameEquals(members.get(i).ifname()))
            {
                return true;
            }
        }
        return false;
    }

    private int readIfindex()
    {
        final int index = SysfsText.nonNegativeInt(sysfs.attribute(bondName, "ifindex"));
        return Math.max(index, 0);
    }

    private static int resyncMs(final int intervalMs)
    {
        return Math.max(RESYNC_MS, intervalMs);
    }

    private static long resyncNs(final int intervalMs)
    {
        return TimeUnit.MILLISECONDS.toNanos(resyncMs(intervalMs));
    }

    private BondDescription describe(final BondState state, final BondDescription previous)
    {
        final List<Member> members = new ArrayList<>();
        for (final SlaveState slave : state.slaves())
        {
            if (members.size() == PageLayout.MAX_MEMBERS)
            {
                warnOnce("too-many", bondName + " has " + state.slaves().size() + " slaves; the page lists the " +
                    "first " + PageLayout.MAX_MEMBERS);
                break;
            }
            final int[] id = idOf(slave.iface());
            members.add(new Member(slave.name(), id[0], id[1], slave.linkUp(), slave.name().equals(state.primary())));
        }
        final int interval = fixedIntervalMs > 0 ? fixedIntervalMs : state.monitorIntervalMs();
        final int miimon = Math.max(0, state.miimonMs());
        final int arp = state.hasArpTarget() ? Math.max(0, state.arpIntervalMs()) : 0;
        final BondDescription description = new BondDescription(bondName, interval, miimon, arp, members);
        return Objects.equals(description, previous) ? previous : description;
    }

    private int[] idOf(final NetInterface iface)
    {
        final int[] override = overrides.get(iface.name());
        if (override != null)
        {
            return override;
        }
        if (iface.hasExanicId())
        {
            return new int[] {iface.exanicId(), iface.exanicPort()};
        }
        if (iface.kind() == InterfaceKind.SMARTNIC_PORT)
        {
            warnOnce("id-" + iface.name(), "cannot tell the SmartNIC number and port of " + iface.name() + " (" +
                iface.idProblem() + "); it is published as 255:255. Give it: --member " + iface.name() + "=ID:PORT");
        }
        return new int[] {PageLayout.EXANIC_NONE, PageLayout.EXANIC_NONE};
    }

    private static int activeIndex(final BondState state, final BondDescription description)
    {
        final String active = state.activeSlave();
        for (int i = 0; active != null && i < description.members().size(); i++)
        {
            if (description.members().get(i).ifname().equals(active))
            {
                return i;
            }
        }
        return -1;
    }

    private void warnOnce(final String key, final String message)
    {
        if (warned.add(key))
        {
            log.accept("warning: " + message);
        }
    }
}
