package io.exabond.cli;

import io.exabond.CliRun;
import io.exabond.sysfs.FakeSysfs;
import io.exabond.sysfs.UdevRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code doctor --as-user}: the feed handler's user against the node the exasock driver makes root-only, and
 * {@code doctor} on the empty bond the real driver showed (up, no carrier).
 */
@Timeout(60)
class DoctorAsUserTest
{
    @Test
    void shouldPrintTheUdevRuleForAUserWhoCannotOpenTheNode(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root.resolve("host")).exasock("bond0");
        final Path node = tree.kernelPage("bond0", FakeSysfs.active(0, 0));
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-------"));
        final Path etc = etc(root);

        final CliRun run = CliRun.run("doctor", "bond0", "--as-user", "feed", "--etc", etc.toString(), "--sysfs",
            tree.sys().toString(), "--dev", tree.dev().toString(), "--poll-delay-ns", "0", "--settle-ms", "0");

        assertEquals(ExitCode.PROBLEMS, run.code(), run.toString());
        assertTrue(run.out().contains("error   node-access        bond0: feed (uid 54321) cannot open " + node +
            " for reading: it is -rw------- "), run.out());
        assertTrue(run.out().contains("the driver offers no way to change it"), run.out());
        assertTrue(run.out().contains("        fix: groupadd -f exabond && echo '" + UdevRule.RULE + "' > " +
            "/etc/udev/rules.d/60-exabond.rules"), run.out());
        assertFalse(run.out().contains("page-unreadable"), "doctor itself (root here, or the node's owner) maps it");
    }

    @Test
    void shouldRefuseAUserThatIsNotInThePasswdFile(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root.resolve("host")).exasock("bond0");
        final Path etc = etc(root);

        final CliRun run = CliRun.run("doctor", "bond0", "--as-user", "nosuchuser", "--etc", etc.toString(),
            "--sysfs", tree.sys().toString(), "--poll-delay-ns", "0");

        assertEquals(ExitCode.USAGE, run.code(), run.toString());
        assertTrue(run.err().startsWith("exabond doctor: bad --as-user: no user 'nosuchuser' in " +
            etc.resolve("passwd") + " (a user of LDAP or another NSS source is not looked up: give its uid"),
            run.err());
    }

    @Test
    void shouldNotTellAnEmptyBondThatIsUpToBeSetUp(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().activeBackup("eb0", "02:00:00:00:00:05")
            .noCarrier("eb0");

        final CliRun run = CliRun.run("doctor", "eb0", "--sysfs", tree.sys().toString(), "--dev",
            tree.dev().toString(), "--poll-delay-ns", "0", "--settle-ms", "0");

        assertEquals(ExitCode.PROBLEMS, run.code(), run.toString());
        assertTrue(run.out().contains("warning bond-no-carrier    eb0: eb0 is up but has no carrier: no slave link " +
            "is up, and an empty bond has none"), run.out());
        assertFalse(run.out().contains("ip link set eb0 up"), run.out());
    }

    private static Path etc(final Path root) throws Exception
    {
        final Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n" +
            "feed:x:54321:54321:Feed handler:/home/feed:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nfeed:x:54321:\n");
        return etc;
    }
}
