package io.exabond.sysfs;

import io.exabond.internal.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ManageCheckTest
{
    @Test
    void shouldAcceptAnActiveBackupBondOfSmartNicPorts(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        assertNull(ManageCheck.checkManage(tree.sysfs(), "bond0"));
    }

    @Test
    void shouldAcceptABondWithNoSlaves(@TempDir final Path root)
    {
        final FakeSysfs tree = new FakeSysfs(root).exasock().activeBackup("bond1", "02:00:00:00:00:01");
        assertNull(ManageCheck.checkManage(tree.sysfs(), "bond1"));
    }

    @Test
    void shouldRefuseAnEmptyNameAsTheDriverDoesWithEnomsg()
    {
        final Refusal refusal = ManageCheck.checkName("");
        assertEquals(Errno.ENOMSG, refusal.errno());
        assertTrue(refusal.message().contains("under 2 bytes"), refusal.message());
    }

    @Test
    void shouldRefuseANameOfSixteenCharactersAsTheDriverDoesWithEnostr()
    {
        final Refusal refusal = ManageCheck.checkName("bond0123456789ab");
        assertEquals(Errno.ENOSTR, refusal.errno());
        assertTrue(refusal.message().contains("17 bytes"), refusal.message());
        assertNull(ManageCheck.checkName("bond0123456789a"), "15 characters make a 16-byte write, accepted");
    }

    @Test
    void shouldRefuseInvalidNamesWithEnoent()
    {
        for (final String name : new String[] {"a/b", ".", "..", "bond 0", "bond\t0"})
        {
            final Refusal refusal = ManageCheck.checkName(name);
            assertNotNull(refusal, name);
            assertEquals(Errno.ENOENT, refusal.errno(), name);
        }
    }

    @Test
    void shouldPredictTheErrnoTheDriverGivesForEveryBadName(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            for (final String name : new String[] {"", "bond0123456789ab", "a/b", ".", "..", "bond 0", "bond\t0"})
            {
                final IOException e = assertThrows(IOException.class, () -> driver.command("+" + name), name);
                assertEquals(DriverErrors.errnoOf(e), ManageCheck.checkName(name).errno(), "'" + name + "'");
            }
        }
    }

    @Test
    void shouldSayHowToLoadTheModuleWhenItIsNotLoaded(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Refusal refusal = ManageCheck.checkManage(tree.sysfs(), "bond0");
        assertTrue(refusal.message().contains("not loaded"), refusal.message());
        assertTrue(refusal.fix().contains("modprobe exasock"), refusal.fix());
    }

    @Test
    void shouldRefuseAMissingInterface(@TempDir final Path root)
    {
        final Refusal refusal = ManageCheck.checkManage(FakeSysfs.standardHost(root).exasock().sysfs(), "bond7");
        assertEquals(Errno.ENOENT, refusal.errno());
        assertTrue(refusal.message().contains("no interface bond7"), refusal.message());
        assertTrue(refusal.fix().contains("ip link add bond7 type bond mode active-backup"), refusal.fix());
    }

    @Test
    void shouldRefuseAnInterfaceThatIsNotABond(@TempDir final Path root)
    {
        final Refusal refusal = ManageCheck.checkManage(FakeSysfs.standardHost(root).exasock().sysfs(), "eth2");
        assertEquals(Errno.ENOENT, refusal.errno());
        assertTrue(refusal.message().contains("eth2 is not a bond"), refusal.message());
    }

    @Test
    void shouldRefuseAModeOtherThanActiveBackup(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock()
            .attribute("bond0", "bonding/mode", "balance-rr 0\n");
        final Refusal refusal = ManageCheck.checkManage(tree.sysfs(), "bond0");
        assertEquals(Errno.ENOENT, refusal.errno());
        assertTrue(refusal.message().contains("mode balance-rr"), refusal.message());
        assertTrue(refusal.fix().contains("type bond mode active-backup"), refusal.fix());
    }

    @Test
    void shouldRefuseASlaveThatIsNotASmartNicPort(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().enslave("bond0", "eth2", "eth0");
        final Refusal refusal = ManageCheck.checkManage(tree.sysfs(), "bond0");
        assertEquals(Errno.ENOENT, refusal.errno());
        assertTrue(refusal.message().contains("slave eth0"), refusal.message());
        assertTrue(refusal.message().contains("driver ixgbe"), refusal.message());
        assertEquals("ip link set eth0 nomaster", refusal.fix());
    }

    @Test
    void shouldRefuseAVlanSlave(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().enslave("bond0", "eth2", "eth0.100");
        final Refusal refusal = ManageCheck.checkManage(tree.sysfs(), "bond0");
        assertTrue(refusal.message().contains("VLAN"), refusal.message());
    }

    @Test
    void shouldRefuseABondSlave(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().activeBackup("bond1", "02:00:00:00:00:01")
            .enslave("bond0", "eth2", "bond1");
        final Refusal refusal = ManageCheck.checkManage(tree.sysfs(), "bond0");
        assertTrue(refusal.message().contains("slave bond1 of bond0 is itself a bond"), refusal.message());
    }

    @Test
    void shouldGiveTheSlaveErrnosOfAManagedBond(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).activeBackup("bond1", "02:00:00:00:00:01")
            .enslave("bond0", "eth2", "bond1", "eth0", "eth0.100");
        final BondState bond = BondReader.read(tree.sysfs(), "bond0");
        assertNull(ManageCheck.checkSlave(bond, bond.slaves().get(0), Errno.ENODEV));
        assertEquals(Errno.EINVAL, ManageCheck.checkSlave(bond, bond.slaves().get(1), Errno.ENODEV).errno());
        assertEquals(Errno.ENODEV, ManageCheck.checkSlave(bond, bond.slaves().get(2), Errno.ENODEV).errno());
        assertEquals(Errno.ENODEV, ManageCheck.checkSlave(bond, bond.slaves().get(3), Errno.ENODEV).errno());
    }

    @Test
    void shouldWarnAboutTheMacWhenTheFixRemovesTheSlaveWhoseMacTheBondUses(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().enslave("bond0", "eth0", "eth2")
            .attribute("bond0", "address", FakeSysfs.ETH0_MAC + "\n");
        final Refusal refusal = ManageCheck.checkManage(tree.sysfs(), "bond0");
        assertTrue(refusal.fix().startsWith("ip link set bond0 address 3e:fd:fe:00:00:10 && ip link set eth0 nomaster"),
            refusal.fix());
        assertTrue(refusal.fix().contains("two devices keep one MAC"), refusal.fix());
    }
}
