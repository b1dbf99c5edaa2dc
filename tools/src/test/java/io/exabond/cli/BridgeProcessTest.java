package io.exabond.cli;

import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
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
                assertEquals(GroupInfo.encode(true, 0, 0), mapped.groupInfoAcquire());
                final Map<String, String> before = tree.setActive("bond0", "eth3").snapshot();

                waitFor(() -> mapped.groupInfoAcquire() == GroupInfo.encode(true, 0, 1), process, stderr);
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
