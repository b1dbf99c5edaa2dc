package io.exabond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.CliRun;
import io.exabond.internal.Errno;
import io.exabond.internal.LibC;
import io.exabond.json.StrictJson;
import io.exabond.sysfs.FakeExasock;
import io.exabond.sysfs.FakeSysfs;
import io.exabond.sysfs.MastersWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class BondManagementCommandsTest
{
    @AfterEach
    void restoreWriters()
    {
        ManageCommand.writer = MastersWriter.FILE;
        UnmanageCommand.writer = MastersWriter.FILE;
    }

    @Test
    void shouldListManagedAndOtherBonds(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0")
            .bond("bond1", "balance-rr 0", 100, 0, "02:00:00:00:00:01")
            .activeBackup("bond2", "02:00:00:00:00:02");
        tree.kernelPage("bond0", FakeSysfs.active(0, 0));

        final CliRun run = CliRun.run("bonds", "--sysfs", tree.sys().toString(), "--dev", tree.dev().toString());

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("exasock: loaded"), run.out());
        assertTrue(run.out().contains("managed bonds: 1"), run.out());
        assertTrue(run.out().contains("bond0  mode active-backup  active eth2 (exanic0:0)"), run.out());
        assertTrue(run.out().contains("members: eth2 exanic0:0 up primary, eth3 exanic0:1 up"), run.out());
        assertTrue(run.out().contains("miimon 100 ms, arp_interval off -> exasock monitor interval 100 ms"), run.out());
        assertTrue(run.out().contains("exabond-bond0 (present)"), run.out());
        assertTrue(run.out().contains("other bonds: 2"), run.out());
        assertTrue(run.out().contains("cannot be managed: bond1 is in mode balance-rr"), run.out());
        assertTrue(run.out().contains("can be managed: exabond manage bond2"), run.out());
    }

    @Test
    void shouldSayHowToLoadTheModuleWhenListingBonds(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);

        final CliRun run = CliRun.run("bonds", "--sysfs", tree.sys().toString(), "--dev", tree.dev().toString());

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("the exasock module is not loaded"), run.out());
        assertTrue(run.out().contains("modprobe exasock"), run.out());
        assertTrue(run.out().contains("bonds on this host: 1"), run.out());
    }

    @Test
    void shouldListBondsAsJson(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().enslave("bond0", "eth2", "eth0");

        final CliRun run = CliRun.run("bonds", "--json", "--sysfs", tree.sys().toString());

        assertEquals(0, run.code(), run.toString());
        assertEquals(1, run.out().lines().count(), run.out());
        final JsonNode json = StrictJson.parse(run.out());
        assertTrue(json.get("exasock_loaded").booleanValue(), run.out());
        assertTrue(json.get("managed").isArray() && json.get("managed").isEmpty(), run.out());
        final JsonNode bond = named(json.get("other"), "bond", "bond0");
        assertEquals("active-backup", bond.get("mode").textValue());
        assertEquals("eth2", bond.get("active_slave").textValue());
        final JsonNode eth0 = named(bond.get("members"), "ifname", "eth0");
        assertEquals("other", eth0.get("kind").textValue(), bond.toString());
        assertEquals(-1, eth0.get("exanic_id").intValue(), bond.toString());
        assertFalse(bond.get("manageable").booleanValue());
        assertTrue(bond.get("reason").textValue().startsWith("slave eth0 of bond0 is not a SmartNIC port"),
            bond.toString());
        assertEquals("ip link set eth0 nomaster", bond.get("fix").textValue());
    }

    @Test
    void shouldManageABondWithOneWrite(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            ManageCommand.writer = driver;

            final CliRun run = CliRun.run("manage", "bond0", "--sysfs", tree.sys().toString(), "--dev",
                tree.dev().toString());

            assertEquals(0, run.code(), run.toString());
            assertEquals(List.of("+bond0"), driver.commands());
            assertEquals("bond0\n", Files.readString(tree.sys().resolve("class/net/exabond_masters")));
            assertTrue(run.out().contains("bond0 is now under exasock management; its page is " + driver.node("bond0")),
                run.out());
        }
    }

    @Test
    void shouldSayOnlyRootCanOpenTheNewNode(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            ManageCommand.writer = (file, command) ->
            {
                driver.write(file, command);
                Files.setPosixFilePermissions(driver.node("bond0"), PosixFilePermissions.fromString("rw-------"));
            };

            final CliRun run = CliRun.run("manage", "bond0", "--sysfs", tree.sys().toString(), "--dev",
                tree.dev().toString());

            assertEquals(0, run.code(), run.toString());
            assertTrue(run.err().contains("manage: note: only root can open " + driver.node("bond0") + " (mode 0600, " +
                "as the driver makes its nodes); for a feed handler that runs as another user: exabond doctor bond0 " +
                "--as-user USER"), run.err());
        }
    }

    @Test
    void shouldExplainTheDriversRefusalOfAForcedManage(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().enslave("bond0", "eth2", "eth0");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            ManageCommand.writer = driver;

            final CliRun run = CliRun.run("manage", "bond0", "--force", "--sysfs", tree.sys().toString());

            assertEquals(ExitCode.ERROR, run.code(), run.toString());
            assertEquals(List.of("+bond0"), driver.commands());
            assertTrue(run.err().startsWith("exabond manage: the driver refused `+bond0` with ENOENT (No such file " +
                "or directory): it could not manage bond0"), run.err());
        }
    }

    @Test
    void shouldExplainARefusalWithItsFixAndWriteNothing(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().attribute("bond0", "bonding/mode",
            "balance-xor 2\n");
        final Map<String, String> before = tree.snapshot();

        final CliRun run = CliRun.run("manage", "bond0", "--sysfs", tree.sys().toString());

        assertEquals(ExitCode.ERROR, run.code(), run.toString());
        assertEquals("exabond manage: bond0 is in mode balance-xor; the driver manages only active-backup bonds. " +
            "Fix: `ip link set bond0 down && ip link set bond0 type bond mode active-backup && ip link set bond0 up`",
            run.err().strip());
        assertEquals(before, tree.snapshot());
    }

    @Test
    void shouldTranslateTheDriversErrnoIntoAMessage(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        ManageCommand.writer = (file, command) ->
        {
            throw new IOException(LibC.strerror(Errno.ENODEV));
        };

        final CliRun run = CliRun.run("manage", "bond0", "--sysfs", tree.sys().toString());

        assertEquals(ExitCode.ERROR, run.code(), run.toString());
        assertTrue(run.err().startsWith("exabond manage: the driver refused `+bond0` with ENODEV ("), run.err());
        assertTrue(run.err().contains("is not a SmartNIC (ExaNIC) port. Fix: remove it"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void shouldRefuseALongNameAsTheDriverWouldWithEnostr(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();

        final CliRun run = CliRun.run("manage", "bond0123456789ab", "--sysfs", tree.sys().toString());

        assertEquals(ExitCode.ERROR, run.code(), run.toString());
        assertTrue(run.err().contains("the driver refuses 17 bytes or more with ENOSTR"), run.err());
    }

    @Test
    void shouldSucceedForABondAlreadyManagedWithoutWriting(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        final Map<String, String> before = tree.snapshot();

        final CliRun run = CliRun.run("manage", "bond0", "--sysfs", tree.sys().toString());

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("already under exasock management"), run.out());
        assertEquals(before, tree.snapshot());
    }

    @Test
    void shouldWarnAfterManagingABondWithoutMonitors(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().attribute("bond0", "bonding/miimon", "0\n");

        final CliRun run = CliRun.run("manage", "bond0", "--sysfs", tree.sys().toString());

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.err().contains("warning: both miimon and arp_interval are off on bond0"), run.err());
        assertTrue(run.err().contains("emits a kernel WARN_ONCE"), run.err());
        assertTrue(run.err().contains("Fix: ip link set bond0 type bond miimon 100"), run.err());
    }

    @Test
    void shouldUnmanageAndNameTheProcessesLeftHoldingAFrozenPage(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            UnmanageCommand.writer = driver;
            final String node = driver.node("bond0").toString();
            tree.process(4242, "feedhandler", List.of("7f0000000000-7f0000001000 r--s 00000000 00:06 1234 " + node),
                List.of(node));
            tree.process(4343, "bash", List.of(), List.of());
            tree.process(4444, "oldreader", List.of("7f0000000000-7f0000001000 r--s 00000000 00:06 1200 " + node +
                " (deleted)"), List.of());

            final CliRun run = CliRun.run("unmanage", "bond0", "--sysfs", tree.sys().toString(), "--dev",
                tree.dev().toString(), "--proc", tree.proc().toString());

            assertEquals(0, run.code(), run.toString());
            assertEquals(List.of("-bond0"), driver.commands());
            assertEquals(List.of(
                "bond0 is released from exasock management; the driver removed " + node + " at once",
                "these processes are left holding a frozen page (word 0 = 0, \"no active slave\", for ever); they " +
                    "must open " + node + " again after `exabond manage bond0`:",
                "  4242 (feedhandler): mapped, open",
                "these processes still hold a page of bond0 released earlier, frozen (word 0 = 0):",
                "  4444 (oldreader): mapped, deleted"), run.out().lines().toList());
        }
    }

    @Test
    void shouldSayNoProcessHeldTheReleasedPage(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            UnmanageCommand.writer = driver;

            final CliRun run = CliRun.run("unmanage", "bond0", "--sysfs", tree.sys().toString(), "--dev",
                tree.dev().toString(), "--proc", tree.proc().toString());

            assertEquals(0, run.code(), run.toString());
            assertTrue(run.out().endsWith("no process held " + driver.node("bond0") + System.lineSeparator()),
                run.out());
        }
    }

    @Test
    void shouldSayWhenTheNodeOutlivesTheWriteAsTheDriversNeverDoes(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        final Path node = tree.kernelPage("bond0", FakeSysfs.active(0, 0));

        final CliRun run = CliRun.run("unmanage", "bond0", "--sysfs", tree.sys().toString(), "--dev",
            tree.dev().toString(), "--proc", tree.proc().toString());

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("bond0 is released from exasock management; " + node + " is still there, " +
            "but the exasock driver removes its node at once: is " + tree.dev() + " where its nodes appear (--dev)?"),
            run.out());
    }

    @Test
    void shouldLeaveABondThatIsNotManagedAlone(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond1");
        final Map<String, String> before = tree.snapshot();

        final CliRun run = CliRun.run("unmanage", "bond0", "--sysfs", tree.sys().toString(), "--proc",
            tree.proc().toString());

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("bond0 is not under exasock management (nothing written)"), run.out());
        assertEquals(before, tree.snapshot());
    }

    @Test
    void shouldFailToUnmanageWithoutTheModule(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);

        final CliRun run = CliRun.run("unmanage", "bond0", "--sysfs", tree.sys().toString());

        assertEquals(ExitCode.ERROR, run.code(), run.toString());
        assertTrue(run.err().contains("Fix: `modprobe exasock`"), run.err());
    }

    private static JsonNode named(final JsonNode array, final String field, final String name)
    {
        for (final JsonNode item : array)
        {
            if (name.equals(item.get(field).textValue()))
            {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + name + " in " + array);
    }
}
