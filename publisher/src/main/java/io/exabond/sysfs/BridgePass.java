package io.exabond.sysfs;

import io.exabond.page.GroupInfo;
import io.exabond.publish.BondDescription;
import io.exabond.publish.PagePublisher;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The bridge's work on its page, which it alone publishes: a pass reads the bond from sysfs ({@link BondReader}) and,
 * when its members, their links, its monitors or its active slave differ from what was last published, republishes
 * the whole bond in one write ({@link PagePublisher#publish}), else refreshes the heartbeat. When the bond disappears
 * the page stays valid, ACTIVE clear and heartbeat fresh, until it comes back. For the event-driven reaction it also
 * publishes a change of word 0 from {@code bonding/active_slave} alone ({@link #publishActiveFirst()}), read with one
 * {@code pread} of a file it holds open ({@link HeldAttribute}).
 * <p>
 * Each pass is counted, with its end as the bridge's heartbeat, in the bridge's counters ({@link BridgeCounters}).
 * Confined to the bridge's thread, except {@link #passes()}, which any thread may read.
 */
final class BridgePass implements AutoCloseable
{
    private final Sysfs sysfs;
    private final String bondName;
    private final Consumer<String> log;
    private final BondMirror mirror;
    private final HeldAttribute activeSlave;
    private final PagePublisher publisher;
    private final BridgeCounters counters;
    private BondDescription published;
    private int publishedActive;
    private boolean bondPresent = true;
    private int bondIfindex;
    private boolean holdActiveSlave;
    private long storedNs;
    private volatile long passes;

    /**
     * Creates (or reuses) the page with the bond's current state.
     *
     * @param context  the bridge's settings, concluded.
     * @param initial  the bond as read when the bridge opened.
     * @param counters where each pass is counted.
     * @throws io.exabond.page.PageException when the page file cannot be written.
     */
    BridgePass(final BridgeContext context, final BondState initial, final BridgeCounters counters)
    {
        this.counters = counters;
        sysfs = context.sysfs();
        bondName = context.bondName();
        log = context.log();
        mirror = new BondMirror(bondName, context.memberIds(), context.intervalMs(), log);
        activeSlave = new HeldAttribute(sysfs.netDir(bondName).resolve("bonding/active_slave"));
        bondIfindex = readIfindex();
        published = mirror.describe(initial, null);
        publishedActive = BondMirror.activeIndex(initial, published);
        publisher = PagePublisher.create(context.page(), published, publishedActive);
    }

    /**
     * The bridge's first read of its bond, which must be there and be a bond.
     *
     * @param sysfs the tree.
     * @param bond  the bond's name.
     * @param log   told when it is not in active-backup mode.
     * @return the bond as read.
     * @throws BondManagementException when the name is not an interface name, or the bond cannot be read.
     */
    static BondState readBond(final Sysfs sysfs, final String bond, final Consumer<String> log)
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
    int pass()
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
            final BondDescription description = mirror.describe(state, published);
            final int active = BondMirror.activeIndex(state, description);
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
        if (holdActiveSlave)
        {
            // One open per pass, so that the reaction's pread follows a bond deleted and created again.
            activeSlave.reopen();
        }
        counters.passed(++passes, System.nanoTime());
        return published.monitorIntervalMs();
    }

    /**
     * The event-driven reaction's first step: word 0 from the one attribute the driver serves without the RTNL lock,
     * before the whole bond, whose read ({@code bonding/slaves}) waits on the RTNL lock that the failover's writer
     * may still hold. Only a change that word 0 shows: between members that are not SmartNIC ports (both 255:255)
     * the change is in the block alone, and the full pass that follows counts it by name.
     */
    void publishActiveFirst()
    {
        if (!bondPresent)
        {
            return;
        }
        final int i = activeMember();
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
     * The reaction runs once per failover, too seldom for the JIT to compile it before the failovers that matter:
     * its read (not its publish) runs this often before the first wait, past the compilers' thresholds.
     *
     * @param reads    reads of {@code active_slave}, e.g. 5000.
     * @param stopping ends the warm-up early.
     */
    void warmReaction(final int reads, final BooleanSupplier stopping)
    {
        for (int i = 0; i < reads && bondPresent && !stopping.getAsBoolean(); i++)
        {
            activeMember();
        }
    }

    /**
     * @param hold true while the bridge reacts to events: {@code bonding/active_slave} is then held open, and opened
     *             again after each pass.
     */
    void holdActiveSlave(final boolean hold)
    {
        holdActiveSlave = hold;
        if (hold)
        {
            activeSlave.reopen();
        }
        else
        {
            activeSlave.close();
        }
    }

    /**
     * Forgets when word 0 was last stored, at the start of a reaction.
     */
    void resetStored()
    {
        storedNs = 0;
    }

    /**
     * @return when word 0 was first stored since {@link #resetStored()}, or 0.
     */
    long storedNs()
    {
        return storedNs;
    }

    /**
     * Refreshes the heartbeat alone.
     */
    void heartbeat()
    {
        publisher.heartbeat();
    }

    PagePublisher publisher()
    {
        return publisher;
    }

    BondDescription published()
    {
        return published;
    }

    String bondName()
    {
        return bondName;
    }

    /**
     * @return the bond's {@code ifindex} as last read, 0 while it is absent.
     */
    int bondIfindex()
    {
        return bondIfindex;
    }

    long passes()
    {
        return passes;
    }

    /**
     * Closes the held attribute and unmaps the page; the page stays valid for readers.
     */
    public void close()
    {
        activeSlave.close();
        publisher.close();
    }

    private int activeMember()
    {
        return BondMirror.indexOf(SysfsText.singleWord(activeSlave.read()), published);
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

    private int readIfindex()
    {
        return Math.max(SysfsText.nonNegativeInt(sysfs.attribute(bondName, "ifindex")), 0);
    }
}
