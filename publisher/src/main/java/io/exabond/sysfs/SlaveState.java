package io.exabond.sysfs;

/**
 * A slave of a bond: the interface, and what {@code bonding_slave/} says of it.
 *
 * @param iface      the interface.
 * @param miiStatus  {@code bonding_slave/mii_status}: up, down, going down, going back; null when unreadable.
 * @param state      {@code bonding_slave/state}: active or backup; null when unreadable.
 * @param permHwaddr {@code bonding_slave/perm_hwaddr}: the slave's own MAC address, or null.
 */
public record SlaveState(NetInterface iface, String miiStatus, String state, String permHwaddr)
{
    /**
     * @return the slave's name.
     */
    public String name()
    {
        return iface.name();
    }

    /**
     * The bonding driver's view of the link: {@code mii_status} is {@code up}; when it cannot be read, the
     * interface's {@code operstate}.
     *
     * @return true when the link counts as up.
     */
    public boolean linkUp()
    {
        if (miiStatus != null)
        {
            return "up".equals(miiStatus);
        }
        return "up".equals(iface.operstate());
    }
}
