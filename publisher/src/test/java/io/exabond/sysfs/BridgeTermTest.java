package io.exabond.sysfs;

import io.exabond.counters.CounterType;
import io.exabond.counters.ExabondCounters;
import io.exabond.counters.ProcessCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge's term: kept in its process's counters, found there for a page among the live processes, said the same
 * way in a budget and on the bridge's stop line.
 */
class BridgeTermTest
{
    private static final BridgeTerm MEASURED = new BridgeTerm(true, 100, 2000, 3, 50_000, 70_000, 90_000,
        ProcessHandle.current().pid());

    @TempDir
    Path dir;

    private final List<Finding> findings = new ArrayList<>();

    @Test
    void shouldReadBackFromTheCountersWhatTheBridgeKeptThereKeyedByThePagesAbsolutePath()
    {
        final Path page = dir.resolve("shm/../shm/exabond-bond0");
        try (ExabondCounters file = ExabondCounters.create(dir.resolve("counters"));
            BridgeCounters counters = new BridgeCounters(file, "bond0", page))
        {
            counters.term(MEASURED);

            final ProcessCounters process = ProcessCounters.read(file.file());
            assertEquals(MEASURED, BridgeTerm.of(process, dir.resolve("shm/exabond-bond0").toString()));
            assertEquals(List.of(dir.resolve("shm/exabond-bond0").toString()),
                process.counters().stream().map(ProcessCounters.Counter::page).distinct().toList());
            assertEquals(MEASURED, BridgeTerm.readForBudget(dir.resolve("counters"), dir.resolve("shm/exabond-bond0"),
                "bond0", findings::add));
            assertEquals(List.of(), findings);
        }
    }

    @Test
    void shouldFindNoTermForAnotherPageOrAProcessWithoutABridge() throws IOException
    {
        try (ExabondCounters file = ExabondCounters.create(dir.resolve("counters"));
            BridgeCounters counters = new BridgeCounters(file, "bond0", dir.resolve("a")))
        {
            counters.term(MEASURED);
            file.newCounter(CounterType.POLLER_FAILOVERS, "failovers bond0", "bond0", dir.resolve("b").toString());

            assertNull(BridgeTerm.readForBudget(dir.resolve("counters"), dir.resolve("b"), "bond0", findings::add));
            assertNull(BridgeTerm.readForBudget(dir.resolve("none"), dir.resolve("a"), "bond0", findings::add),
                "a folder that does not exist holds no counters");
            assertEquals(List.of(), findings);
        }
    }

    @Test
    void shouldSeeNoTermInCountersAllocatedAndNotYetPublished()
    {
        try (ExabondCounters file = ExabondCounters.create(dir.resolve("counters"));
            BridgeCounters _ = new BridgeCounters(file, "bond0", dir.resolve("p")))
        {
            assertNull(BridgeTerm.readForBudget(dir.resolve("counters"), dir.resolve("p"), "bond0", findings::add),
                "an interval of 0 is no bridge's: its term is not published yet");
            assertEquals(List.of(), findings);
        }
    }

    @Test
    void shouldFreeItsCountersOnCloseSoThatAnotherPublisherOfThePageInheritsNothing()
    {
        try (ExabondCounters file = ExabondCounters.create(dir.resolve("counters")))
        {
            final BridgeCounters counters = new BridgeCounters(file, "bond0", dir.resolve("p"));
            counters.term(MEASURED);
            counters.close();
            counters.close();

            assertNull(BridgeTerm.readForBudget(dir.resolve("counters"), dir.resolve("p"), "bond0", findings::add));
            assertEquals(List.of(), ProcessCounters.read(file.file()).counters());
        }
    }

    @Test
    void shouldIgnoreADeadBridgesTermWithANoteNamingItsFile() throws IOException
    {
        final Path dead;
        try (ExabondCounters file = ExabondCounters.create(dir.resolve("live"));
            BridgeCounters counters = new BridgeCounters(file, "bond0", dir.resolve("p")))
        {
            counters.term(MEASURED);
            dead = CountersFiles.copyAs(file.file(), dir.resolve("counters"), CountersFiles.NEVER_A_PID);
        }

        assertNull(BridgeTerm.readForBudget(dir.resolve("counters"), dir.resolve("p"), "bond0", findings::add));

        assertEquals(1, findings.size(), findings.toString());
        final Finding note = findings.get(0);
        assertEquals(Severity.INFO, note.severity());
        assertEquals("bridge-dead", note.code());
        assertEquals("a bridge of " + dir.resolve("p") + " is no longer running: " + dead + ": pid " +
            CountersFiles.NEVER_A_PID + " DEAD: exited without deleting its file (killed?); the values are its last; " +
            "its term is ignored", note.message());
        assertEquals("exabond stat --remove-dead --dir " + dir.resolve("counters"), note.fix());
    }

    @Test
    void shouldWarnOfUnreadableCountersFilesInStatsWordsAndStillFindTheLiveBridge() throws Exception
    {
        final Process other = new ProcessBuilder("sleep", "60").start();
        try (ExabondCounters file = ExabondCounters.create(dir.resolve("counters"));
            BridgeCounters counters = new BridgeCounters(file, "bond0", dir.resolve("p")))
        {
            counters.term(MEASURED);
            final Path truncated = CountersFiles.truncated(dir.resolve("counters"), CountersFiles.INIT_PID);
            final Path newer = CountersFiles.otherVersion(file.file(), dir.resolve("counters"), other.pid());

            assertEquals(MEASURED, BridgeTerm.readForBudget(dir.resolve("counters"), dir.resolve("p"), "bond0",
                findings::add));

            assertEquals(List.of("counters-unreadable", "counters-unreadable"),
                findings.stream().map(Finding::code).toList());
            assertEquals(truncated + ": unreadable: " + truncated + " is 100 bytes, shorter than a counters file's " +
                "header (128): truncated, or not a counters file; delete it (if it is the bridge's counters file, " +
                "the budget cannot count its term)", findings.get(0).message());
            assertEquals("rm " + truncated, findings.get(0).fix());
            assertTrue(findings.get(1).message().startsWith(newer + ": unreadable: " + newer + " was written by " +
                "another version of exabond (counters layout version app=1.0.0 file=2.0.0)"),
                findings.get(1).message());
            assertEquals(Severity.WARNING, findings.get(1).severity());
        }
        finally
        {
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldLeaveOutAnUnreadableFileNamedForAPidThatHasGone() throws IOException
    {
        CountersFiles.truncated(dir.resolve("counters"), CountersFiles.NEVER_A_PID);

        assertNull(BridgeTerm.readForBudget(dir.resolve("counters"), dir.resolve("p"), "bond0", findings::add));

        assertEquals(List.of(), findings, "a killed writer's half-made file cannot be a live bridge's");
    }

    @Test
    void shouldCountNoTermWhenTwoLiveProcessesBridgeOnePage() throws Exception
    {
        final Process other = new ProcessBuilder("sleep", "60").start();
        try (ExabondCounters file = ExabondCounters.create(dir.resolve("counters"));
            BridgeCounters counters = new BridgeCounters(file, "bond0", dir.resolve("p")))
        {
            counters.term(MEASURED);
            CountersFiles.copyAs(file.file(), dir.resolve("counters"), other.pid());

            assertNull(BridgeTerm.readForBudget(dir.resolve("counters"), dir.resolve("p"), "bond0", findings::add));

            assertEquals(1, findings.size(), findings.toString());
            assertEquals(Severity.WARNING, findings.get(0).severity());
            assertEquals("bridge-duplicate", findings.get(0).code());
            assertTrue(findings.get(0).message().startsWith("2 live bridges publish " + dir.resolve("p") + " (pids "),
                findings.get(0).message());
            assertTrue(findings.get(0).message().contains(Long.toString(other.pid())) &&
                findings.get(0).message().contains(Long.toString(ProcessHandle.current().pid())),
                findings.get(0).message());
        }
        finally
        {
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldSayTheMeasuredReactionTheSameWayInTheBudgetAndInTheStopLine()
    {
        final BridgeTerm term = new BridgeTerm(true, 100, 2000, 1500, 412_000, 1_100_000, 2_000_000, 1);

        assertEquals("p50 0.412 ms, p99 1.100 ms, max 2.000 ms over the last 1024 of 1500 failovers", term.reaction());
        assertTrue(term.describe().startsWith("up to 2.000 ms (the event-driven bridge's reaction"), term.describe());
        assertTrue(term.describe().contains("measured: " + term.reaction() + ";"), term.describe());
        assertEquals("none measured", new BridgeTerm(true, 100, 2000, 0, -1, -1, -1, 1).reaction());
    }

    @Test
    void shouldCountAPollingBridgeAsItsIntervalAndAnUnmeasuredOneAsItsFullReread()
    {
        final BridgeTerm polling = new BridgeTerm(false, 100, 2000, 0, -1, -1, -1, 1);
        final BridgeTerm fresh = new BridgeTerm(true, 100, 2000, 0, -1, -1, -1, 1);

        assertEquals("up to 100 ms (the polling bridge's interval)", polling.describe());
        assertEquals(100, polling.boundMs());
        assertFalse(fresh.measured());
        assertEquals(2000, fresh.boundMs());
        assertTrue(fresh.describe().startsWith("up to 2000 ms (the event-driven bridge's full re-read"),
            fresh.describe());
        assertTrue(fresh.describe().contains("not measured yet"), fresh.describe());
    }
}
