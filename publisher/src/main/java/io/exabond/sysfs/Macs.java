package io.exabond.sysfs;

/**
 * MAC address helpers for the "removed slave keeps the bond's MAC" pitfall.
 */
public final class Macs
{
    private Macs()
    {
    }

    /**
     * A locally administered unicast address derived from one in use, to give a bond its own MAC: sets the
     * locally-administered bit and clears the multicast bit of the first octet; when that changes nothing, flips
     * the lowest bit of the last octet.
     *
     * @param mac six colon-separated hex octets.
     * @return another address that no SmartNIC has been assigned.
     */
    public static String locallyAdministered(final String mac)
    {
        final String[] octets = mac.split(":");
        final int first = Integer.parseInt(octets[0], 16);
        final int changed = (first | 0x02) & ~0x01;
        if (changed != first)
        {
            octets[0] = String.format("%02x", changed);
        }
        else
        {
            octets[5] = String.format("%02x", Integer.parseInt(octets[5], 16) ^ 0x01);
        }
        return String.join(":", octets).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param bond  the bond.
     * @param slave one of its slaves.
     * @return true when the slave's permanent MAC is the bond's MAC: removing the slave leaves two devices with one
     * MAC.
     */
    public static boolean bondUsesSlaveMac(final BondState bond, final SlaveState slave)
    {
        return bond.address() != null && bond.address().equals(slave.permHwaddr());
    }

    /**
     * The command that removes a slave, preceded by giving the bond its own MAC when it uses the slave's.
     *
     * @param bond  the bond.
     * @param slave the slave to remove.
     * @return a shell command line.
     */
    public static String removeSlaveCommand(final BondState bond, final SlaveState slave)
    {
        final String remove = "ip link set " + slave.name() + " nomaster";
        if (bondUsesSlaveMac(bond, slave))
        {
            return "ip link set " + bond.name() + " address " + locallyAdministered(bond.address()) + " && " + remove +
                "   (" + slave.name() + "'s MAC " + slave.permHwaddr() + " is the bond's: change the bond's first, " +
                "or two devices keep one MAC)";
        }
        return remove;
    }
}
