package io.exabond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.CliRun;
import io.exabond.TestBonds;
import io.exabond.json.StrictJson;
import io.exabond.publish.PagePublisher;
import io.exabond.sim.BondSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPrintOneLinePerFailoverWithGenerationAndLatencyAndStopAfterCount() throws Exception
    {
        try (PagePublisher publisher = TestBonds.publisher(dir))
        {
            final BondSimulator simulator = new BondSimulator(publisher, 0, 3_000_000, 6_000_000, 7);
            final CompletableFuture<Long> flips = CompletableFuture.supplyAsync(() -> simulator.run(g -> { }));
            try
            {
                final CliRun run = CliRun.run("watch", "--page", publisher.path().toString(), "--count", "10",
                    "--json");

                assertEquals(ExitCode.OK, run.code(), run.err());
                final List<String> lines = run.out().lines().toList();
                long seen = 0;
                long seenBeforeLast = 0;
                long lastGeneration = -1;
                for (final String line : lines)
                {
                    seenBeforeLast = seen;
                    final JsonNode event = StrictJson.parse(line);
                    final long generation = number(event, "generation");
                    assertTrue(generation > lastGeneration, line);
                    lastGeneration = generation;
                    final String kind = event.get("event").textValue();
                    assertTrue(kind.equals("failover") || kind.equals("missed"), line);
                    if (kind.equals("failover"))
                    {
                        seen += 1 + number(event, "missed");
                        if (number(event, "missed") == 0)
                        {
                            assertTrue(number(event, "latency_ns") > 0, line);
                        }
                    }
                    else
                    {
                        seen += number(event, "missed");
                    }
                }
                // A generation jump can carry the count past 10; watch stops at the line that reaches it.
                assertTrue(seen >= 10 && seenBeforeLast < 10, run.out());
            }
            finally
            {
                simulator.stop();
                flips.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldExitThreeWhenThePublisherStopsHeartbeating()
    {
        try (PagePublisher publisher = PagePublisher.create(dir.resolve("page"),
            new io.exabond.publish.BondDescription("bond0", 5, 5, 0, TestBonds.bond0().members()), 0))
        {
            final CliRun run = CliRun.run("watch", "--page", publisher.path().toString());

            assertEquals(ExitCode.STALLED, run.code(), run.err());
            assertTrue(run.err().contains("stalled"), run.err());
        }
    }

    private static long number(final JsonNode event, final String field)
    {
        final JsonNode value = event.get(field);
        assertTrue(value != null && value.isIntegralNumber(), () -> "no whole number " + field + " in " + event);
        return value.longValue();
    }
}
