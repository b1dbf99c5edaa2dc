package io.exabond.cli;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.CliRun;
import io.exabond.counters.CounterType;
import io.exabond.page.BondPage;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.sysfs.CountersScan;
import io.exabond.sysfs.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge as users run it: its own JVM, stopped by SIGTERM.
 */
@Timeout(90)
class BridgeProcessTest
{
    @Test
    void shouldFollowTheBondAndStopCleanlyOnSigterm(@TempDir final Path root, @TempDir final Path shm)
        throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path page = shm.resolve("exabond-bond0");
        final Path stderr = shm.resolve("stderr.txt");
        final Process process = new ProcessBuilder(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
            "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp",
            System.getProperty("java.class.path"),
            "io.exabond.cli.Exabond", "bridge", "bond0", "--page", page.toString(), "--sysfs",
            tree.sys().toString(), "--dev", tree.dev().toString(), "--interval-ms", "10", "--poll")
            .redirectOutput(shm.resolve("stdout.txt").toFile())
            .redirectError(stderr.toFile())
            .start();
        try
        {
            waitFor(() -> Files.readString(stderr).contains("bridge: publishing bond0"), process, stderr);
            try (BondPage mapped = BondPage.open(page))
            {
                assertEquals(GroupInfoEncoder.encode(true, 0, 0), mapped.groupInfoAcquire());
                final Map<String, String> before = tree.setActive("bond0", "eth3").snapshot();

                waitFor(() -> mapped.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), process, stderr);
                process.destroy();
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");

                assertEquals(143, process.exitValue(), "128 + SIGTERM, after the shutdown hook");
                final String err = Files.readString(stderr);
                assertTrue(err.contains("bridge: active slave of bond0: eth3 (exanic0:1), generation 1"), err);
                assertTrue(err.contains("the page stays valid"), err);
                final StatusSnapshot snapshot = new StatusSnapshot();
                assertEquals(StatusBlockReader.Status.CONSISTENT,
                    new StatusBlockReader(mapped.segment()).read(snapshot));
                assertEquals(0, snapshot.seq() & 1);
                assertEquals(1, snapshot.generation());
                assertEquals(before, tree.snapshot(), "the bridge writes nothing to the tree it reads");
            }
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldKeepItsCountersWhereDoctorAndStatusFindThemAndBeIgnoredOnceKilled(@TempDir final Path root,
        @TempDir final Path shm) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path page = shm.resolve("exabond-bond0");
        final Path counters = shm.resolve("counters");
        final Path stderr = shm.resolve("stderr.txt");
        final Process process = new ProcessBuilder(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
            "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Dexabond.counters.dir=" + counters, "-cp", System.getProperty("java.class.path"),
            "io.exabond.cli.Exabond", "bridge", "bond0", "--page", page.toString(), "--sysfs",
            tree.sys().toString(), "--dev", tree.dev().toString(), "--interval-ms", "10", "--poll")
            .redirectOutput(shm.resolve("stdout.txt").toFile())
            .redirectError(stderr.toFile())
            .start();
        final String pid = Long.toString(process.pid());
        final String[] doctor = {"doctor", "bond0", "--page", page.toString(), "--sysfs", tree.sys().toString(),
            "--dev", tree.dev().toString(), "--poll-delay-ns", "0", "--settle-ms", "0", "--counters-dir",
            counters.toString()};
        final String[] status = {"status", "--page", page.toString(), "--format", "prometheus", "--counters-dir",
            counters.toString()};
        try
        {
            waitFor(() -> Files.readString(stderr).contains("bridge: publishing bond0"), process, stderr);
            // Another process's counters: the bridge's, which this one maps read-only.
            waitFor(() -> passes(counters, page) >= 3, process, stderr);

            final CliRun running = CliRun.run(doctor);
            assertTrue(running.out().contains("+ up to 10 ms (the polling bridge's interval) +"), running.out());
            final CliRun scraped = CliRun.run(status);
            assertTrue(scraped.out().matches("(?s).*\nexabond_bridge_passes_total\\{bond=\"bond0\",pid=\"" + pid +
                "\"} [0-9.E]+\n.*"), scraped.out());
            assertTrue(scraped.out().contains("\nexabond_bridge_interval_seconds{bond=\"bond0\",pid=\"" + pid +
                "\"} 0.01\n"), scraped.out());
            PrometheusExpositionTest.promtool(scraped.out());

            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "killed");

            final CliRun killed = CliRun.run(doctor);
            assertTrue(killed.out().contains("(the publisher's monitor interval)"), killed.out());
            assertTrue(killed.out().contains("info    bridge-dead        bond0: a bridge of " + page + " is no " +
                "longer running: " + counters.resolve("exabond-counters-" + pid) + ": pid " + pid + " DEAD: " +
                "exited without deleting its file (killed?)"), killed.out());
            final CliRun afterKill = CliRun.run(status);
            assertFalse(afterKill.out().contains("exabond_bridge_"), afterKill.out());
            assertTrue(afterKill.err().contains("status: note: " + counters.resolve("exabond-counters-" + pid) +
                ": pid " + pid + " DEAD"), afterKill.err());
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private static long passes(final Path counters, final Path page)
    {
        final CountersScan scan = CountersScan.of(counters, page);
        if (scan.live().isEmpty())
        {
            return 0;
        }
        final Long passes = scan.live().get(0).value(CounterType.BRIDGE_PASSES, page.toString());
        return passes == null ? 0 : passes;
    }

    private interface Condition
    {
        boolean holds() throws Exception;
    }

    private static void waitFor(final Condition condition, final Process process, final Path stderr) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.holds())
        {
            if (!process.isAlive() || System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("bridge " + (process.isAlive() ? "too slow" : "exited " +
                    process.exitValue()) + ": " + Files.readString(stderr));
            }
            Thread.sleep(10);
        }
    }
}
