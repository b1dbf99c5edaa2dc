package io.exabond.cli;

import io.exabond.CliRun;
import io.exabond.counters.CounterType;
import io.exabond.counters.CountersFileDescriptor;
import io.exabond.counters.ExabondCounters;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19.3: {@code exabond stat} shows every process's counters, a dead one as dead, a damaged file in one line.
 */
class StatCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldShowEachProcessWithItsCountersAndHeartbeatAge()
    {
        try (ExabondCounters counters = ExabondCounters.create(dir))
        {
            final AtomicCounter failovers = counters.newCounter(CounterType.POLLER_FAILOVERS,
                "failovers bond0 (/dev/exabond-bond0) exabond-poller-bond0", "bond0", "/dev/exabond-bond0");
            failovers.setRelease(12_345);
            final AtomicCounter heartbeat = counters.newCounter(CounterType.POLLER_HEARTBEAT,
                "heartbeat exabond-poller-bond0", "bond0", "/dev/exabond-bond0");
            heartbeat.setRelease(System.nanoTime());

            final CliRun run = CliRun.run("stat", "--once", "--dir", dir.toString());

            assertEquals(ExitCode.OK, run.code(), run.toString());
            assertTrue(run.out().contains("1 exabond process with counters in " + dir), run.out());
            assertTrue(run.out().contains("pid " + ProcessHandle.current().pid() + "  running"), run.out());
            assertTrue(run.out().contains("failovers bond0 (/dev/exabond-bond0) exabond-poller-bond0") &&
                run.out().contains("12,345"), run.out());
            assertTrue(run.out().matches("(?s).*heartbeat exabond-poller-bond0 +[0-9.]+ [mun]?s ago.*"), run.out());
        }
    }

    @Test
    void shouldPrintOneJsonObjectPerProcess()
    {
        try (ExabondCounters counters = ExabondCounters.create(dir))
        {
            counters.newCounter(CounterType.POLLER_MISSED, "missed failovers bond0", "bond0", "/dev/shm/p")
                .setRelease(3);

            final CliRun run = CliRun.run("stat", "--once", "--json", "--dir", dir.toString());

            assertEquals(ExitCode.OK, run.code(), run.toString());
            assertEquals(1, run.out().lines().count(), run.out());
            assertTrue(run.out().contains("\"pid\":" + ProcessHandle.current().pid() + ",\"alive\":true"), run.out());
            assertTrue(run.out().contains("{\"id\":0,\"type\":\"poller_missed\",\"bond\":\"bond0\",\"page\":" +
                "\"/dev/shm/p\",\"label\":\"missed failovers bond0\",\"value\":3}"), run.out());
        }
    }

    @Test
    void shouldShowADeadProcessAsDeadAndRemoveItsFileWhenAsked() throws Exception
    {
        final Process exited = new ProcessBuilder("true").start();
        assertTrue(exited.waitFor(10, TimeUnit.SECONDS));
        final Path dead = dir.resolve("exabond-counters-" + exited.pid());
        try (ExabondCounters counters = ExabondCounters.create(dir.resolve("live")))
        {
            counters.newCounter(CounterType.POLLER_FAILOVERS, "failovers bond0", "bond0", "p").setRelease(7);
            Files.copy(counters.file(), dead);
        }
        patchPid(dead, exited.pid());

        final CliRun shown = CliRun.run("stat", "--once", "--dir", dir.toString());
        assertTrue(shown.out().contains("pid " + exited.pid() + "  DEAD: exited without deleting its file"),
            shown.out());
        assertTrue(shown.out().contains("failovers bond0") && shown.out().contains(" 7"), shown.out());

        final CliRun removed = CliRun.run("stat", "--remove-dead", "--dir", dir.toString());
        assertEquals(ExitCode.OK, removed.code(), removed.toString());
        assertEquals("removed " + dead + " (pid " + exited.pid() + ", dead)\n", removed.out());
        assertFalse(Files.exists(dead));
    }

    @Test
    void shouldShowADamagedFileInOneLineAndTheOthersAsUsual() throws IOException
    {
        Files.write(dir.resolve("exabond-counters-99"), new byte[10]);

        final CliRun run = CliRun.run("stat", "--once", "--dir", dir.toString());

        assertEquals(ExitCode.OK, run.code(), run.toString());
        assertTrue(run.out().contains(dir.resolve("exabond-counters-99") + ": unreadable: " +
            dir.resolve("exabond-counters-99") + " is 10 bytes, shorter than a counters file's header (128)"),
            run.out());
    }

    @Test
    void shouldRefuseABadIntervalOrAMissingFolderInOneLine()
    {
        final CliRun interval = CliRun.run("stat", "--interval-ms", "5", "--dir", dir.toString());
        assertEquals(ExitCode.USAGE, interval.code(), interval.toString());
        assertTrue(interval.err().startsWith("exabond stat: --interval-ms must be 100..60000, not 5"),
            interval.err());

        final CliRun missing = CliRun.run("stat", "--once", "--dir", dir.resolve("nope").toString());
        assertEquals(ExitCode.ERROR, missing.code(), missing.toString());
        assertEquals("exabond stat: " + dir.resolve("nope") + " is not a folder: give the folder of the counters " +
            "files with --dir (the processes' -Dexabond.counters.dir, /dev/shm by default)\n", missing.err());
    }

    private static void patchPid(final Path file, final long pid) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, pid),
                CountersFileDescriptor.PID_OFFSET);
        }
    }
}
