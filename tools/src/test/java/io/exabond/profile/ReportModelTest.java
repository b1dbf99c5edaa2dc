package io.exabond.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.json.StrictJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report model and its three renderers, on results made up here rather than measured: what each report shows
 * follows from the figures alone.
 */
class ReportModelTest
{
    private static final long FLIPS = 100;
    private static final LatencySeries.Kind LISTENER_ENTRY =
        new LatencySeries.Kind("publish_to_listener_entry", "publish -> listener entry");

    @TempDir
    Path dir;

    @Test
    void shouldCarryGoalsAsDataThatTheTextAndTheHtmlPhraseAndColour()
    {
        // Java twice as fast as C, but it missed more: two goals met, one not, the first failover not measured.
        final long javaMissed = 3;
        final long cMissed = 1;
        final ProfileResult.Comparison comparison = new ProfileResult.Comparison(
            StrategyResult.of("java-spin", List.of(round(100, FLIPS / 2 - javaMissed, javaMissed),
                round(100, FLIPS / 2, 0))),
            StrategyResult.of("c-spin", List.of(round(200, FLIPS / 2 - cMissed, cMissed), round(200, FLIPS / 2, 0))),
            20, Map.of("C2 compiler", 7L));
        final ReportModel model = ReportModel.of(result(List.of(), comparison, List.of()));

        final List<Goal> goals = model.goals();
        assertEquals(List.of("busy_spin_handoff_p50", "busy_spin_handoff_p99", "busy_spin_handoff_max",
            "busy_spin_p50_vs_c", "busy_spin_p99_vs_c", "missed_vs_c", "first_failover_vs_spin_p99"),
            goals.stream().map(Goal::name).toList());
        assertEquals(10.0, goals.get(0).measured(), "the Java side's hand-off, detection to listener entry");
        assertEquals(Goal.NANOSECONDS, goals.get(0).unit());
        assertEquals(Boolean.TRUE, goals.get(0).met());
        assertEquals(0.5, goals.get(3).measured());
        assertEquals(Goals.P50_RATIO, goals.get(3).target());
        assertEquals(Boolean.TRUE, goals.get(3).met());
        assertEquals(Boolean.FALSE, goals.get(5).met());
        assertNull(goals.get(6).met(), "not measured in this run");

        final JsonNode json = StrictJson.parse(SummaryJson.write(model)).get("goals");
        for (int i = 0; i < goals.size(); i++)
        {
            final Goal goal = goals.get(i);
            final JsonNode node = json.get(i);
            assertEquals(goal.name(), node.get("name").textValue());
            assertEquals(goal.unit(), node.get("unit").textValue());
            if (goal.met() == null)
            {
                assertTrue(node.get("met").isNull() && node.get("measured").isNull(), node.toString());
            }
            else
            {
                assertEquals(goal.met(), node.get("met").booleanValue(), node.toString());
                assertEquals(goal.measured(), node.get("measured").doubleValue(), node.toString());
                assertEquals(goal.target(), node.get("target").doubleValue(), node.toString());
            }
        }
        assertEquals(javaMissed, json.get(5).get("measured").longValue());
        assertEquals(cMissed, json.get(5).get("target").longValue());

        final String html = new HtmlReport(model).render();
        assertEquals(List.of("met", "met", "met", "met", "met", "not", "unmeasured"), goalClasses(html));
        final String text = text(model);
        assertTrue(text.contains("\n  no failover missed after warm-up that C does not miss: NOT met (" + javaMissed +
            " failovers, target at most " + cMissed + " failovers"), text);
        assertTrue(text.contains("\n  busy-spin p50 at the listener within 1.05x of C: met (0.50x, target at most " +
            "1.05x)"), text);
        assertTrue(text.contains("\n  busy-spin detection to listener entry p99 at most 500 ns: met (10 ns, target " +
            "at most 500 ns"), text);
    }

    @Test
    void shouldWriteNumbersWithAPointUnderAGermanLocale()
    {
        final Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try
        {
            final ReportModel model = ReportModel.of(result(List.of(StrategyResult.of("spin",
                List.of(round(333, FLIPS, 0)))), null, List.of()));

            final JsonNode json = StrictJson.parse(SummaryJson.write(model));

            assertEquals(model.floor().oneWayNs(), json.get("floor").get("one_way_ns").doubleValue());
            assertEquals(model.machine().clockReadNs(), json.get("clock").get("read_ns").doubleValue());
            final JsonNode listener = json.get("strategies").get(0).get("latencies")
                .get(LatencySeries.LISTENER_ENTRY.id());
            assertEquals(333 / model.floor().oneWayNs(), listener.get("floor_multiples").get("p50").doubleValue());
            final String text = text(model);
            assertTrue(text.contains(String.format(Locale.ROOT, "read costs %.1f ns", model.machine().clockReadNs())),
                text);
            final String html = new HtmlReport(model).render();
            final Matcher points = Pattern.compile("points=\"([^\"]*)\"").matcher(html);
            assertTrue(points.find(), "a curve is drawn");
            assertTrue(points.group(1).matches("[0-9.]+,[0-9.]+( [0-9.]+,[0-9.]+)*"), points.group(1));
        }
        finally
        {
            Locale.setDefault(before);
        }
    }

    @Test
    void shouldShowEveryLatencySeriesOfAPollerInEveryReport() throws Exception
    {
        final long[] word0 = latencies(150, FLIPS);
        final long[] listener = latencies(400, FLIPS);
        final long[] detected = new long[(int)FLIPS];
        Arrays.setAll(detected, i -> 1_000_000L * i);
        final StrategyResult spin = new StrategyResult("spin", 1, 10, 0, FLIPS, 0, 0, 0, 0, List.of(
            LatencySeries.of(LatencySeries.WORD0_SEEN, word0, detected),
            LatencySeries.of(LISTENER_ENTRY, listener, detected)));
        final ProfileReport report = new ProfileReport(result(List.of(spin), null, List.of()));
        final ReportModel model = ReportModel.of(result(List.of(spin), null, List.of()));

        assertEquals(List.of(LatencySeries.WORD0_SEEN, LISTENER_ENTRY), model.kinds());
        final JsonNode latencies = StrictJson.parse(SummaryJson.write(model)).get("strategies").get(0)
            .get("latencies");
        assertEquals(150, latencies.get(LatencySeries.WORD0_SEEN.id()).get("percentiles_ns").get("p50").longValue());
        assertEquals(400, latencies.get(LISTENER_ENTRY.id()).get("percentiles_ns").get("p50").longValue());
        assertEquals(LISTENER_ENTRY.title(), latencies.get(LISTENER_ENTRY.id()).get("title").textValue());
        final String text = text(model);
        assertTrue(text.contains(LatencySeries.WORD0_SEEN.title() + " (ns):\n") &&
            text.contains(LISTENER_ENTRY.title() + " (ns):\n"), text);
        final String html = new HtmlReport(model).render();
        assertEquals(2 * model.kinds().size() + 1, count(html, "<svg "), "a chart by percentile and one over the run " +
            "per series, and the budget");
        assertTrue(html.contains("Latency by percentile: " + Svg.escape(LISTENER_ENTRY.title())), html);

        final List<Path> files = report.write();

        assertTrue(files.contains(dir.resolve("spin.hgrm")), files.toString());
        assertTrue(files.contains(dir.resolve("spin." + LISTENER_ENTRY.id() + ".hgrm")), files.toString());
        assertTrue(Files.readString(dir.resolve("spin." + LISTENER_ENTRY.id() + ".hgrm")).contains("Total count"));
    }

    @Test
    void shouldTakeTheBudgetsPollDelayFromTheBestP99WhenNoBusySpinRan()
    {
        final ReportModel model = ReportModel.of(result(List.of(
            StrategyResult.of("backoff", List.of(round(90_000, FLIPS, 0))),
            StrategyResult.of("yield", List.of(round(700, FLIPS, 0)))), null, List.of()));

        final ReportModel.Budget budget = model.budget();

        assertEquals("yield", budget.pollDelayFrom());
        assertEquals(model.strategies().get(1).primary().at("p99").ns(), budget.pollDelayNs());
        final JsonNode json = StrictJson.parse(SummaryJson.write(model)).get("budget");
        assertEquals(budget.pollDelayNs(), json.get("poll_delay_p99_ns").longValue());
        assertEquals("yield", json.get("poll_delay_poller").textValue());
        assertEquals(budget.totalMs(), json.get("total_ms").doubleValue());
        assertTrue(text(model).contains("+ poll delay (p99 " + budget.pollDelayNs() + " ns, yield)"), text(model));
        assertTrue(new HtmlReport(model).render().contains("poll delay (p99 of yield)"));
    }

    @Test
    void shouldFlagAPollerThatMissedFailoversInEveryReport()
    {
        final ReportModel model = ReportModel.of(result(List.of(
            StrategyResult.of("spin", List.of(round(150, FLIPS, 0))),
            StrategyResult.of("backoff", List.of(round(90_000, FLIPS - 2, 2)))), null, List.of()));

        assertEquals(List.of(false, true), model.strategies().stream().map(ReportModel.Poller::flagged).toList());
        final JsonNode strategies = StrictJson.parse(SummaryJson.write(model)).get("strategies");
        assertFalse(strategies.get(0).get("flagged").booleanValue());
        assertTrue(strategies.get(1).get("flagged").booleanValue());
        assertTrue(text(model).contains("note: backoff: missed 2 failovers"), text(model));
        final String html = new HtmlReport(model).render();
        assertTrue(html.contains("<ul class=\"flags\">\n<li>backoff: missed 2 failovers"), html);
        assertEquals(2 * model.kinds().size(), count(html, "<tr class=\"flag\"><td>backoff"),
            "flagged in both tables of every series");
        assertEquals(0, count(html, "<tr class=\"flag\"><td>spin"));
    }

    private ProfileResult result(final List<StrategyResult> strategies, final ProfileResult.Comparison comparison,
        final List<FirstFailover.Sample> firsts)
    {
        final ProfileOptions options = new ProfileOptions(FLIPS, 10, 1000, 2000,
            strategies.stream().map(StrategyResult::name).toList(), -1, -1, null, dir, comparison != null, 2, false,
            firsts.size(), true, 500, 1, 60, false, "exabond profile --flips " + FLIPS);
        return new ProfileResult(options, new MachineInfo(2, "a test CPU", "6.1.0", "25", "tsc", "0.50 0.40 0.30"),
            "0.70 0.45 0.31", 24.4, new PingPong.Floor(41.3, 33.5, 21, 1000), "a test publisher", "/dev/shm/test.page",
            true, 100, 0, 100, null, strategies, comparison, firsts, 12_345);
    }

    /**
     * A round in which every timed failover took {@code latencyNs}.
     */
    private static RoundSamples round(final long latencyNs, final long timed, final long missed)
    {
        final long[] detected = new long[(int)timed];
        Arrays.setAll(detected, i -> 1_000_000L * i);
        return new RoundSamples(latencies(latencyNs, timed), latencies(latencyNs / 2, timed), detected,
            latencies(latencyNs / 10, timed), detected, 10, 0, timed, missed, 0, 0, 0);
    }

    private static long[] latencies(final long latencyNs, final long count)
    {
        final long[] latencies = new long[(int)count];
        Arrays.fill(latencies, latencyNs);
        return latencies;
    }

    private static String text(final ReportModel model)
    {
        final StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out))
        {
            new TextReport(model).print(writer);
        }
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    private static List<String> goalClasses(final String html)
    {
        final String goals = html.substring(html.indexOf("<h2 id=\"goals\">"), html.indexOf("<h2 id=\"budget\">"));
        final Matcher matcher = Pattern.compile("<li class=\"([a-z]*)\">").matcher(goals);
        final List<String> classes = new ArrayList<>();
        while (matcher.find())
        {
            classes.add(matcher.group(1));
        }
        return classes;
    }

    private static int count(final String text, final String part)
    {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1))
        {
            count++;
        }
        return count;
    }
}
