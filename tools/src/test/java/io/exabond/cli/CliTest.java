package io.exabond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.CliRun;
import io.exabond.TestBonds;
import io.exabond.internal.PageMapping;
import io.exabond.json.StrictJson;
import io.exabond.page.PageLayout;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CliTest
{
    @TempDir
    Path dir;

    static void assertOneCleanErrorLine(final CliRun run)
    {
        assertFalse(run.err().contains("Exception"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertFalse(run.err().isBlank());
    }

    @Test
    void shouldShowWordZeroAndTheWholeBlock()
    {
        try (PagePublisher publisher = TestBonds.publisher(dir))
        {
            publisher.publishActive(1);

            final CliRun run = CliRun.run("status", "--page", publisher.path().toString());

            assertEquals(ExitCode.OK, run.code(), run.err());
            assertTrue(run.out().contains("active slave exanic1:3"), run.out());
            assertTrue(run.out().contains("generation   1"), run.out());
            assertTrue(run.out().contains("exanic1p3       exanic1:3    link up   active"), run.out());
            assertTrue(run.out().contains("eth9            not-exanic   link down"), run.out());
        }
    }

    @Test
    void shouldPrintStatusAsOneJsonObject()
    {
        try (PagePublisher publisher = TestBonds.publisher(dir))
        {
            final CliRun run = CliRun.run("status", "--page", publisher.path().toString(), "--json");

            assertEquals(ExitCode.OK, run.code(), run.err());
            assertEquals(1, run.out().lines().count(), "one line: " + run.out());
            final JsonNode json = StrictJson.parse(run.out());
            assertEquals("bond0", json.get("bond").textValue(), run.out());
            assertEquals(0, json.get("generation").longValue(), run.out());
            assertEquals("consistent", json.get("block").textValue(), run.out());
        }
    }

    @Test
    void shouldReadAKernelPageAsWordZeroOnly()
    {
        final CliRun run = CliRun.run("status", "--page", "/dev/zero");

        assertEquals(ExitCode.OK, run.code(), run.err());
        assertTrue(run.out().contains("no active slave"), run.out());
        assertTrue(run.out().contains("none: a kernel page"), run.out());
    }

    @Test
    void shouldExitThreeWhenThePublishersSeqlockIsLeftOdd()
    {
        final Path page;
        try (PagePublisher publisher = TestBonds.publisher(dir))
        {
            page = publisher.path();
        }
        try (PageMapping writable = PageMapping.map(page, true, ""))
        {
            final long at = PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET;
            writable.segment().set(ValueLayout.JAVA_LONG, at, writable.segment().get(ValueLayout.JAVA_LONG, at) + 1);
        }

        final CliRun run = CliRun.run("status", "--page", page.toString());

        assertEquals(ExitCode.STALLED, run.code(), run.err());
        assertTrue(run.err().contains("stalled"), run.err());
        assertOneCleanErrorLine(run);
    }

    @Test
    void shouldExitThreeWhenTheHeartbeatIsOlderThanThreeMonitorIntervals() throws InterruptedException
    {
        try (PagePublisher publisher = PagePublisher.create(dir.resolve("page"),
            new io.exabond.publish.BondDescription("bond0", 5, 5, 0, TestBonds.bond0().members()), 0))
        {
            Thread.sleep(50);

            final CliRun run = CliRun.run("status", "--page", publisher.path().toString());

            assertEquals(ExitCode.STALLED, run.code(), run.err());
            assertTrue(run.out().contains("STALE"), run.out());
        }
    }

    @Test
    void shouldExplainAMissingBondWithOneLineAndExitOne()
    {
        final CliRun run = CliRun.run("status", "bond0", "--dev", dir.toString());

        assertEquals(ExitCode.ERROR, run.code());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("exabond_masters"), run.err());
        assertOneCleanErrorLine(run);
    }

    @Test
    void shouldTreatBadUsageAsExitTwoWithoutAStackTrace() throws Exception
    {
        final Path shortFile = Files.write(dir.resolve("short"), new byte[10]);
        for (final String[] args : new String[][] {
            {"status"},
            {"status", "bond0", "--page", "/dev/zero"},
            {"status", "bad/name"},
            {"status", "--no-such-option"},
            {"watch", "--page", "/dev/zero", "--idle", "nap"},
            {"watch", "--page", "/dev/zero", "--count", "-1"},
            {"simulate"},
            {"simulate", "--page", shortFile.toString(), "--members", "exanic0:0"},
            {"simulate", "--page", shortFile.toString(), "--members", "eth0,eth1"},
            {"simulate", "--page", shortFile.toString(), "--gap-us", "5-1"},
            {"simulate", "--page", shortFile.toString(), "--bond", "this-name-is-too-long"},
            {"frobnicate"},
        })
        {
            final CliRun run = CliRun.run(args);
            assertEquals(ExitCode.USAGE, run.code(), String.join(" ", args) + ": " + run.err());
            assertOneCleanErrorLine(run);
        }
        assertEquals(10, Files.size(shortFile), "bad usage must not touch the page file");
    }

    @Test
    void shouldRefuseToSimulateOnAFileThatIsNotAPage() throws Exception
    {
        final Path shortFile = Files.write(dir.resolve("short"), new byte[10]);

        final CliRun run = CliRun.run("simulate", "--page", shortFile.toString(), "--flips", "1");

        assertEquals(ExitCode.ERROR, run.code());
        assertTrue(run.err().contains("not one page"), run.err());
        assertOneCleanErrorLine(run);
    }

    @Test
    void shouldSimulateAndThenWatchReportMissedFailoversOfAFinishedRun()
    {
        final Path page = dir.resolve("page");
        final CliRun simulate = CliRun.run("simulate", "--page", page.toString(), "--flips", "5", "--gap-us", "100-200",
            "--quiet");
        assertEquals(ExitCode.OK, simulate.code(), simulate.err());

        final CliRun status = CliRun.run("status", "--page", page.toString(), "--json");
        assertEquals(5, StrictJson.parse(status.out()).get("generation").longValue(), status.out());
    }
}
