package io.exabond.sysfs;

import io.exabond.testing.Gcc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code doctor} checks that the feed handler's user can open {@code /dev/exabond-BOND}, which the exasock driver
 * makes {@code crw------- root root}, and prints the udev rule of {@code config/udev/60-exabond.rules} that lets a
 * group read it. The nodes here are files of the test's user; the users and groups a fake {@code /etc}'s, so that
 * the tests hold whoever runs them.
 */
@Timeout(20)
class NodeAccessTest
{
    private static final int FEED_UID = 54321;

    @Test
    void shouldExplainTheDriversRootOnlyNodeAndPrintTheUdevRule(@TempDir final Path root) throws Exception
    {
        final Host host = host(root, "rw-------", false);

        final Finding access = find(host.examine("feed"), "node-access");

        assertEquals(Severity.ERROR, access.severity());
        assertTrue(access.message().startsWith("feed (uid 54321) cannot open " + host.node + " for reading: it is " +
            "-rw------- "), access.message());
        assertTrue(access.message().contains("(0600), as the exasock driver makes every node: the driver offers no " +
            "way to change it"), access.message());
        assertTrue(access.message().contains("never 0660"), access.message());
        assertTrue(access.message().endsWith(UdevRule.RULE), access.message());
        assertTrue(access.fix().startsWith("groupadd -f exabond && echo '" + UdevRule.RULE + "' > " +
            "/etc/udev/rules.d/60-exabond.rules && udevadm control --reload && udevadm trigger " +
            "--subsystem-match=misc && usermod -aG exabond feed"), access.fix());
    }

    @Test
    void shouldPrintTheRuleThatTheProjectShips() throws IOException
    {
        final List<String> rules = Files.readAllLines(Gcc.projectRoot().resolve("config/udev")
            .resolve(UdevRule.FILE_NAME)).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();

        assertEquals(List.of(UdevRule.RULE), rules);
        assertTrue(UdevRule.RULE.contains("MODE=\"0640\""), "read-only for the group, never 0660");
        assertEquals(0640, UdevRule.MODE);
    }

    @Test
    void shouldSayWhoIsMissingFromTheGroupThatMayRead(@TempDir final Path root) throws Exception
    {
        final Host host = host(root, "rw-r-----", false);

        final Finding access = find(host.examine("feed"), "node-access");

        assertTrue(access.message().endsWith("readable by group exabond, and feed (uid 54321) is not in it"),
            access.message());
        assertTrue(access.fix().startsWith("usermod -aG exabond feed   (then restart feed's feed handler"),
            access.fix());
    }

    @Test
    void shouldFindNothingWhenTheUserIsInTheGroupThatMayRead(@TempDir final Path root) throws Exception
    {
        final Host host = host(root, "rw-r-----", true);

        final List<Finding> findings = host.examine("feed");

        assertTrue(findings.stream().noneMatch(f -> f.code().startsWith("node-")), findings.toString());
        assertTrue(findings.stream().noneMatch(f -> f.severity().isProblem()), findings.toString());
    }

    @Test
    void shouldWarnOfANodeThatOthersMayWrite(@TempDir final Path root) throws Exception
    {
        final Host host = host(root, "rw-rw----", true);

        final Finding writable = find(host.examine("feed"), "node-writable");

        assertEquals(Severity.WARNING, writable.severity());
        assertTrue(writable.message().contains("(0660): a process that opens it for writing can mprotect its " +
            "mapping writable and write into the kernel's page"), writable.message());
        assertTrue(writable.fix().contains(UdevRule.RULE), writable.fix());
    }

    @Test
    void shouldNoteARootOnlyNodeWhenTheReaderIsRoot(@TempDir final Path root) throws Exception
    {
        final Host host = host(root, "rw-------", false);

        final List<Finding> findings = host.examine("root");

        final Finding note = find(findings, "node-root-only");
        assertEquals(Severity.INFO, note.severity());
        assertTrue(note.fix().startsWith("exabond doctor bond0 --as-user USER"), note.fix());
        assertTrue(findings.stream().noneMatch(f -> f.severity().isProblem()), findings.toString());
    }

    @Test
    void shouldCheckAUidThatIsNotInThePasswdFileByItsUidAlone(@TempDir final Path root) throws Exception
    {
        final Host host = host(root, "rw-r-----", true);

        final Finding access = find(host.examine("60000"), "node-access");

        assertTrue(access.message().startsWith("uid 60000 cannot open "), access.message());
        assertTrue(access.message().contains("the groups of uid 60000 are unknown (not in " +
            host.etc.resolve("passwd") + ")"), access.message());
        assertTrue(access.fix().startsWith("usermod -aG exabond USER"), access.fix());
    }

    @Test
    void shouldLookUsersUpAsIdDoesAndRefuseAnUnknownName(@TempDir final Path root) throws Exception
    {
        final Host host = host(root, "rw-r-----", true);
        final Accounts accounts = Accounts.read(host.etc);

        final NodeUser feed = accounts.user("feed");
        assertEquals(FEED_UID, feed.uid());
        assertEquals(Set.of(FEED_UID, host.nodeGid), feed.gids());
        assertEquals(feed, accounts.user(Integer.toString(FEED_UID)));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> accounts.user("nosuchuser"));
        assertEquals("no user 'nosuchuser' in " + host.etc.resolve("passwd") + " (a user of LDAP or another NSS " +
            "source is not looked up: give its uid, as `id -u USER` prints it)", e.getMessage());
    }

    @Test
    void shouldApplyTheKernelsOrderOfOwnerGroupAndOthers()
    {
        final NodeUser owner = new NodeUser("o", 10, Set.of(20), true);
        final NodeUser member = new NodeUser("m", 11, Set.of(20), true);
        final NodeUser other = new NodeUser("x", 12, Set.of(30), true);
        final NodeUser root = new NodeUser("root", 0, Set.of(0), true);

        assertFalse(new NodeAccess(0x2000 | 0040, 10, 20).readableBy(owner), "the owner gets the owner's bits only");
        assertTrue(new NodeAccess(0x2000 | 0040, 10, 20).readableBy(member));
        assertFalse(new NodeAccess(0x2000 | 0040, 10, 20).readableBy(other));
        assertTrue(new NodeAccess(0x2000 | 0004, 10, 20).readableBy(other));
        assertTrue(new NodeAccess(0x2000, 10, 20).readableBy(root));
        assertEquals("crw------- 0 0 (0600)", new NodeAccess(0x2000 | 0600, 0, 0).describe(Accounts.read(
            Path.of("/nonexistent"))));
    }

    @Test
    void shouldReadTheCurrentUserFromTheKernel()
    {
        final NodeUser current = NodeUser.current();

        assertEquals(current.uid() == 0, current.isRoot());
        assertFalse(current.gids().isEmpty());
    }

    private static Host host(final Path root, final String permissions, final boolean feedInGroup) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root.resolve("host")).exasock("bond0");
        final Path node = tree.kernelPage("bond0", FakeSysfs.active(0, 0));
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString(permissions));
        final int ownerUid = (Integer)Files.getAttribute(node, "unix:uid");
        final int nodeGid = (Integer)Files.getAttribute(node, "unix:gid");
        final Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n" +
            (ownerUid == 0 ? "" : "builder:x:" + ownerUid + ":" + nodeGid + "::/home/builder:/bin/sh\n") +
            "feed:x:" + FEED_UID + ":" + FEED_UID + ":Feed handler:/home/feed:/bin/sh\n");
        Files.writeString(etc.resolve("group"), (nodeGid == 0 ? "" : "root:x:0:\n") +
            "exabond:x:" + nodeGid + ":" + (feedInGroup ? "feed" : "") + "\n" + "feed:x:" + FEED_UID + ":\n");
        return new Host(tree, node, etc, nodeGid);
    }

    private record Host(FakeSysfs tree, Path node, Path etc, int nodeGid)
    {
        List<Finding> examine(final String user) throws InterruptedException
        {
            final Accounts accounts = Accounts.read(etc);
            return new BondDoctor(tree.sysfs(), tree.dev(), null, 250, "test", 0, accounts.user(user), accounts)
                .examine("bond0");
        }
    }

    private static Finding find(final List<Finding> findings, final String code)
    {
        for (final Finding finding : findings)
        {
            if (finding.code().equals(code))
            {
                return finding;
            }
        }
        return fail("no finding " + code + " in " + findings);
    }
}
