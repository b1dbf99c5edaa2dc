package io.exabond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.CliRun;
import io.exabond.counters.ExabondCounters;
import io.exabond.json.StrictJson;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sim.BondSimulator;
import io.exabond.sysfs.BridgeTerm;
import io.exabond.sysfs.CountersFiles;
import io.exabond.testing.Gcc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileCommandTest
{
    private static final List<String> DEFAULT_STRATEGIES = List.of("spin", "yield", "backoff", "sleep-ns");

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void shouldWriteWellFormedHgrmJsonAndHtmlFilesForASmallRunEvenUnderAGermanLocale() throws Exception
    {
        final Path out = dir.resolve("profile");
        final Locale before = Locale.getDefault();
        final CliRun result;
        // German writes 21,456 for String.format("%.3f", 21.456): summary.json must stay JSON whatever the locale.
        Locale.setDefault(Locale.GERMANY);
        try
        {
            result = CliRun.run("profile", "--flips", "200", "--warmup", "50", "--out", out.toString());
        }
        finally
        {
            Locale.setDefault(before);
        }

        assertEquals(0, result.code(), result.err());
        for (final String strategy : DEFAULT_STRATEGIES)
        {
            assertTrue(result.out().lines().anyMatch(line -> line.startsWith(strategy + " ")), result.out());
        }
        assertTrue(result.out().contains("warm-up:   50 failovers per strategy discarded"), result.out());
        assertTrue(result.out().contains("floor:     cache-line one-way between two processes"), result.out());
        assertFalse(result.err().contains("\r"), "no progress bar: standard error is not a terminal here");

        final JsonNode summary = StrictJson.parse(Files.readString(out.resolve("summary.json")));
        assertEquals(2, summary.get("format_version").intValue());
        assertEquals(Runtime.getRuntime().availableProcessors(), summary.get("machine").get("nproc").intValue());
        assertFalse(summary.get("machine").get("kernel").textValue().isEmpty());
        assertTrue(summary.get("floor").get("one_way_ns").isNumber());
        assertTrue(summary.get("floor").get("one_way_ns").doubleValue() > 0);
        assertTrue(summary.get("clock").get("read_ns").doubleValue() > 0);
        final String word0 = summary.get("latency_series").get(0).get("id").textValue();
        final List<JsonNode> strategies = new ArrayList<>();
        summary.get("strategies").forEach(strategies::add);
        assertEquals(DEFAULT_STRATEGIES, strategies.stream().map(s -> s.get("name").textValue()).toList());
        for (final JsonNode strategy : strategies)
        {
            final String name = strategy.get("name").textValue();
            final long count = strategy.get("count").longValue();
            assertEquals(200, count + strategy.get("missed").longValue() + strategy.get("untimed").longValue(),
                name + ": every measured failover is timed, untimed or missed");
            final JsonNode latency = strategy.get("latencies").get(word0);
            assertEquals(count, latency.get("count").longValue(), name);
            final JsonNode percentiles = latency.get("percentiles_ns");
            assertTrue(percentiles.get("p50").longValue() <= percentiles.get("p99").longValue(), name);
            assertTrue(percentiles.get("p99").longValue() <= percentiles.get("max").longValue(), name);
            assertTrue(latency.get("floor_multiples").get("p50").isNumber(), name);

            final String hgrmText = Files.readString(out.resolve(name + ".hgrm"));
            if (count == 0)
            {
                // A poller starved of CPU on a loaded machine may time none of 200: the file says so, nothing else.
                assertEquals("# no timed failovers recorded for " + name, hgrmText.trim(), name);
                continue;
            }
            final Hgrm hgrm = Hgrm.parse(hgrmText);
            assertEquals(count, hgrm.totalCount, name);
            assertEquals(percentiles.get("max").longValue(), hgrm.max, name);
        }
        final List<String> goals = new ArrayList<>();
        summary.get("goals").forEach(goal -> goals.add(goal.get("name").textValue()));
        assertEquals(List.of("busy_spin_handoff_p50", "busy_spin_handoff_p99", "busy_spin_handoff_max",
            "busy_spin_p50_vs_c", "busy_spin_p99_vs_c", "missed_vs_c", "first_failover_vs_spin_p99"), goals);
        summary.get("goals").forEach(goal -> assertEquals(goal.get("name").textValue().contains("handoff"),
            !goal.get("met").isNull(), "judged only what the spin strategy measured: " + goal));

        final String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.trim().endsWith("</html>"));
        assertFalse(html.contains("<script") || html.contains("src=\"http"), "self-contained");
        final List<String> svgs = svgs(html);
        assertEquals(2 * summary.get("latency_series").size() + 1, svgs.size(),
            "per latency series the percentile chart and the latency over the run, then the budget bar");
        final Document chart = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svgs.getFirst().getBytes(StandardCharsets.UTF_8)));
        final long curves = strategies.stream().filter(s -> s.get("count").longValue() > 0).count();
        assertEquals(curves, chart.getElementsByTagName("polyline").getLength());
        final Document timeline = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svgs.get(1).getBytes(StandardCharsets.UTF_8)));
        assertTrue(curves == 0 || timeline.getElementsByTagName("circle").getLength() +
            timeline.getElementsByTagName("line").getLength() > 0, "each failover over the run");
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svgs.getLast().getBytes(StandardCharsets.UTF_8)));
        assertTrue(html.contains("bonding driver detection"), "the whole failover budget is shown");
        assertTrue(html.contains("<b>missed</b>: ") && html.contains("<b>untimed</b>: "), "defined where shown");
        final boolean flagged = strategies.stream().anyMatch(s -> s.get("flagged").booleanValue());
        assertEquals(flagged, html.contains("<ul class=\"flags\">"), "a poller that missed failovers, measured " +
            "fewer than asked or saw a disturbed run is flagged");
        assertEquals(flagged, strategies.stream().anyMatch(s -> s.get("missed").longValue() > 0 ||
            s.get("count").longValue() < 200 || s.get("negative").longValue() > 0 || s.get("stalls").longValue() > 0),
            "flagged as its figures say");
    }

    @Test
    @Timeout(120)
    void shouldOnlyListenAndSaySoWhenAttachedToAPageWithoutABlock() throws Exception
    {
        final Path page = dir.resolve("kernel-page");
        final byte[] bytes = new byte[(int)io.exabond.internal.LibC.pageSize()];
        bytes[0] = 1;
        Files.write(page, bytes);

        final CliRun result = CliRun.run("profile", "--page", page.toString(), "--flips", "5", "--warmup", "0",
            "--idle", "backoff", "--max-seconds", "1", "--out", dir.resolve("out").toString());

        assertEquals(0, result.code(), result.err());
        assertTrue(result.err().contains("has no status block"), result.err());
        assertTrue(result.out().contains("already running publisher"), result.out());
        assertTrue(result.out().contains("cannot be timed"), result.out());
    }

    @Test
    @Timeout(120)
    void shouldMeasureAnAlreadyRunningPublisherAndCountAnEventDrivenBridgesReactionInTheBudget() throws Exception
    {
        final Path page = dir.resolve("page");
        final BondDescription bond = new BondDescription("bond0", 100, 100, 0,
            List.of(new Member("exa0", 0, 0, true, true), new Member("exa1", 0, 1, true, false)));
        // What `exabond bridge` keeps in its process's counters file (this process plays the bridge's, in the folder
        // where processes keep them by default): the reaction it measured, instead of a monitor interval.
        try (PagePublisher publisher = PagePublisher.create(page, bond, 0);
            Closeable _ = CountersFiles.bridgeTerm(ExabondCounters.forProcess(), "bond0", page,
                new BridgeTerm(true, 100, 2000, 12, 400_000, 900_000, 1_500_000, ProcessHandle.current().pid())))
        {
            final BondSimulator simulator = new BondSimulator(publisher, 0, 300_000, 500_000, 3);
            final Thread thread = Thread.ofPlatform().start(() -> simulator.run(generation -> { }));
            final CliRun result;
            try
            {
                result = CliRun.run("profile", "--page", page.toString(), "--flips", "50", "--warmup", "5", "--idle",
                    "backoff", "--max-seconds", "30", "--out", dir.resolve("out").toString());
            }
            finally
            {
                simulator.stop();
                thread.join();
            }

            assertEquals(0, result.code(), result.err());
            final String row = result.out().lines().filter(line -> line.startsWith("backoff ")).findFirst()
                .orElseThrow();
            final String[] fields = row.trim().split(" +");
            assertEquals(50, Long.parseLong(fields[1]) + Long.parseLong(fields[2]) + Long.parseLong(fields[3]), row);
            final String budget = result.out().lines().filter(line -> line.startsWith("failover budget:"))
                .findFirst().orElseThrow();
            assertTrue(budget.contains("+ publisher: up to 1.500 ms (the event-driven bridge's reaction"), budget);
            assertFalse(budget.contains("exasock monitor interval"), budget);
            final JsonNode budgetJson = StrictJson.parse(Files.readString(dir.resolve("out/summary.json")))
                .get("budget");
            assertEquals(1_500_000, budgetJson.get("bridge").get("reaction_max_ns").longValue(), budgetJson.toString());
            assertEquals(1.5, budgetJson.get("publisher_term_ms").doubleValue(), budgetJson.toString());
            assertEquals("the event-driven bridge's reaction", budgetJson.get("publisher_term").textValue());
            assertTrue(Files.readString(dir.resolve("out/report.html")).contains("the event-driven bridge's reaction"));
        }
    }

    @Test
    @Timeout(180)
    void shouldCompareWithTheCPollerAndNameTheOtherThreadsOfTheJavaPollersJvm() throws Exception
    {
        Gcc.require();
        final Path out = dir.resolve("compare");

        final CliRun result = CliRun.run("profile", "--idle", "spin", "--compare-c", "--flips", "200", "--rounds", "2",
            "--warmup", "20", "--out", out.toString());

        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().lines().anyMatch(line -> line.startsWith("java/c ")), result.out());
        final String others = result.out().lines()
            .filter(line -> line.startsWith("other threads of the Java poller's JVM that ran during its rounds"))
            .findFirst().orElseThrow(() -> new AssertionError(result.out()));
        assertTrue(others.contains("the profiler's main thread"), "it waits for each round: " + others);
        final JsonNode compare = StrictJson.parse(Files.readString(out.resolve("summary.json"))).get("compare_c");
        assertTrue(compare.get("java_jvm_other_threads_context_switches").isObject(), "in the JSON too: " + compare);
        assertTrue(compare.get("java_over_c").get("p50").isNumber() || compare.get("java_over_c").get("p50").isNull(),
            compare.toString());
        assertTrue(Files.readString(out.resolve("report.html")).contains("Other threads of the Java poller's JVM"));
    }

    @Test
    void shouldRejectBadOptionsWithExitCodeTwoAndOneLine()
    {
        final String[][] cases = {
            {"--flips", "0"},
            {"--warmup", "-1"},
            {"--idle", "spin,bogus"},
            {"--idle", "spin,spin"},
            {"--gap-us", "50-10"},
            {"--poller-cpu", "4095"},
            {"--publisher-cpu", "-1"},
            {"--rounds", "0"},
            {"--first-failover-jvms", "-3"},
            {"--page", "/tmp/x", "--publisher-cpu", "0"},
            {"bond0", "--page", "/tmp/x"},
            {"--out", "/proc/version"},
        };
        for (final String[] args : cases)
        {
            final List<String> command = new ArrayList<>(List.of("profile"));
            command.addAll(List.of(args));

            final CliRun result = CliRun.run(command.toArray(new String[0]));

            final String what = String.join(" ", command);
            assertEquals(ExitCode.USAGE, result.code(), what + "\n" + result.err());
            final List<String> lines = result.err().lines().toList();
            assertTrue(lines.getFirst().startsWith("exabond profile: "), what + ": " + result.err());
            assertTrue(lines.size() <= 2 && (lines.size() == 1 || lines.get(1).startsWith("Try ")),
                what + ": one line of error (and the help hint): " + result.err());
            assertTrue(result.out().isEmpty(), what);
        }
    }

    private static List<String> svgs(final String html)
    {
        final List<String> svgs = new ArrayList<>();
        final Matcher matcher = Pattern.compile("<svg[\\s\\S]*?</svg>").matcher(html);
        while (matcher.find())
        {
            svgs.add(matcher.group());
        }
        return svgs;
    }



    /**
     * HdrHistogram's percentile distribution: rows of value, percentile, total count, 1/(1-p), then a footer.
     */
    record Hgrm(long totalCount, long max)
    {
        static Hgrm parse(final String text)
        {
            final List<String> lines = text.lines().toList();
            assertTrue(lines.getFirst().trim().startsWith("Value"), text);
            double lastPercentile = -1;
            double lastValue = -1;
            long lastCount = -1;
            long max = -1;
            long total = -1;
            for (final String line : lines.subList(1, lines.size()))
            {
                if (line.isBlank())
                {
                    continue;
                }
                if (line.startsWith("#[Max"))
                {
                    final Matcher m = Pattern.compile("#\\[Max\\s*=\\s*([0-9.]+), Total count\\s*=\\s*([0-9]+)\\]")
                        .matcher(line);
                    assertTrue(m.find(), line);
                    max = (long)Double.parseDouble(m.group(1));
                    total = Long.parseLong(m.group(2));
                    continue;
                }
                if (line.startsWith("#"))
                {
                    continue;
                }
                final String[] f = line.trim().split("\\s+");
                assertTrue(f.length == 4 || f.length == 3, line);
                final double value = Double.parseDouble(f[0]);
                final double percentile = Double.parseDouble(f[1]);
                final long count = Long.parseLong(f[2]);
                assertTrue(value >= lastValue && percentile >= lastPercentile && count >= lastCount, line);
                lastValue = value;
                lastPercentile = percentile;
                lastCount = count;
            }
            assertEquals(1.0, lastPercentile, 1e-9);
            assertEquals(lastCount, total);
            return new Hgrm(total, max);
        }
    }
}
