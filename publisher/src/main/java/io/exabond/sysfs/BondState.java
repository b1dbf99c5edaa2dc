package io.exabond.sysfs;

import io.exabond.publish.MonitorInterval;

import java.util.List;

/**
 * A bonding master as read from {@code class/net/<bond>/bonding/} at one moment.
 *
 * @param name          the bond's name.
 * @param mode          {@code bonding/mode}, or null when unreadable.
 * @param slaves        {@code bonding/slaves}, in the driver's order, each probed.
 * @param activeSlave   {@code bonding/active_slave}, or null when none is active.
 * @param primary       {@code bonding/primary}, or null when none is set.
 * @param miimonMs      {@code bonding/miimon}, 0 = off, {@link SysfsText#UNKNOWN} when unreadable.
 * @param arpIntervalMs {@code bonding/arp_interval}, 0 = off, {@link SysfsText#UNKNOWN} when unreadable.
 * @param arpTargets    {@code bonding/arp_ip_target}, empty when none is set.
 * @param address       the bond's MAC address, or null.
 * @param operstate     the bond's {@code operstate}, or null.
 * @param unreadable    sentences naming the attributes that could not be read or parsed.
 */
public record BondState(String name, BondMode mode, List<SlaveState> slaves, String activeSlave, String primary,
    int miimonMs, int arpIntervalMs, List<String> arpTargets, String address, String operstate,
    List<String> unreadable)
{
    /**
     * Copies the lists.
     */
    public BondState
    {
        slaves = List.copyOf(slaves);
        arpTargets = List.copyOf(arpTargets);
        unreadable = List.copyOf(unreadable);
    }

    /**
     * @return true when an ARP target is set, so that {@code arp_interval} counts.
     */
    public boolean hasArpTarget()
    {
        return !arpTargets.isEmpty();
    }

    /**
     * @return the exasock driver's monitor interval for this bond, by {@link MonitorInterval}'s rule; an
     * unreadable interval counts as off.
     */
    public int monitorIntervalMs()
    {
        return MonitorInterval.effectiveMs(Math.max(0, miimonMs), Math.max(0, arpIntervalMs), hasArpTarget());
    }

    /**
     * @return true when neither monitor runs (an unreadable one counts as off).
     */
    public boolean bothMonitorsOff()
    {
        return MonitorInterval.bothOff(Math.max(0, miimonMs), Math.max(0, arpIntervalMs), hasArpTarget());
    }

    /**
     * @return the position of the active slave in {@link #slaves()}, or -1 when none is active or it is not listed.
     */
    public int activeIndex()
    {
        return indexOf(activeSlave);
    }

    /**
     * @param ifname an interface name, or null.
     * @return its position in {@link #slaves()}, or -1.
     */
    public int indexOf(final String ifname)
    {
        if (ifname == null)
        {
            return -1;
        }
        for (int i = 0; i < slaves.size(); i++)
        {
            if (slaves.get(i).name().equals(ifname))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the active slave, or null.
     */
    public SlaveState active()
    {
        final int index = activeIndex();
        return index < 0 ? null : slaves.get(index);
    }

    /**
     * @return true when the mode is active-backup.
     */
    public boolean isActiveBackup()
    {
        return mode != null && mode.isActiveBackup();
    }
}
