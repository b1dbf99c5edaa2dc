package io.exabond.sysfs;

import io.exabond.internal.Errno;

/**
 * The checks the exasock extension makes before it manages or releases a bond (docs/driver-facts.md), made from sysfs
 * first, so that a user gets the reason and the fix instead of a bare errno. Reads only.
 * <p>
 * The driver manages a bond when its name is a valid interface name, it exists (in the initial network namespace:
 * this class sees the namespace of the given sysfs), it is a bonding master, its mode is {@code active-backup}, and
 * every current slave is a SmartNIC port; it may have no slaves. It refuses a write of 17 bytes or more with
 * {@code ENOSTR}, one under 2 bytes (or not starting with {@code +} or {@code -}) with {@code ENOMSG}, and a
 * {@code +} of anything else it cannot manage with {@code ENOENT}, an empty name included ({@code "+\n"}: the name
 * is read with {@code %15s} and the result not checked). An empty name is refused here as {@code ENOMSG}, what the
 * write of {@code +} alone gives.
 */
public final class ManageCheck
{
    /** Most bytes the driver accepts in one write: {@code +} or {@code -} and a name of up to 15 characters. */
    public static final int MAX_WRITE_BYTES = 16;

    private ManageCheck()
    {
    }

    /**
     * The name rule, for {@code +} and {@code -} alike.
     *
     * @param bond the bond's name.
     * @return null when valid, else the refusal the driver would give.
     */
    public static Refusal checkName(final String bond)
    {
        final String problem = InterfaceName.problem(bond);
        if (problem == null)
        {
            return null;
        }
        final String fix = "give the bond's name as `ip -br link show type bond` lists it";
        if (bond == null || bond.isEmpty())
        {
            return new Refusal(Errno.ENOMSG, "the bond name is empty, so the write would be under 2 bytes, which " +
                "the driver refuses with ENOMSG", fix);
        }
        if (bond.length() > InterfaceName.MAX_LENGTH)
        {
            return new Refusal(Errno.ENOSTR, problem + ", so the write would be " + (bond.length() + 1) +
                " bytes; the driver refuses 17 bytes or more with ENOSTR", fix);
        }
        return new Refusal(Errno.ENOENT, problem + "; the driver would not find such a bond (ENOENT)", fix);
    }

    /**
     * Everything the driver checks before {@code +BOND}, in its order; the first failure wins.
     *
     * @param sysfs the tree.
     * @param bond  the bond's name.
     * @return null when the driver would manage it, else why not and the fix.
     */
    public static Refusal checkManage(final Sysfs sysfs, final String bond)
    {
        final Refusal name = checkName(bond);
        if (name != null)
        {
            return name;
        }
        final Refusal loaded = checkLoaded(sysfs);
        if (loaded != null)
        {
            return loaded;
        }
        return checkManageable(sysfs, bond);
    }

    /**
     * The bond checks alone, without the name and module checks: whether the driver could manage it.
     *
     * @param sysfs the tree.
     * @param bond  a valid interface name.
     * @return null when it could be managed, else why not and the fix.
     */
    public static Refusal checkManageable(final Sysfs sysfs, final String bond)
    {
        if (!sysfs.interfaceExists(bond))
        {
            return new Refusal(Errno.ENOENT, "there is no interface " + bond + " (" + sysfs.netDir(bond) +
                " does not exist; the driver looks in the initial network namespace only)",
                "create it: `ip link add " + bond + " type bond mode active-backup miimon 100`");
        }
        if (!sysfs.isBondMaster(bond))
        {
            return new Refusal(Errno.ENOENT, bond + " is not a bond (" + sysfs.netDir(bond).resolve("bonding") +
                " does not exist)", "give the name of a bond: `cat " +
                sysfs.netDir().resolve("bonding_masters") + "` lists them");
        }
        final BondState state = BondReader.read(sysfs, bond);
        if (state == null || state.mode() == null)
        {
            return new Refusal(Errno.ENOENT, "the mode of " + bond + " cannot be read", "check `cat " +
                sysfs.netDir(bond).resolve("bonding/mode") + "`");
        }
        if (!state.isActiveBackup())
        {
            return new Refusal(Errno.ENOENT, bond + " is in mode " + state.mode() + "; the driver manages only " +
                "active-backup bonds", "`ip link set " + bond + " down && ip link set " + bond +
                " type bond mode active-backup && ip link set " + bond + " up`");
        }
        for (final SlaveState slave : state.slaves())
        {
            final Refusal refusal = checkSlave(state, slave, Errno.ENOENT);
            if (refusal != null)
            {
                return refusal;
            }
        }
        return null;
    }

    /**
     * Whether a slave is acceptable to the driver.
     *
     * @param bond  the bond.
     * @param slave one of its slaves.
     * @param errno the errno to report for a refusal: {@code ENOENT} when managing the bond; when adding the slave
     *              to a managed bond the driver gives {@code EINVAL} for a bond master and {@code ENODEV} otherwise.
     * @return null when it is a SmartNIC port, else why not and the fix.
     */
    public static Refusal checkSlave(final BondState bond, final SlaveState slave, final int errno)
    {
        final NetInterface iface = slave.iface();
        final String remove = Macs.removeSlaveCommand(bond, slave);
        return switch (iface.kind())
        {
            case SMARTNIC_PORT -> null;
            case BOND_MASTER -> new Refusal(errno == Errno.ENOENT ? errno : Errno.EINVAL, "slave " + iface.name() +
                " of " + bond.name() + " is itself a bond; the driver accepts no bond as a slave", remove);
            case VLAN -> new Refusal(errno == Errno.ENOENT ? errno : Errno.ENODEV, "slave " + iface.name() + " of " +
                bond.name() + " is a VLAN interface; the driver never accepts VLAN slaves (put the VLAN on the bond " +
                "instead)", remove);
            case MISSING -> new Refusal(errno, "slave " + iface.name() + " of " + bond.name() +
                " is listed but has no " + "class/net folder", "check `ip link show master " + bond.name() + "`");
            case OTHER -> new Refusal(errno == Errno.ENOENT ? errno : Errno.ENODEV, "slave " + iface.name() + " of " +
                bond.name() + " is " + iface.describeKind() + "; the driver manages only bonds of SmartNIC " +
                "(ExaNIC) ports", remove);
        };
    }

    /**
     * @param sysfs the tree.
     * @return null when {@code exabond_masters} exists, else the refusal that says how to load the module.
     */
    public static Refusal checkLoaded(final Sysfs sysfs)
    {
        if (java.nio.file.Files.exists(sysfs.exabondMasters()))
        {
            return null;
        }
        return new Refusal(0, "the exasock module is not loaded (" + sysfs.exabondMasters() + " does not exist)",
            "`modprobe exasock` (from exanic-software; it needs kernel headers of Linux 3.19 or newer and no ATE)");
    }
}
