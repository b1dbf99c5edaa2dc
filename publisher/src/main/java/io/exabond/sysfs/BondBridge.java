package io.exabond.sysfs;

import io.exabond.page.GroupInfo;
import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;

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

/**
 * A userspace publisher for hosts without the exasock module: it watches a Linux active-backup bond in sysfs
 * and publishes word 0 and the status block of a page file through {@link PagePublisher}, the writer the
 * simulator uses, once per monitor pass.
 * <p>
 * Each pass reads the bond ({@link BondReader}); when its members, their links, its monitors or its active slave
 * differ from what was last published, it republishes the whole bond in one write, else it refreshes the
 * heartbeat. A change of {@code active_slave} is therefore published by the first pass that starts after it:
 * within one interval. The interval is the driver's ({@link BondState#monitorIntervalMs()}, read again each pass)
 * unless one is given. SmartNIC ports get their id and port from sysfs ({@link SmartNicPorts}) or from the
 * overrides; other slaves get 255:255 (ABI.md). When the bond disappears the page stays valid, with the ACTIVE flag
 * clear and the heartbeat fresh, until it comes back. Messages for the operator go to a callback.
 * <p>
 * Threading: {@link #run()} on one thread; {@link #stop()} from any thread (a shutdown hook); the loop finishes
 * the write it is in, so the page is left consistent.
 */
public final class BondBridge implements AutoCloseable
{
    private final Sysfs sysfs;
    private final String bondName;
    private final Map<String, int[]> overrides;
    private final int fixedIntervalMs;
    private final Consumer<String> log;
    private final PagePublisher publisher;
    private final Set<String> warned = new HashSet<>();
    private volatile boolean running = true;
    private volatile Thread runner;
    private volatile long passes;
    private BondDescription published;
    private int publishedActive;
    private boolean bondPresent;

    private BondBridge(final Sysfs sysfs, final String bondName, final Map<String, int[]> overrides,
        final int fixedIntervalMs, final Consumer<String> log, final BondState initial, final Path page)
    {
        this.sysfs = sysfs;
        this.bondName = bondName;
        this.overrides = Map.copyOf(overrides);
        this.fixedIntervalMs = fixedIntervalMs;
        this.log = log;
        this.bondPresent = true;
        this.published = describe(initial, null);
        this.publishedActive = activeIndex(initial, published);
        this.publisher = PagePublisher.create(page, published, publishedActive);
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
        return new BondBridge(sysfs, bond, overrides, fixedIntervalMs, log, state, page);
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
            final BondDescription description = describe(state, published);
            final int active = activeIndex(state, description);
            if (!description.equals(published) || active != publishedActive)
            {
                final long before = publisher.generation();
                published = description;
                publishedActive = active;
                publisher.publish(description, active);
                if (publisher.generation() != before)
                {
                    log.accept("active slave of " + bondName + ": " + (active < 0 ? "none" :
                        description.members().get(active).ifname()) + " (" + GroupInfo.describe(publisher.groupInfo()) +
                        "), generation " + publisher.generation());
                }
            }
            else
            {
                publisher.heartbeat();
            }
        }
        passes++;
        return published.monitorIntervalMs();
    }

    /**
     * Runs passes on the calling thread until {@link #stop()}, one per interval.
     */
    public void run()
    {
        runner = Thread.currentThread();
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
     * Asks {@link #run()} to return after the pass it is in; callable from any thread.
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
     * Unmaps the page; it stays valid for readers. Idempotent.
     */
    public void close()
    {
        publisher.close();
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
