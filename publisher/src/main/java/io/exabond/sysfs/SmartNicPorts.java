package io.exabond.sysfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells SmartNIC (ExaNIC) ports from other interfaces, and finds their SmartNIC number and port, from sysfs only.
 * <p>
 * The exasock extension accepts a slave when its parent device is bound to the driver named {@code exanic}
 * ({@code ndev->dev.parent->driver->name}); in sysfs that is {@code class/net/<if>/device/driver}, a link whose
 * target's basename is {@code exanic}. The exanic driver sets the port number as the netdev's {@code dev_port},
 * shown as {@code class/net/<if>/dev_port}.
 * <p>
 * The SmartNIC number N of {@code exanicN} is not shown on the PCI device. The driver gives each card the lowest
 * free number when it probes it, and probes the cards in PCI bus order when it loads, so N is the position of the
 * card's PCI address among the devices bound to {@code exanic} ({@code device/driver/<PCI address>} links, sorted).
 * That is checked against {@code class/misc/exanic*}, the driver's character devices: when those are not exactly
 * {@code exanic0..exanic<n-1>} for n bound cards (a card was removed, or failed to probe), the number is reported
 * as unknown and a publisher needs it given ({@code --member IF=ID:PORT}).
 */
public final class SmartNicPorts
{
    /** The exanic driver's name. */
    public static final String DRIVER = "exanic";

    private static final Pattern PCI_ADDRESS = Pattern.compile("[0-9a-fA-F]{4,}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");
    private static final Pattern MISC_NAME = Pattern.compile("exanic(\\d{1,3})");

    private SmartNicPorts()
    {
    }

    /**
     * Reads an interface's kind, SmartNIC number and port, MAC address and operstate.
     *
     * @param sysfs  the tree.
     * @param ifname the interface.
     * @return what it is; {@link InterfaceKind#MISSING} when it does not exist.
     */
    public static NetInterface probe(final Sysfs sysfs, final String ifname)
    {
        final Path dir = sysfs.netDir(ifname);
        if (!Files.isDirectory(dir))
        {
            return new NetInterface(ifname, InterfaceKind.MISSING, -1, -1, null, null, null, null);
        }
        final String address = SysfsText.mac(sysfs.attribute(ifname, "address"));
        final String operstate = SysfsText.singleWord(sysfs.attribute(ifname, "operstate"));
        final String driver = driverName(dir);
        if (sysfs.isBondMaster(ifname))
        {
            return new NetInterface(ifname, InterfaceKind.BOND_MASTER, -1, -1, null, driver, address, operstate);
        }
        if ("vlan".equals(SysfsText.ueventValue(sysfs.attribute(ifname, "uevent"), "DEVTYPE")))
        {
            return new NetInterface(ifname, InterfaceKind.VLAN, -1, -1, null, driver, address, operstate);
        }
        if (!DRIVER.equals(driver))
        {
            return new NetInterface(ifname, InterfaceKind.OTHER, -1, -1, null, driver, address, operstate);
        }
        final int port = SysfsText.nonNegativeInt(sysfs.attribute(ifname, "dev_port"));
        String problem = port < 0 ? "its dev_port is missing or unreadable" : null;
        int id = -1;
        try
        {
            id = exanicId(sysfs, dir);
        }
        catch (final IllegalStateException e)
        {
            problem = problem == null ? e.getMessage() : problem + "; " + e.getMessage();
        }
        if (port > 254 || id > 254)
        {
            problem = "its SmartNIC number or port is above 254";
            id = -1;
        }
        return new NetInterface(ifname, InterfaceKind.SMARTNIC_PORT, problem == null ? id : -1,
            problem == null ? port : -1, problem, driver, address, operstate);
    }

    private static String driverName(final Path ifDir)
    {
        final Path link = ifDir.resolve("device").resolve("driver");
        try
        {
            if (!Files.exists(link))
            {
                return null;
            }
            final Path target = Files.isSymbolicLink(link) ? Files.readSymbolicLink(link) : link.toRealPath();
            final Path name = target.getFileName();
            return name == null ? null : name.toString();
        }
        catch (final IOException | RuntimeException e)
        {
            return null;
        }
    }

    private static int exanicId(final Sysfs sysfs, final Path ifDir)
    {
        final String pciAddress;
        final List<String> bound = new ArrayList<>();
        try
        {
            final Path device = ifDir.resolve("device").toRealPath();
            pciAddress = device.getFileName().toString();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(device.resolve("driver").toRealPath()))
            {
                for (final Path entry : entries)
                {
                    final String name = entry.getFileName().toString();
                    if (PCI_ADDRESS.matcher(name).matches())
                    {
                        bound.add(name.toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            throw new IllegalStateException("the PCI devices bound to the exanic driver cannot be listed (" + e + ")");
        }
        Collections.sort(bound);
        final int index = bound.indexOf(pciAddress.toLowerCase(java.util.Locale.ROOT));
        if (index < 0)
        {
            throw new IllegalStateException("its PCI device " + pciAddress + " is not listed under the exanic driver");
        }
        final List<Integer> miscIds = miscIds(sysfs);
        if (miscIds != null)
        {
            boolean contiguous = miscIds.size() == bound.size();
            for (int i = 0; contiguous && i < miscIds.size(); i++)
            {
                contiguous = miscIds.get(i) == i;
            }
            if (!contiguous)
            {
                throw new IllegalStateException("the exanic character devices " + miscIds + " are not exanic0.." +
                    "exanic" + (bound.size() - 1) + " for " + bound.size() + " bound cards, so the card order " +
                    "does not give the SmartNIC number");
            }
        }
        return index;
    }

    private static List<Integer> miscIds(final Sysfs sysfs)
    {
        final Path misc = sysfs.root().resolve("class").resolve("misc");
        if (!Files.isDirectory(misc))
        {
            return null;
        }
        final List<Integer> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(misc))
        {
            for (final Path entry : entries)
            {
                final java.util.regex.Matcher matcher = MISC_NAME.matcher(entry.getFileName().toString());
                if (matcher.matches())
                {
                    ids.add(Integer.parseInt(matcher.group(1)));
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return null;
        }
        Collections.sort(ids);
        return ids;
    }
}
