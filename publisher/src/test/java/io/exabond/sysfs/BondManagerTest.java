package io.exabond.sysfs;

import io.exabond.internal.Errno;
import io.exabond.internal.LibC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class BondManagerTest
{
    @Test
    void shouldWriteExactlyPlusBondWithoutNewline(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        final Map<String, String> before = tree.snapshot();

        assertEquals(BondManager.Outcome.MANAGED, new BondManager(tree.sysfs(), MastersWriter.FILE).manage("bond0",
            false));

        assertEquals("+bond0", Files.readString(tree.sysfs().exabondMasters()));
        final Map<String, String> after = tree.snapshot();
        after.remove("sys/class/net/exabond_masters");
        before.remove("sys/class/net/exabond_masters");
        assertEquals(before, after, "nothing else changes");
    }

    @Test
    void shouldWriteMinusBondWithoutNewline(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");

        assertEquals(BondManager.Outcome.RELEASED, new BondManager(tree.sysfs(), MastersWriter.FILE).unmanage("bond0"));

        assertEquals("-bond0", Files.readString(tree.sysfs().exabondMasters()));
    }

    @Test
    void shouldManageAndReleaseABondOfTheFakeDriver(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            final BondManager manager = new BondManager(tree.sysfs(), driver);

            assertEquals(BondManager.Outcome.MANAGED, manager.manage("bond0", false));
            assertTrue(Files.exists(driver.node("bond0")));
            assertEquals(BondManager.Outcome.RELEASED, manager.unmanage("bond0"));
            assertFalse(Files.exists(driver.node("bond0")), "the driver removes the node at once");
            assertEquals(List.of("+bond0", "-bond0"), driver.commands());
        }
    }

    @Test
    void shouldWriteSixteenBytesForAFifteenCharacterName(@TempDir final Path root)
    {
        final FakeSysfs tree = new FakeSysfs(root).exasock().activeBackup("bond0123456789a", "02:00:00:00:00:01");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            new BondManager(tree.sysfs(), driver).manage("bond0123456789a", false);

            assertEquals(List.of("+bond0123456789a"), driver.commands(), "16 bytes: the most the driver accepts");
            assertEquals(List.of("bond0123456789a"), driver.managed());
        }
    }

    @Test
    void shouldNotWriteForABondAlreadyManaged(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            assertEquals(BondManager.Outcome.ALREADY_MANAGED,
                new BondManager(tree.sysfs(), driver).manage("bond0", false));

            assertEquals(List.of(), driver.commands());
        }
    }

    @Test
    void shouldNotWriteToReleaseABondNotManaged(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            assertEquals(BondManager.Outcome.NOT_MANAGED, new BondManager(tree.sysfs(), driver).unmanage("bond0"));

            assertEquals(List.of(), driver.commands());
        }
    }

    @Test
    void shouldExplainTheFirstFailedCheckWithoutWriting(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().enslave("bond0", "eth2", "eth0.100");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            final BondManagementException e = assertThrows(BondManagementException.class,
                () -> new BondManager(tree.sysfs(), driver).manage("bond0", false));

            assertEquals(List.of(), driver.commands());
            assertTrue(e.getMessage().contains("eth0.100 of bond0 is a VLAN interface"), e.getMessage());
            assertTrue(e.getMessage().contains("Fix: ip link set eth0.100 nomaster"), e.getMessage());
        }
    }

    @Test
    void shouldWriteDespiteAFailedCheckWhenForcedAndExplainTheDriversRefusal(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().enslave("bond0", "eth2", "eth0");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            final BondManagementException e = assertThrows(BondManagementException.class,
                () -> new BondManager(tree.sysfs(), driver).manage("bond0", true));

            assertEquals(List.of("+bond0"), driver.commands());
            assertEquals(Errno.ENOENT, e.refusal().errno());
            assertTrue(e.getMessage().startsWith("the driver refused `+bond0` with ENOENT (No such file or " +
                "directory): it could not manage bond0"), e.getMessage());
        }
    }

    @Test
    void shouldNeverForceTheNameRule(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            final BondManagementException e = assertThrows(BondManagementException.class,
                () -> new BondManager(tree.sysfs(), driver).manage("bond0123456789ab", true));

            assertEquals(Errno.ENOSTR, e.refusal().errno());
            assertEquals(List.of(), driver.commands());
        }
    }

    @Test
    void shouldTranslateEveryErrnoTheDriverReturns(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        final Object[][] cases = {
            {Errno.ENOSTR, "17 bytes or more"},
            {Errno.ENOMSG, "under 2 bytes or did not start with + or -"},
            {Errno.ENOENT, "it could not manage bond0"},
            {Errno.EINVAL, "is itself a bond master"},
            {Errno.ENODEV, "is not a SmartNIC (ExaNIC) port"},
            {Errno.EPERM, "only root may write"},
            {Errno.EACCES, "only root may write"},
        };
        for (final Object[] c : cases)
        {
            final int errno = (Integer)c[0];
            final MastersWriter failing = (file, command) ->
            {
                throw new IOException(LibC.strerror(errno));
            };
            final BondManagementException e = assertThrows(BondManagementException.class,
                () -> new BondManager(tree.sysfs(), failing).manage("bond0", false));
            assertEquals(errno, e.refusal().errno(), Errno.name(errno));
            assertTrue(e.getMessage().contains("refused `+bond0` with " + Errno.name(errno)), e.getMessage());
            assertTrue(e.getMessage().contains((String)c[1]), e.getMessage());
            assertTrue(e.getMessage().contains("Fix: "), e.getMessage());
        }
    }

    @Test
    void shouldRecoverTheErrnoFromJavasExceptions()
    {
        assertEquals(Errno.ENOSTR, DriverErrors.errnoOf(new IOException(LibC.strerror(Errno.ENOSTR))));
        assertEquals(Errno.ENOMSG, DriverErrors.errnoOf(new IOException(LibC.strerror(Errno.ENOMSG))));
        assertEquals(Errno.ENODEV, DriverErrors.errnoOf(new IOException(LibC.strerror(Errno.ENODEV))));
        assertEquals(DriverErrors.ENOTSUPP, DriverErrors.errnoOf(new IOException("Unknown error 524")));
        assertEquals(Errno.EACCES, DriverErrors.errnoOf(new AccessDeniedException("/sys/class/net/exabond_masters")));
        assertEquals(0, DriverErrors.errnoOf(new IOException("something else")));
        assertEquals(0, DriverErrors.errnoOf(new IOException()));
    }

    @Test
    void shouldFailWithTheModuleMessageWhenTheFileIsMissing(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final BondManagementException e = assertThrows(BondManagementException.class,
            () -> new BondManager(tree.sysfs(), MastersWriter.FILE).unmanage("bond0"));
        assertTrue(e.getMessage().contains("modprobe exasock"), e.getMessage());
        assertTrue(Files.notExists(tree.sysfs().exabondMasters()), "never created");
    }

    @Test
    void shouldSayTheModuleIsGoneWhenItIsUnloadedBetweenTheCheckAndTheWrite(@TempDir final Path root)
        throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            final MastersWriter unloadFirst = (file, command) ->
            {
                driver.unload();
                driver.write(file, command);
            };

            final BondManagementException e = assertThrows(BondManagementException.class,
                () -> new BondManager(tree.sysfs(), unloadFirst).manage("bond0", false));

            assertTrue(e.getMessage().startsWith("the exasock module is not loaded"), e.getMessage());
            assertTrue(e.getMessage().contains("Fix: `modprobe exasock`"), e.getMessage());
        }
    }
}
