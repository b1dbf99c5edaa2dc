package io.exabond.cli;

import io.exabond.CliRun;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sysfs.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code exabond_managed}: what {@code class/net/exabond_masters} says of the bond whose node a page is. The driver
 * removes a bond's node when the bond is unmanaged, so a missing node of a loaded module is a bond not managed, and
 * status says that instead of suggesting a publisher on a path only the driver owns.
 */
@Timeout(60)
class ManagedGaugeTest
{
    @TempDir
    Path root;

    @Test
    void shouldExposeOneForTheNodeOfAManagedBond() throws Exception
    {
        final FakeSysfs host = FakeSysfs.standardHost(root).exasock("bond0");
        host.kernelPage("bond0", FakeSysfs.active(0, 1));

        final CliRun run = prometheus("bond0", "--dev", host.dev().toString(), "--sysfs", host.sys().toString());

        assertEquals(ExitCode.OK, run.code(), run.toString());
        assertTrue(run.out().contains("\nexabond_up{bond=\"bond0\"} 1.0\n"), run.out());
        assertTrue(run.out().contains("# TYPE exabond_managed gauge\nexabond_managed{bond=\"bond0\"} 1.0\n"),
            run.out());
        PrometheusExpositionTest.promtool(run.out());
    }

    @Test
    void shouldExposeZeroAndSayNotManagedWhenTheDriverRemovedTheNode() throws Exception
    {
        final FakeSysfs host = FakeSysfs.standardHost(root).exasock("bond1");
        final Path node = host.dev().resolve("exabond-bond0");

        final CliRun byBond = prometheus("bond0", "--dev", host.dev().toString(), "--sysfs", host.sys().toString());
        final CliRun byPage = prometheus("--page", node.toString(), "--dev", host.dev().toString(), "--sysfs",
            host.sys().toString());

        for (final CliRun run : List.of(byBond, byPage))
        {
            assertEquals(ExitCode.OK, run.code(), run.toString());
            assertTrue(run.out().contains("\nexabond_up{bond=\"bond0\"} 0.0\n"), run.out());
            assertTrue(run.out().contains("\nexabond_managed{bond=\"bond0\"} 0.0\n"), run.out());
            assertEquals("status: warning: bond0 is not under exasock management (" + host.sys() +
                "/class/net/exabond_masters does not list it), so there is no " + node + ": the driver removes the " +
                "node when a bond is unmanaged. Fix: `exabond manage bond0` (written as exabond_up 0, " +
                "exabond_managed 0)\n", run.err());
            PrometheusExpositionTest.promtool(run.out());
        }
    }

    @Test
    void shouldExposeZeroForANodeLeftOfABondNoLongerListed()
    {
        final FakeSysfs host = FakeSysfs.standardHost(root).exasock();
        host.kernelPage("bond0", FakeSysfs.active(0, 0));

        final CliRun run = prometheus("bond0", "--dev", host.dev().toString(), "--sysfs", host.sys().toString());

        assertEquals(ExitCode.OK, run.code(), run.toString());
        assertTrue(run.out().contains("\nexabond_up{bond=\"bond0\"} 1.0\n"), run.out());
        assertTrue(run.out().contains("\nexabond_managed{bond=\"bond0\"} 0.0\n"), run.out());
    }

    @Test
    void shouldOmitItWithoutTheModuleAndSayTheModuleIsNotLoaded() throws Exception
    {
        final FakeSysfs host = FakeSysfs.standardHost(root);
        final Path node = host.dev().resolve("exabond-bond0");

        final CliRun run = prometheus("--page", node.toString(), "--dev", host.dev().toString(), "--sysfs",
            host.sys().toString());

        assertEquals(ExitCode.OK, run.code(), run.toString());
        assertTrue(run.out().contains("\nexabond_up{bond=\"bond0\"} 0.0\n"), run.out());
        assertFalse(run.out().contains("exabond_managed{"), run.out());
        assertTrue(run.err().startsWith("status: warning: there is no " + node + ": the exasock module is not " +
            "loaded"), run.err());
        assertFalse(run.err().contains("simulate"), run.err());
        PrometheusExpositionTest.promtool(run.out());
    }

    @Test
    void shouldOmitItForAPublishersFileOutsideTheDevFolder() throws Exception
    {
        final FakeSysfs host = FakeSysfs.standardHost(root).exasock("bond0");
        final Path page = Files.createDirectory(root.resolve("shm")).resolve("exabond-bond0");
        try (PagePublisher _ = PagePublisher.create(page, new BondDescription("bond0", 100_000, 100_000, 0,
            List.of(new Member("eth2", 0, 0, true, true))), 0))
        {
            final CliRun run = prometheus("--page", page.toString(), "--dev", host.dev().toString(), "--sysfs",
                host.sys().toString());

            assertEquals(ExitCode.OK, run.code(), run.toString());
            assertTrue(run.out().contains("\nexabond_up{bond=\"bond0\"} 1.0\n"), run.out());
            assertFalse(run.out().contains("exabond_managed{"), run.out());
        }
    }

    private static CliRun prometheus(final String... args)
    {
        final String[] command = new String[args.length + 3];
        command[0] = "status";
        System.arraycopy(args, 0, command, 1, args.length);
        command[args.length + 1] = "--format";
        command[args.length + 2] = "prometheus";
        return CliRun.run(command);
    }
}
