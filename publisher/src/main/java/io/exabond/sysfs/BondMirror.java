package io.exabond.sysfs;

import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a bond read from sysfs ({@link BondState}) says on a page: the bridge's mirror, with no I/O of its own. Members
 * are the bond's slaves in {@code bonding/slaves} order, the first 16; SmartNIC ports get their number and port from
 * the overrides or from sysfs ({@link SmartNicPorts}), other slaves 255:255 (ABI.md). The monitor interval is the
 * fixed one when given, else the driver's rule ({@link BondState#monitorIntervalMs()}). What cannot be mirrored
 * faithfully (more than 16 slaves, a SmartNIC port of unknown number) is said once on the log. Confined to the
 * bridge's thread.
 */
final class BondMirror
{
    private final String bondName;
    private final Map<String, int[]> overrides;
    private final int fixedIntervalMs;
    private final Consumer<String> log;
    private final Set<String> warned = new HashSet<>();

    /**
     * @param bondName        the bond.
     * @param overrides       SmartNIC id and port by slave name ({@code {id, port}}), taking precedence over sysfs.
     * @param fixedIntervalMs the monitor interval, or 0 for the driver's rule.
     * @param log             told what cannot be mirrored, once each.
     */
    BondMirror(final String bondName, final Map<String, int[]> overrides, final int fixedIntervalMs,
        final Consumer<String> log)
    {
        this.bondName = bondName;
        this.overrides = Map.copyOf(overrides);
        this.fixedIntervalMs = fixedIntervalMs;
        this.log = log;
    }

    /**
     * @param state    the bond as read.
     * @param previous the description last published, or null.
     * @return the description of {@code state}; {@code previous} itself when it is equal, so that a caller may
     *         compare by identity.
     */
    BondDescription describe(final BondState state, final BondDescription previous)
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

    /**
     * @param state       the bond as read.
     * @param description its description.
     * @return the index in {@code description} of the slave {@code state} calls active, or -1.
     */
    static int activeIndex(final BondState state, final BondDescription description)
    {
        return indexOf(state.activeSlave(), description);
    }

    /**
     * @param ifname      a slave's name, or null.
     * @param description a bond's description.
     * @return the slave's index among the members, or -1.
     */
    static int indexOf(final String ifname, final BondDescription description)
    {
        final List<Member> members = description.members();
        for (int i = 0; ifname != null && i < members.size(); i++)
        {
            if (members.get(i).ifname().equals(ifname))
            {
                return i;
            }
        }
        return -1;
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

    private void warnOnce(final String key, final String message)
    {
        if (warned.add(key))
        {
            log.accept("warning: " + message);
        }
    }
}
