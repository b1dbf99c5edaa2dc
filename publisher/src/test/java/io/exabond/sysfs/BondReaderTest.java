package io.exabond.sysfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class BondReaderTest
{
    @Test
    void shouldReadEveryAttributeOfABond(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root)
            .attribute("bond0", "bonding/arp_interval", "50\n")
            .attribute("bond0", "bonding/arp_ip_target", "10.0.0.1 10.0.0.2\n")
            .attribute("eth3", "bonding_slave/mii_status", "down\n");

        final BondState bond = BondReader.read(tree.sysfs(), "bond0");

        assertEquals("bond0", bond.name());
        assertTrue(bond.isActiveBackup());
        assertEquals(List.of("eth2", "eth3"), bond.slaves().stream().map(SlaveState::name).toList());
        assertEquals("eth2", bond.activeSlave());
        assertEquals(0, bond.activeIndex());
        assertEquals("eth2", bond.primary());
        assertEquals(100, bond.miimonMs());
        assertEquals(50, bond.arpIntervalMs());
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), bond.arpTargets());
        assertEquals(50, bond.monitorIntervalMs());
        assertEquals(FakeSysfs.ETH2_MAC, bond.address());
        assertTrue(bond.slaves().get(0).linkUp());
        assertFalse(bond.slaves().get(1).linkUp());
        assertEquals(FakeSysfs.ETH3_MAC, bond.slaves().get(1).permHwaddr());
        assertEquals("backup", bond.slaves().get(1).state());
        assertTrue(bond.unreadable().isEmpty());
    }

    @Test
    void shouldReadAttributesWithoutTrailingNewlines(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root)
            .attribute("bond0", "bonding/mode", "active-backup 1")
            .attribute("bond0", "bonding/slaves", "eth2 eth3")
            .attribute("bond0", "bonding/active_slave", "eth3")
            .attribute("bond0", "bonding/miimon", "10")
            .attribute("eth3", "bonding_slave/mii_status", "up");

        final BondState bond = BondReader.read(tree.sysfs(), "bond0");

        assertTrue(bond.isActiveBackup());
        assertEquals(2, bond.slaves().size());
        assertEquals("eth3", bond.activeSlave());
        assertEquals(10, bond.miimonMs());
        assertEquals(10, bond.monitorIntervalMs());
        assertTrue(bond.slaves().get(1).linkUp());
        assertTrue(bond.unreadable().isEmpty());
    }

    @Test
    void shouldNameGarbageAttributesAndCountUnreadableMonitorsAsOff(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root)
            .attribute("bond0", "bonding/miimon", "fast\n")
            .attribute("bond0", "bonding/active_slave", "eth2 eth3\n")
            .attribute("bond0", "bonding/slaves", "eth2 bad/name eth3\n");

        final BondState bond = BondReader.read(tree.sysfs(), "bond0");

        assertEquals(SysfsText.UNKNOWN, bond.miimonMs());
        assertTrue(bond.bothMonitorsOff());
        assertEquals(200, bond.monitorIntervalMs());
        assertNull(bond.activeSlave());
        assertEquals(List.of("eth2", "eth3"), bond.slaves().stream().map(SlaveState::name).toList());
        assertEquals(3, bond.unreadable().size(), bond.unreadable().toString());
        assertTrue(bond.unreadable().get(0).contains("miimon"), bond.unreadable().toString());
        assertTrue(bond.unreadable().get(0).contains("'fast\\n'"), bond.unreadable().toString());
    }

    @Test
    void shouldReadAnEmptyBond(@TempDir final Path root)
    {
        final FakeSysfs tree = new FakeSysfs(root).activeBackup("bond1", "02:00:00:00:00:01");

        final BondState bond = BondReader.read(tree.sysfs(), "bond1");

        assertTrue(bond.slaves().isEmpty());
        assertNull(bond.activeSlave());
        assertNull(bond.primary());
        assertEquals(-1, bond.activeIndex());
    }

    @Test
    void shouldReadNothingForAnInterfaceThatIsNotABond(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        assertNull(BondReader.read(tree.sysfs(), "eth2"));
        assertNull(BondReader.read(tree.sysfs(), "bond9"));
        assertNull(BondReader.read(tree.sysfs(), "../x"));
    }

    @Test
    void shouldApplyTheDriversMonitorRule(@TempDir final Path root)
    {
        final FakeSysfs tree = new FakeSysfs(root).bond("bond0", "active-backup 1", 0, 0, "02:00:00:00:00:01");
        assertEquals(200, BondReader.read(tree.sysfs(), "bond0").monitorIntervalMs());
        assertTrue(BondReader.read(tree.sysfs(), "bond0").bothMonitorsOff());
        tree.attribute("bond0", "bonding/arp_interval", "50\n");
        assertTrue(BondReader.read(tree.sysfs(), "bond0").bothMonitorsOff(), "arp_interval without a target");
        tree.attribute("bond0", "bonding/arp_ip_target", "10.0.0.1\n");
        assertEquals(50, BondReader.read(tree.sysfs(), "bond0").monitorIntervalMs());
        tree.attribute("bond0", "bonding/miimon", "300\n");
        assertEquals(50, BondReader.read(tree.sysfs(), "bond0").monitorIntervalMs());
    }
}
