package io.exabond.sysfs;


import java.util.ArrayList;
import java.util.List;

/**
 * Reads a bond's state from sysfs: {@code bonding/{mode,slaves,active_slave,primary,miimon,arp_interval,
 * arp_ip_target}}, each slave's {@code bonding_slave/{state,mii_status,perm_hwaddr}}, and every interface's
 * kind ({@link SmartNicPorts#probe}). Reads only.
 */
public final class BondReader
{
    private BondReader()
    {
    }

    /**
     * @param sysfs the tree.
     * @param bond  the bond's name.
     * @return its state, or null when it does not exist or is not a bonding master.
     */
    public static BondState read(final Sysfs sysfs, final String bond)
    {
        if (!InterfaceName.isValid(bond) || !sysfs.isBondMaster(bond))
        {
            return null;
        }
        final List<String> unreadable = new ArrayList<>();
        final String modeText = sysfs.attribute(bond, "bonding/mode");
        final BondMode mode = BondMode.parse(modeText);
        if (mode == null || mode.number() < 0)
        {
            unreadable.add(describe(sysfs, bond, "bonding/mode", modeText));
        }
        final int miimon = number(sysfs, bond, "bonding/miimon", unreadable);
        final int arpInterval = number(sysfs, bond, "bonding/arp_interval", unreadable);
        final List<String> arpTargets = SysfsText.commaList(sysfs.attribute(bond, "bonding/arp_ip_target"));
        final String primary = name(sysfs, bond, "bonding/primary", unreadable);
        final String active = name(sysfs, bond, "bonding/active_slave", unreadable);

        final String slavesText = sysfs.attribute(bond, "bonding/slaves");
        if (slavesText == null)
        {
            unreadable.add(describe(sysfs, bond, "bonding/slaves", null));
        }
        final List<SlaveState> slaves = new ArrayList<>();
        for (final String slave : SysfsText.words(slavesText))
        {
            if (!InterfaceName.isValid(slave))
            {
                unreadable.add(sysfs.netDir(bond).resolve("bonding/slaves") + " lists " + InterfaceName.quote(slave) +
                    ", which is not an interface name");
                continue;
            }
            final NetInterface iface = SmartNicPorts.probe(sysfs, slave);
            slaves.add(new SlaveState(iface,
                SysfsText.value(sysfs.attribute(slave, "bonding_slave/mii_status")),
                SysfsText.singleWord(sysfs.attribute(slave, "bonding_slave/state")),
                SysfsText.mac(sysfs.attribute(slave, "bonding_slave/perm_hwaddr"))));
        }
        return new BondState(bond, mode, slaves, active, primary, miimon, arpInterval, arpTargets,
            SysfsText.mac(sysfs.attribute(bond, "address")), SysfsText.singleWord(sysfs.attribute(bond, "operstate")),
            unreadable);
    }

    private static int number(final Sysfs sysfs, final String bond, final String attribute,
        final List<String> unreadable)
    {
        final String text = sysfs.attribute(bond, attribute);
        final int value = SysfsText.nonNegativeInt(text);
        if (value == SysfsText.UNKNOWN)
        {
            unreadable.add(describe(sysfs, bond, attribute, text));
        }
        return value;
    }

    private static String name(final Sysfs sysfs, final String bond, final String attribute,
        final List<String> unreadable)
    {
        final String text = sysfs.attribute(bond, attribute);
        final List<String> words = SysfsText.words(text);
        if (words.isEmpty())
        {
            return null;
        }
        if (words.size() > 1 || !InterfaceName.isValid(words.get(0)))
        {
            unreadable.add(describe(sysfs, bond, attribute, text));
            return null;
        }
        return words.get(0);
    }

    private static String describe(final Sysfs sysfs, final String bond, final String attribute, final String text)
    {
        final String where = sysfs.netDir(bond).resolve(attribute).toString();
        if (text == null)
        {
            return "cannot read " + where;
        }
        // Quoted and escaped: the text is garbage by definition and goes to a terminal.
        return "cannot parse " + where + ": " + InterfaceName.quote(text);
    }
}
