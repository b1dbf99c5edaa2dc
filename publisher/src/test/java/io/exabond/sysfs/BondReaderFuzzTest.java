package io.exabond.sysfs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.exabond.sysfs.FuzzedTree.BOND;
import static io.exabond.sysfs.SysfsTextFuzzTest.assertPrintable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BondReader} and {@link SmartNicPorts#probe} on a fake host whose attribute files hold arbitrary bytes
 * ({@link FuzzedTree} explains the input). Whatever the files say, the bond is read without an exception, and the
 * model agrees with the files: slaves are the valid names of {@code bonding/slaves} in order, each probed; the
 * monitors, targets, active slave and primary are what their files say or "unknown"; everything that could not be
 * parsed is named in {@code unreadable()} in one printable line; interface kinds and SmartNIC ids are in range.
 * <p>
 * Seeds and past findings: {@code src/test/resources/io/exabond/sysfs/BondReaderFuzzTestInputs/shouldReadAnyBond/}.
 */
class BondReaderFuzzTest
{
    @TempDir
    static Path dir;

    private static FuzzedTree tree;

    @FuzzTest(maxDuration = "30s")
    void shouldReadAnyBond(final byte[] input)
    {
        final FuzzedTree fuzzed = tree();
        fuzzed.apply(input);
        final Sysfs sysfs = fuzzed.sysfs();

        final BondState state = BondReader.read(sysfs, BOND);

        assertNotNull(state, "bond0/bonding/ exists");
        assertEquals(BOND, state.name());
        assertEquals(BondMode.parse(attribute(sysfs, "bonding/mode")), state.mode());
        assertEquals(SysfsText.nonNegativeInt(attribute(sysfs, "bonding/miimon")), state.miimonMs());
        assertEquals(SysfsText.nonNegativeInt(attribute(sysfs, "bonding/arp_interval")), state.arpIntervalMs());
        assertEquals(SysfsText.commaList(attribute(sysfs, "bonding/arp_ip_target")), state.arpTargets());
        assertEquals(nameOrNull(attribute(sysfs, "bonding/active_slave")), state.activeSlave());
        assertEquals(nameOrNull(attribute(sysfs, "bonding/primary")), state.primary());
        assertEquals(SysfsText.mac(attribute(sysfs, "address")), state.address());
        assertEquals(SysfsText.singleWord(attribute(sysfs, "operstate")), state.operstate());
        assertTrue(state.monitorIntervalMs() >= 1, "a monitor interval the publisher accepts");

        final List<String> expectedSlaves = new ArrayList<>();
        for (final String word : SysfsText.words(attribute(sysfs, "bonding/slaves")))
        {
            if (InterfaceName.isValid(word))
            {
                expectedSlaves.add(word);
            }
        }
        final List<String> slaves = new ArrayList<>();
        for (final SlaveState slave : state.slaves())
        {
            slaves.add(slave.name());
            checkSlave(sysfs, slave);
        }
        assertEquals(expectedSlaves, slaves, "the valid names of bonding/slaves, in order");
        assertTrue(state.activeIndex() >= -1 && state.activeIndex() < slaves.size());
        if (state.activeIndex() >= 0)
        {
            assertEquals(state.activeSlave(), state.active().name());
        }
        for (final String sentence : state.unreadable())
        {
            assertPrintable(sentence);
        }
    }

    private static void checkSlave(final Sysfs sysfs, final SlaveState slave)
    {
        final String name = slave.name();
        final NetInterface iface = slave.iface();
        assertEquals(SysfsText.value(sysfs.attribute(name, "bonding_slave/mii_status")), slave.miiStatus());
        assertEquals(SysfsText.singleWord(sysfs.attribute(name, "bonding_slave/state")), slave.state());
        assertEquals(SysfsText.mac(sysfs.attribute(name, "bonding_slave/perm_hwaddr")), slave.permHwaddr());
        assertEquals(SysfsText.mac(sysfs.attribute(name, "address")), iface.address());
        assertEquals(slave.miiStatus() != null ? "up".equals(slave.miiStatus()) : "up".equals(iface.operstate()),
            slave.linkUp());
        assertEquals(sysfs.interfaceExists(name), iface.kind() != InterfaceKind.MISSING, name);
        if (iface.kind() == InterfaceKind.VLAN)
        {
            assertEquals("vlan", SysfsText.ueventValue(sysfs.attribute(name, "uevent"), "DEVTYPE"));
        }
        if (iface.hasExanicId())
        {
            assertTrue(iface.exanicId() <= 254 && iface.exanicPort() <= 254, iface.portLabel());
            assertEquals(SysfsText.nonNegativeInt(sysfs.attribute(name, "dev_port")), iface.exanicPort());
            assertNull(iface.idProblem());
        }
        else
        {
            assertTrue(iface.exanicId() == -1 && iface.exanicPort() == -1, iface.toString());
        }
        assertPrintable(iface.portLabel());
        assertPrintable(iface.describeKind());
    }

    private static String nameOrNull(final String text)
    {
        final String word = SysfsText.singleWord(text);
        return word != null && InterfaceName.isValid(word) ? word : null;
    }

    private static String attribute(final Sysfs sysfs, final String attribute)
    {
        return sysfs.attribute(BOND, attribute);
    }

    private static FuzzedTree tree()
    {
        if (tree == null || !tree.host().root().equals(dir))
        {
            tree = new FuzzedTree(dir);
        }
        return tree;
    }
}
