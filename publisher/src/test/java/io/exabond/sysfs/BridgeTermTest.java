package io.exabond.sysfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BridgeTermTest
{
    @Test
    void shouldLiveBesideThePageAndReadBackWhatWasWritten(@TempDir final Path dir) throws Exception
    {
        final Path page = dir.resolve("exabond-bond0");
        final BridgeTerm term = new BridgeTerm(true, 100, 2000, 3, 50_000, 70_000, 90_000, 1234);

        term.write(page);

        assertEquals(dir.resolve("exabond-bond0.bridge"), BridgeTerm.pathFor(page));
        assertEquals(term, BridgeTerm.read(page));
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(BridgeTerm.pathFor(page)), files.toList(), "the temporary file is renamed");
        }
        assertEquals(0.09, term.boundMs(), 1e-9);
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
    void shouldBeAbsentWhenNoBridgeWroteOne(@TempDir final Path dir)
    {
        assertNull(BridgeTerm.read(dir.resolve("exabond-bond0")));
        BridgeTerm.remove(dir.resolve("exabond-bond0"));
    }

    @Test
    void shouldRefuseAFileThatIsNotABridgesTermNamingItAndTheFix(@TempDir final Path dir) throws Exception
    {
        final Path page = dir.resolve("p");
        Files.writeString(BridgeTerm.pathFor(page), "mode events\ninterval_ms ten\n");

        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BridgeTerm.read(page));

        assertTrue(e.getMessage().startsWith(dir.resolve("p.bridge") + " is not a bridge's term"), e.getMessage());
        assertTrue(e.getMessage().contains("restart the bridge"), e.getMessage());
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
