package io.exabond.sysfs;

import io.exabond.internal.Errno;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fake exasock driver answers every write as the real one did (exasock 2.7.6, Debian 6.1.0-57-cloud-amd64):
 * the tests of the management commands rely on it.
 */
@Timeout(10)
class FakeExasockTest
{
    @Test
    void shouldRefuseAWriteOf17BytesOrMoreWithEnostr(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            final Map<String, String> before = tree.snapshot();

            assertEquals(Errno.ENOSTR, errnoOf(driver, "+bond0123456789ab"), "17 bytes");
            assertEquals(Errno.ENOSTR, errnoOf(driver, "-" + "x".repeat(40)));
            assertEquals(Errno.ENOSTR, errnoOf(driver, "+bond0123456789a\n"), "a 15-character name and echo's newline");

            assertEquals(before, tree.snapshot());
        }
    }

    @Test
    void shouldRefuseAWriteUnderTwoBytesOrWithoutPlusOrMinusWithEnomsg(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            for (final String command : List.of("", "+", "-", "\n", "bond0", "*bond0", " +bond0"))
            {
                assertEquals(Errno.ENOMSG, errnoOf(driver, command), "'" + command + "'");
            }
            assertEquals(List.of(), driver.managed());
        }
    }

    @Test
    void shouldReadTheNameAsPercent15sDoes()
    {
        assertEquals("bond0", scan("+bond0"));
        assertEquals("bond0", scan("+bond0\n"));
        assertEquals("bond0", scan("+ \tbond0 and more"));
        assertEquals("bond0", scan("+bond0\u0000bond1"));
        assertEquals("bond0123456789a", scan("+bond0123456789a"));
        assertEquals("", scan("+\n"));
        assertEquals("", scan("-  "));
    }

    @Test
    void shouldFailPlusNewlineWithEnoentSinceTheNameIsNotChecked(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            assertEquals(Errno.ENOENT, errnoOf(driver, "+\n"), "not ENOMSG: the write is 2 bytes");
            assertEquals(Errno.ENOENT, errnoOf(driver, "+ "));
            driver.command("-\n");
            assertEquals(List.of("+\n", "+ ", "-\n"), driver.commands());
        }
    }

    @Test
    void shouldAcceptANameWithSpaceAroundIt(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            driver.command("+ bond0\n");

            assertEquals(List.of("bond0"), driver.managed());
        }
    }

    @Test
    void shouldRefuseEveryBondItCannotManageWithEnoent(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock()
            .bond("bond1", "balance-rr 0", 100, 0, "02:00:00:00:00:01")
            .activeBackup("bond2", "02:00:00:00:00:02").enslave("bond2", "eth4", "eth0.100")
            .activeBackup("bond3", "02:00:00:00:00:03").enslave("bond3", "eth0");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            for (final String name : List.of("bond7", "eth2", "bond1", "bond2", "bond3", "a/b", ".."))
            {
                assertEquals(Errno.ENOENT, errnoOf(driver, "+" + name), name);
            }
            assertEquals("", Files.readString(tree.sysfs().exabondMasters()));
            assertEquals(List.of(), driver.managed());
        }
    }

    @Test
    void shouldManageABondAsANewNodeHoldingTheActiveSlave(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().setActive("bond0", "eth3");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            final Path stale = tree.kernelPage("bond0", 0x1234_5678);
            final Object staleInode = Files.getAttribute(stale, "unix:ino");

            driver.command("+bond0");

            assertEquals("bond0\n", Files.readString(tree.sysfs().exabondMasters()));
            assertEquals(FakeSysfs.active(0, 1), word0(driver.node("bond0")));
            assertNotEquals(staleInode, Files.getAttribute(driver.node("bond0"), "unix:ino"), "a new node");
        }
    }

    @Test
    void shouldListManagedBondsInTheOrderTheyWereManaged(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().activeBackup("bond1", "02:00:00:00:00:01");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            driver.command("+bond1");
            driver.command("+bond0");

            assertEquals("bond1 bond0\n", Files.readString(tree.sysfs().exabondMasters()));
            assertEquals(List.of("bond1", "bond0"), ExabondMasters.read(tree.sysfs()).bonds());
        }
    }

    @Test
    void shouldGiveAnEmptyBondWordZeroOfZero(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().activeBackup("eb0", "02:00:00:00:00:05");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            driver.command("+eb0");

            assertEquals(0, word0(driver.node("eb0")));
        }
    }

    @Test
    void shouldAcceptPlusOfAManagedBondAndMinusOfAnotherWithoutChangingAnything(@TempDir final Path root)
        throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            driver.command("+bond0");
            final Map<String, String> before = tree.snapshot();
            final Object inode = Files.getAttribute(driver.node("bond0"), "unix:ino");

            driver.command("+bond0");
            driver.command("-bond7");
            driver.command("-a/b");

            assertEquals(before, tree.snapshot());
            assertEquals(inode, Files.getAttribute(driver.node("bond0"), "unix:ino"));
        }
    }

    @Test
    void shouldRemoveTheNodeAtOnceThenZeroTheMappedPageAndNeverWriteItAgain(@TempDir final Path root)
        throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            driver.command("+bond0");
            try (BondPage old = BondPage.open(driver.node("bond0")))
            {
                assertEquals(FakeSysfs.active(0, 0), old.groupInfoAcquire());

                driver.command("-bond0");

                assertFalse(Files.exists(driver.node("bond0")), "removed at once, although mapped");
                assertEquals("", Files.readString(tree.sysfs().exabondMasters()));
                assertEquals(0, old.groupInfoAcquire(), "the driver's last write into the old page");

                driver.command("+bond0");
                tree.setActive("bond0", "eth3");
                driver.monitor();

                assertEquals(FakeSysfs.active(0, 1), word0(driver.node("bond0")), "the new page follows");
                assertEquals(0, old.groupInfoAcquire(), "the old page is frozen");
            }
        }
    }

    @Test
    void shouldClearTheActiveFlagAndKeepTheLastSlaveWhenNoneIsActive(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().setActive("bond0", "eth3");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            driver.command("+bond0");
            tree.setActive("bond0", null);

            driver.monitor();

            final int raw = word0(driver.node("bond0"));
            assertFalse(GroupInfo.isActive(raw));
            assertEquals(0, GroupInfo.exanicId(raw));
            assertEquals(1, GroupInfo.exanicPort(raw));
        }
    }

    @Test
    void shouldReleaseEveryBondWhenUnloaded(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            try (BondPage page = BondPage.open(driver.node("bond0")))
            {
                driver.unload();

                assertFalse(Files.exists(driver.node("bond0")));
                assertFalse(Files.exists(tree.sysfs().exabondMasters()));
                assertEquals(0, page.groupInfoAcquire());
            }
        }
    }

    @Test
    void shouldFailAModeChangeOfAManagedBondWithUnknownError524UpOrDown(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();
        try (FakeExasock driver = new FakeExasock(tree))
        {
            driver.command("+bond0");

            final IOException up = assertThrows(IOException.class, () -> driver.writeMode("bond0", "balance-rr"));
            tree.adminDown("bond0");
            final IOException down = assertThrows(IOException.class, () -> driver.writeMode("bond0", "balance-rr"));

            assertEquals("Unknown error 524", up.getMessage());
            assertEquals(DriverErrors.ENOTSUPP, DriverErrors.errnoOf(up));
            assertEquals(DriverErrors.ENOTSUPP, DriverErrors.errnoOf(down));
            assertEquals("active-backup 1\n", Files.readString(tree.net("bond0").resolve("bonding/mode")));
        }
    }

    @Test
    void shouldLeaveAModeChangeOfAnotherBondToTheBondingDriversRules(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().activeBackup("bond1", "02:00:00:00:00:01");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            assertEquals(Errno.EBUSY, errnoOfMode(driver, "bond1", "balance-rr"), "up");
            tree.adminDown("bond1");

            driver.writeMode("bond1", "balance-rr");

            assertEquals("balance-rr 0\n", Files.readString(tree.net("bond1").resolve("bonding/mode")));
            assertEquals(Errno.EINVAL, errnoOfMode(driver, "bond1", "fastest"));
        }
    }

    @Test
    void shouldFailLikeTheFileWriterWhenTheModuleIsNotLoaded(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        try (FakeExasock driver = new FakeExasock(tree))
        {
            final IOException e = assertThrows(NoSuchFileException.class,
                () -> driver.command("+bond0"));

            assertEquals(Errno.ENOENT, DriverErrors.errnoOf(e));
            assertTrue(driver.commands().isEmpty());
        }
    }

    @Test
    void shouldAdoptTheBondsAlreadyListedAndTheirNodes(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        final Path node = tree.kernelPage("bond0", FakeSysfs.active(0, 0));
        try (FakeExasock driver = new FakeExasock(tree))
        {
            try (BondPage page = BondPage.open(node))
            {
                assertEquals(List.of("bond0"), driver.managed());

                driver.command("-bond0");

                assertEquals(0, page.groupInfoAcquire());
            }
        }
    }

    private static int errnoOf(final FakeExasock driver, final String command)
    {
        return DriverErrors.errnoOf(assertThrows(IOException.class, () -> driver.command(command)));
    }

    private static int errnoOfMode(final FakeExasock driver, final String bond, final String mode)
    {
        return DriverErrors.errnoOf(assertThrows(IOException.class, () -> driver.writeMode(bond, mode)));
    }

    private static String scan(final String command)
    {
        return FakeExasock.scanName(bytes(command));
    }

    private static byte[] bytes(final String command)
    {
        return command.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int word0(final Path node)
    {
        try (BondPage page = BondPage.open(node))
        {
            return page.groupInfoAcquire();
        }
    }
}
