package io.exabond.sysfs;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.internal.LibC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A fake host under a temporary folder: {@code sys/} in the layouts of the bonding, exanic and exasock drivers,
 * {@code dev/} for page nodes and {@code proc/} for process maps. Attribute files end with a newline, as the kernel
 * writes them, unless a test writes them otherwise.
 */
public final class FakeSysfs
{
    private final Path root;
    private final Path sys;
    private final Path dev;
    private final Path proc;

    public FakeSysfs(final Path root)
    {
        this.root = root;
        this.sys = root.resolve("sys");
        this.dev = root.resolve("dev");
        this.proc = root.resolve("proc");
        mkdirs(sys.resolve("class/net"));
        mkdirs(dev);
        mkdirs(proc);
    }

    /** MAC addresses of the standard host's interfaces. */
    public static final String ETH2_MAC = "64:3f:5f:01:00:02";
    public static final String ETH3_MAC = "64:3f:5f:01:00:03";
    public static final String ETH4_MAC = "64:3f:5f:02:00:04";
    public static final String ETH0_MAC = "3c:fd:fe:00:00:10";

    /**
     * Two ExaNIC cards (exanic0 at 0000:01:00.0 with ports eth2 and eth3, exanic1 at 0000:02:00.0 with eth4), an
     * Intel port eth0 with a VLAN eth0.100, and bond0 (active-backup, miimon 100) of eth2 and eth3 with eth2 active
     * and the bond using eth2's MAC. The exasock module is not loaded.
     */
    public static FakeSysfs standardHost(final Path root)
    {
        return new FakeSysfs(root)
            .exanicCard("0000:01:00.0", 0)
            .exanicCard("0000:02:00.0", 1)
            .exanicPort("eth2", "0000:01:00.0", 0, ETH2_MAC)
            .exanicPort("eth3", "0000:01:00.0", 1, ETH3_MAC)
            .exanicPort("eth4", "0000:02:00.0", 0, ETH4_MAC)
            .nic("eth0", "ixgbe", ETH0_MAC)
            .vlan("eth0.100", ETH0_MAC)
            .activeBackup("bond0", ETH2_MAC)
            .enslave("bond0", "eth2", "eth3");
    }

    public Path root()
    {
        return root;
    }

    public Path sys()
    {
        return sys;
    }

    public Path dev()
    {
        return dev;
    }

    public Path proc()
    {
        return proc;
    }

    public Sysfs sysfs()
    {
        return new Sysfs(sys);
    }

    public Path net(final String ifname)
    {
        return sys.resolve("class/net").resolve(ifname);
    }

    /** Loads the fake exasock module: {@code exabond_masters} listing the bonds, as the driver writes it. */
    public FakeSysfs exasock(final String... managed)
    {
        write(sys.resolve("class/net/exabond_masters"), managed.length == 0 ? "" : String.join(" ", managed) + "\n");
        return this;
    }

    /** An ExaNIC card at a PCI address, bound to the exanic driver, with its character device exanicN. */
    public FakeSysfs exanicCard(final String pciAddress, final int id)
    {
        final Path device = sys.resolve("devices/pci0000:00").resolve(pciAddress);
        mkdirs(device);
        final Path driver = sys.resolve("bus/pci/drivers/exanic");
        mkdirs(driver);
        link(device.resolve("driver"), "../../../bus/pci/drivers/exanic");
        link(driver.resolve(pciAddress), "../../../../devices/pci0000:00/" + pciAddress);
        write(driver.resolve("bind"), "");
        mkdirs(sys.resolve("class/misc/exanic" + id));
        return this;
    }

    /** A port of an ExaNIC card. */
    public FakeSysfs exanicPort(final String ifname, final String pciAddress, final int port, final String mac)
    {
        netdev(ifname, mac, "");
        link(net(ifname).resolve("device"), "../../../devices/pci0000:00/" + pciAddress);
        write(net(ifname).resolve("dev_port"), port + "\n");
        return this;
    }

    /** A port of another NIC, bound to another driver. */
    public FakeSysfs nic(final String ifname, final String driverName, final String mac)
    {
        final String pci = "0000:0" + (Math.abs(ifname.hashCode()) % 8) + ":1f.0";
        final Path device = sys.resolve("devices/pci0000:00").resolve(pci);
        mkdirs(device);
        mkdirs(sys.resolve("bus/pci/drivers").resolve(driverName));
        link(device.resolve("driver"), "../../../bus/pci/drivers/" + driverName);
        netdev(ifname, mac, "");
        link(net(ifname).resolve("device"), "../../../devices/pci0000:00/" + pci);
        write(net(ifname).resolve("dev_port"), "0\n");
        return this;
    }

    /** An 802.1Q VLAN interface (no device link, DEVTYPE=vlan). */
    public FakeSysfs vlan(final String ifname, final String mac)
    {
        netdev(ifname, mac, "DEVTYPE=vlan\n");
        return this;
    }

    /** A bonding master with its attributes. */
    public FakeSysfs bond(final String name, final String mode, final int miimon, final int arpInterval,
        final String mac)
    {
        netdev(name, mac, "DEVTYPE=bond\n");
        final Path bonding = net(name).resolve("bonding");
        mkdirs(bonding);
        write(bonding.resolve("mode"), mode + "\n");
        write(bonding.resolve("miimon"), miimon + "\n");
        write(bonding.resolve("arp_interval"), arpInterval + "\n");
        write(bonding.resolve("arp_ip_target"), "");
        write(bonding.resolve("slaves"), "");
        write(bonding.resolve("active_slave"), "");
        write(bonding.resolve("primary"), "");
        write(bonding.resolve("downdelay"), "0\n");
        return this;
    }

    /** An active-backup bond with miimon 100. */
    public FakeSysfs activeBackup(final String name, final String mac)
    {
        return bond(name, "active-backup 1", 100, 0, mac);
    }

    /** Enslaves interfaces, the first one active and primary; each keeps its own MAC as perm_hwaddr. */
    public FakeSysfs enslave(final String bond, final String... slaves)
    {
        write(net(bond).resolve("bonding/slaves"), String.join(" ", slaves) + "\n");
        for (int i = 0; i < slaves.length; i++)
        {
            final String slave = slaves[i];
            final Path dir = net(slave).resolve("bonding_slave");
            mkdirs(dir);
            final String mac = read(net(slave).resolve("address"));
            write(dir.resolve("perm_hwaddr"), mac == null ? "00:00:00:00:00:00\n" : mac);
            write(dir.resolve("state"), i == 0 ? "active\n" : "backup\n");
            write(dir.resolve("mii_status"), "up\n");
            link(net(slave).resolve("master"), "../" + bond);
        }
        if (slaves.length > 0)
        {
            setActive(bond, slaves[0]);
            write(net(bond).resolve("bonding/primary"), slaves[0] + "\n");
        }
        return this;
    }

    /** What the bonding driver shows after a failover. */
    public FakeSysfs setActive(final String bond, final String slave)
    {
        write(net(bond).resolve("bonding/active_slave"), slave == null ? "" : slave + "\n");
        return this;
    }

    /**
     * What {@code ip link set IF down} shows: {@code IFF_UP} clear in {@code flags}, {@code operstate down}, and
     * {@code carrier} unreadable (the kernel fails its read with EINVAL; here the file is gone).
     */
    public FakeSysfs adminDown(final String ifname)
    {
        write(net(ifname).resolve("flags"), "0x1002\n");
        write(net(ifname).resolve("operstate"), "down\n");
        try
        {
            Files.deleteIfExists(net(ifname).resolve("carrier"));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** An interface up without a carrier, as an empty bond set up: {@code carrier 0}, {@code operstate down}. */
    public FakeSysfs noCarrier(final String ifname)
    {
        write(net(ifname).resolve("flags"), "0x1003\n");
        write(net(ifname).resolve("operstate"), "down\n");
        write(net(ifname).resolve("carrier"), "0\n");
        return this;
    }

    public FakeSysfs attribute(final String ifname, final String attribute, final String content)
    {
        write(net(ifname).resolve(attribute), content);
        return this;
    }

    /** A page file holding word 0 only, as the kernel writes it. */
    public Path kernelPage(final String bond, final int raw)
    {
        final Path page = dev.resolve("exabond-" + bond);
        final ByteBuffer bytes = ByteBuffer.allocate((int)LibC.pageSize()).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(0, raw);
        try
        {
            Files.write(page, bytes.array());
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return page;
    }

    public static int active(final int id, final int port)
    {
        return GroupInfoEncoder.encode(true, id, port);
    }

    /** A process in the fake procfs. */
    public FakeSysfs process(final int pid, final String comm, final List<String> mapsLines, final List<String> fds)
    {
        final Path dir = proc.resolve(Integer.toString(pid));
        mkdirs(dir.resolve("fd"));
        write(dir.resolve("comm"), comm + "\n");
        write(dir.resolve("maps"), mapsLines.isEmpty() ? "" : String.join("\n", mapsLines) + "\n");
        for (int i = 0; i < fds.size(); i++)
        {
            link(dir.resolve("fd").resolve(Integer.toString(i)), fds.get(i));
        }
        return this;
    }

    /** Every file, folder and link under the root with its content or target, for before/after comparisons. */
    public Map<String, String> snapshot()
    {
        final Map<String, String> snapshot = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.forEach(path ->
            {
                final String key = root.relativize(path).toString();
                try
                {
                    if (Files.isSymbolicLink(path))
                    {
                        snapshot.put(key, "-> " + Files.readSymbolicLink(path));
                    }
                    else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                    {
                        snapshot.put(key, "/");
                    }
                    else
                    {
                        snapshot.put(key, new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
                    }
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException(e);
                }
            });
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return snapshot;
    }

    private void netdev(final String ifname, final String mac, final String uevent)
    {
        final Path dir = net(ifname);
        mkdirs(dir);
        write(dir.resolve("address"), mac + "\n");
        write(dir.resolve("flags"), "0x1003\n");
        write(dir.resolve("operstate"), "up\n");
        write(dir.resolve("carrier"), "1\n");
        write(dir.resolve("uevent"), uevent + "INTERFACE=" + ifname + "\nIFINDEX=" + (2 + Math.abs(ifname.hashCode() %
            100)) + "\n");
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException e)
        {
            return null;
        }
    }

    public static void write(final Path file, final String content)
    {
        try
        {
            // Replaced whole, as sysfs shows a new value: a reader never sees a half-written file.
            Files.createDirectories(file.getParent());
            final Path temporary = file.resolveSibling("." + file.getFileName() + ".new");
            Files.writeString(temporary, content, StandardCharsets.ISO_8859_1);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static void link(final Path link, final String target)
    {
        try
        {
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(target));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
