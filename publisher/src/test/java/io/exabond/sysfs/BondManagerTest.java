package io.exabond.sysfs;

import io.exabond.internal.Errno;
import io.exabond.internal.LibC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void shouldWriteSixteenBytesForAFifteenCharacterName(@TempDir final Path root)
    {
        final FakeSysfs tree = new FakeSysfs(root).exasock().activeBackup("bond0123456789a", "02:00:00:00:00:01");
        final List<byte[]> writes = new ArrayList<>();

        new BondManager(tree.sysfs(), (file, command) -> writes.add(command)).manage("bond0123456789a", false);

        assertEquals(1, writes.size());
        assertEquals(16, writes.get(0).length);
        assertEquals("+bond0123456789a", new String(writes.get(0), StandardCharsets.US_ASCII));
    }

    @Test
    void shouldNotWriteForABondAlreadyManaged(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        final List<byte[]> writes = new ArrayList<>();

        assertEquals(BondManager.Outcome.ALREADY_MANAGED,
            new BondManager(tree.sysfs(), (file, command) -> writes.add(command)).manage("bond0", false));

        assertTrue(writes.isEmpty());
    }

    @Test
    void shouldNotWriteToReleaseABondNotManaged(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        final List<byte[]> writes = new ArrayList<>();

        assertEquals(BondManager.Outcome.NOT_MANAGED,
            new BondManager(tree.sysfs(), (file, command) -> writes.add(command)).unmanage("bond0"));

        assertTrue(writes.isEmpty());
    }

    @Test
    void shouldExplainTheFirstFailedCheckWithoutWriting(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().enslave("bond0", "eth2", "eth0.100");
        final List<byte[]> writes = new ArrayList<>();

        final BondManagementException e = assertThrows(BondManagementException.class,
            () -> new BondManager(tree.sysfs(), (file, command) -> writes.add(command)).manage("bond0", false));

        assertTrue(writes.isEmpty());
        assertTrue(e.getMessage().contains("eth0.100 of bond0 is a VLAN interface"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: ip link set eth0.100 nomaster"), e.getMessage());
    }

    @Test
    void shouldWriteDespiteAFailedCheckWhenForced(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().enslave("bond0", "eth2", "eth0");
        final List<byte[]> writes = new ArrayList<>();

        new BondManager(tree.sysfs(), (file, command) -> writes.add(command)).manage("bond0", true);

        assertEquals(1, writes.size());
    }

    @Test
    void shouldNeverForceTheNameRule(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        final List<byte[]> writes = new ArrayList<>();

        final BondManagementException e = assertThrows(BondManagementException.class,
            () -> new BondManager(tree.sysfs(), (file, command) -> writes.add(command)).manage("bond0123456789ab",
            true));

        assertEquals(Errno.ENOSTR, e.refusal().errno());
        assertTrue(writes.isEmpty());
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
}
