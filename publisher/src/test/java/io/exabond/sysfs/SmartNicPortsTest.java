package io.exabond.sysfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class SmartNicPortsTest
{
    @Test
    void shouldFindTheSmartNicNumberFromTheCardOrderAndThePortFromDevPort(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);

        final NetInterface eth3 = SmartNicPorts.probe(tree.sysfs(), "eth3");
        final NetInterface eth4 = SmartNicPorts.probe(tree.sysfs(), "eth4");

        assertEquals(InterfaceKind.SMARTNIC_PORT, eth3.kind());
        assertEquals("exanic", eth3.driver());
        assertEquals(0, eth3.exanicId());
        assertEquals(1, eth3.exanicPort());
        assertEquals("exanic0:1", eth3.portLabel());
        assertEquals(1, eth4.exanicId());
        assertEquals(0, eth4.exanicPort());
        assertEquals(FakeSysfs.ETH4_MAC, eth4.address());
    }

    @Test
    void shouldNotGuessTheNumberWhenTheCharacterDevicesDoNotMatchTheCards(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        Files.delete(tree.sys().resolve("class/misc/exanic0"));
        Files.createDirectories(tree.sys().resolve("class/misc/exanic5"));

        final NetInterface eth3 = SmartNicPorts.probe(tree.sysfs(), "eth3");

        assertEquals(InterfaceKind.SMARTNIC_PORT, eth3.kind());
        assertFalse(eth3.hasExanicId());
        assertEquals("exanic?:?", eth3.portLabel());
        assertNotNull(eth3.idProblem());
        assertTrue(eth3.idProblem().contains("[1, 5]"), eth3.idProblem());
    }

    @Test
    void shouldNotGuessThePortWithoutDevPort(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).attribute("eth3", "dev_port", "x\n");

        final NetInterface eth3 = SmartNicPorts.probe(tree.sysfs(), "eth3");

        assertFalse(eth3.hasExanicId());
        assertTrue(eth3.idProblem().contains("dev_port"), eth3.idProblem());
    }

    @Test
    void shouldTellOtherKindsApart(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);

        assertEquals(InterfaceKind.OTHER, SmartNicPorts.probe(tree.sysfs(), "eth0").kind());
        assertEquals("ixgbe", SmartNicPorts.probe(tree.sysfs(), "eth0").driver());
        assertEquals(InterfaceKind.VLAN, SmartNicPorts.probe(tree.sysfs(), "eth0.100").kind());
        assertEquals(InterfaceKind.BOND_MASTER, SmartNicPorts.probe(tree.sysfs(), "bond0").kind());
        assertEquals(InterfaceKind.MISSING, SmartNicPorts.probe(tree.sysfs(), "eth9").kind());
        assertEquals("not-exanic", SmartNicPorts.probe(tree.sysfs(), "eth0").portLabel());
    }

    @Test
    void shouldCountAVirtualInterfaceWithoutDeviceAsOther(@TempDir final Path root)
    {
        final FakeSysfs tree = new FakeSysfs(root);
        FakeSysfs.write(tree.net("dummy0").resolve("address"), "02:00:00:00:00:09\n");

        final NetInterface dummy = SmartNicPorts.probe(tree.sysfs(), "dummy0");

        assertEquals(InterfaceKind.OTHER, dummy.kind());
        assertTrue(dummy.describeKind().contains("virtual"), dummy.describeKind());
    }
}
