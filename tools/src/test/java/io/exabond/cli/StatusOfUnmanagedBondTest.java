package io.exabond.cli;

import io.exabond.CliRun;
import io.exabond.sysfs.FakeExasock;
import io.exabond.sysfs.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code status} of a bond whose node is missing says why from {@code exabond_masters}, and never suggests a
 * publisher's file where only the driver may put a node.
 */
@Timeout(30)
class StatusOfUnmanagedBondTest
{
    @Test
    void shouldSayAReleasedBondIsNotManagedAndHowToManageItAgain(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock().activeBackup("eb0", "02:00:00:00:00:05");
        try (FakeExasock driver = new FakeExasock(tree))
        {
            driver.command("+eb0");
            assertEquals(ExitCode.OK, status("eb0", tree).code());
            driver.command("-eb0");

            for (final CliRun run : new CliRun[] {status("eb0", tree), status("eb0", tree, "--json"),
                CliRun.run("status", "--page", driver.node("eb0").toString(), "--dev", tree.dev().toString(),
                "--sysfs", tree.sys().toString())})
            {
                assertEquals(ExitCode.ERROR, run.code(), run.toString());
                assertEquals("exabond status: eb0 is not under exasock management, so " + driver.node("eb0") +
                    " does not exist (" + tree.sys().resolve("class/net/exabond_masters") + " does not list it; a " +
                    "bond released from management loses its node at once). Fix: exabond manage eb0",
                    run.err().strip());
                assertFalse(run.err().contains("simulate"), run.err());
            }
        }
    }

    @Test
    void shouldSayTheModuleIsNotLoadedAndHowToReadABridgesPageInstead(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);

        final CliRun run = status("bond0", tree);

        assertEquals(ExitCode.ERROR, run.code(), run.toString());
        assertTrue(run.err().startsWith("exabond status: the exasock module is not loaded (" +
            tree.sys().resolve("class/net/exabond_masters") + " does not exist), so there is no " +
            tree.dev().resolve("exabond-bond0") + ". Fix: modprobe exasock; or publish bond0 from sysfs with " +
            "`exabond bridge bond0 --page /dev/shm/exabond-bond0`"), run.err());
    }

    @Test
    void shouldNeverSuggestAPublisherAtTheDriversPath(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("zz9");

        final CliRun run = CliRun.run("status", "--page", "/dev/exabond-zz9", "--sysfs", tree.sys().toString());

        assertEquals(ExitCode.ERROR, run.code(), run.toString());
        assertTrue(run.err().contains("Only the exasock driver creates /dev/exabond-zz9, for a bond under its " +
            "management"), run.err());
        assertTrue(run.err().contains("`exabond manage zz9` adds it"), run.err());
        assertFalse(run.err().contains("simulate"), run.err());
    }

    @Test
    void shouldKeepSuggestingAPublisherForAPageFileElsewhere(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock();

        final CliRun run = CliRun.run("status", "--page", root.resolve("exabond-eb0").toString(), "--sysfs",
            tree.sys().toString());

        assertEquals(ExitCode.ERROR, run.code(), run.toString());
        assertTrue(run.err().contains("Start a publisher that writes it (`exabond simulate --page "), run.err());
    }

    private static CliRun status(final String bond, final FakeSysfs tree, final String... more)
    {
        final String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"status", bond, "--dev", tree.dev().toString(), "--sysfs",
            tree.sys().toString()}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return CliRun.run(args);
    }
}
