package io.exabond.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link ProfileResult} into the tables on stdout and the files in the output folder: one {@code .hgrm} per
 * poller (HdrHistogram's percentile distribution, in ns), {@code summary.json} and a self-contained
 * {@code report.html}.
 */
public final class ProfileReport
{
    /** Goal: busy-spin p50 within this ratio of C. */
    public static final double GOAL_P50_RATIO = 1.05;
    /** Goal: busy-spin p99 within this ratio of C. */
    public static final double GOAL_P99_RATIO = 1.15;
    /** Goal: the first failover of a fresh JVM within this multiple of the steady-state busy-spin p99. */
    public static final double GOAL_FIRST_RATIO = 10;
    /** Fresh JVMs the first-failover goal asks for at least. */
    public static final int GOAL_FIRST_JVMS = 20;

    private final ProfileResult result;

    /**
     * @param result what was measured.
     */
    public ProfileReport(final ProfileResult result)
    {
        this.result = result;
    }

    /**
     * Prints the tables.
     *
     * @param out standard output.
     */
    public void print(final PrintWriter out)
    {
        final MachineInfo m = result.machine();
        final ProfileOptions o = result.options();
        out.println("exabond profile: publisher-to-detection latency (changed_ns to detection, both CLOCK_MONOTONIC " +
            "= System.nanoTime()), in ns");
        out.println("machine:   " + m.nproc() + " CPUs, " + m.cpuModel() + ", kernel " + m.kernel() + ", clocksource " +
            m.clocksource() + ", JDK " + m.jdk());
        out.println("load:      " + m.loadAverage() + " at start, " + result.loadAtEnd() + " at end (1/5/15 min)");
        out.println("publisher: " + result.publisher());
        out.println("poller:    this JVM, FailoverPoller on an AgentRunner thread, CPU " +
            Profiler.cpuText(o.pollerCpu()) +
            (o.pollerCpu() >= 0 ? " (this JVM's other threads kept off it)" : ""));
        out.printf(Locale.ROOT, "clock:     one System.nanoTime() read costs %.1f ns%n", result.clockReadNs());
        out.printf(Locale.ROOT,
            "floor:     cache-line one-way between two processes %.1f ns (ping-pong round trip / 2, " +
            "median of %d batches of %d; fastest batch %.1f ns)%n", result.floor().oneWayNs(), result.floor().batches(),
            result.floor().perBatch(), result.floor().minOneWayNs());
        if (!result.timed())
        {
            out.println("note:      the page has no status block (a kernel page): failovers were counted but cannot " +
                "be timed");
        }
        out.println();
        final List<StrategyResult> all = new ArrayList<>(result.strategies());
        if (!all.isEmpty())
        {
            out.println("warm-up:   " + o.warmup() + " failovers per strategy discarded at its start (" +
                sumSeen(all) + " seen, " + sumMissed(all) + " missed)");
            table(out, all, o.flips());
        }
        final ProfileResult.Comparison comparison = result.comparison();
        if (comparison != null)
        {
            out.println();
            out.println("Java vs C, busy spin, same publisher, " + o.rounds() + " alternating rounds each; " +
                comparison.roundWarmup() + " failovers discarded at the start of every round (java " +
                comparison.java().warmupSeen() + " seen + " + comparison.java().warmupMissed() + " missed, c " +
                comparison.c().warmupSeen() + " seen + " + comparison.c().warmupMissed() + " missed)");
            table(out, List.of(comparison.java(), comparison.c()), o.rounds() * Math.max(1, o.flips() / o.rounds()));
            final StringBuilder ratios = new StringBuilder(String.format(Locale.ROOT, "%-12s %7s %7s %7s",
                "java/c", "", "", ""));
            for (final double p : StrategyResult.PERCENTILES)
            {
                ratios.append(String.format(Locale.ROOT, " %8s", ratio(comparison.ratio(p))));
            }
            final double maxRatio = comparison.c().max() == 0 ? Double.NaN :
                comparison.java().max() / (double)comparison.c().max();
            ratios.append(String.format(Locale.ROOT, " %8s", ratio(maxRatio)));
            out.println(ratios);
            out.println(comparison.otherThreadsText());
        }
        if (!result.firstFailovers().isEmpty())
        {
            out.println();
            out.println(firstFailoverLine());
        }
        out.println();
        out.println("goals:");
        for (final String goal : goals())
        {
            out.println("  " + goal);
        }
        out.println();
        out.println(budgetLine());
    }

    /**
     * Writes the {@code .hgrm} files, {@code summary.json} and {@code report.html} into the output folder.
     *
     * @return the files written.
     * @throws IOException when one cannot be written.
     */
    public List<Path> write() throws IOException
    {
        final Path dir = result.options().out();
        Files.createDirectories(dir);
        final List<Path> written = new ArrayList<>();
        for (final StrategyResult strategy : pollers())
        {
            final Path file = dir.resolve(strategy.name() + ".hgrm");
            try (PrintStream stream = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
            {
                if (strategy.count() > 0)
                {
                    strategy.histogram().outputPercentileDistribution(stream, 1.0);
                }
                else
                {
                    stream.println("# no timed failovers recorded for " + strategy.name());
                }
            }
            written.add(file);
        }
        final Path json = dir.resolve("summary.json");
        Files.writeString(json, JsonValue.write(summary()));
        written.add(json);
        final Path html = dir.resolve("report.html");
        Files.writeString(html, new HtmlReport(result, this).render());
        written.add(html);
        return written;
    }

    /**
     * @return every poller measured: the strategies, then the comparison's two sides.
     */
    List<StrategyResult> pollers()
    {
        final List<StrategyResult> all = new ArrayList<>(result.strategies());
        if (result.comparison() != null)
        {
            all.add(result.comparison().java());
            all.add(result.comparison().c());
        }
        return all;
    }

    /**
     * @return one sentence per goal: met, not met, or not measured in this run.
     */
    List<String> goals()
    {
        final List<String> goals = new ArrayList<>();
        final ProfileResult.Comparison c = result.comparison();
        if (c != null && c.c().count() > 0 && c.java().count() > 0)
        {
            final double p50 = c.ratio(50);
            final double p99 = c.ratio(99);
            goals.add(String.format(Locale.ROOT, "busy-spin p50 within %.2fx of C: %s (%.2fx)", GOAL_P50_RATIO,
                p50 <= GOAL_P50_RATIO ? "met" : "NOT met", p50));
            goals.add(String.format(Locale.ROOT, "busy-spin p99 within %.2fx of C: %s (%.2fx)", GOAL_P99_RATIO,
                p99 <= GOAL_P99_RATIO ? "met" : "NOT met", p99));
            goals.add("no failover missed after warm-up that C does not miss: " +
                (c.java().missed() <= c.c().missed() ? "met" : "NOT met") + " (java missed " + c.java().missed() +
                ", c missed " + c.c().missed() + ")");
        }
        else
        {
            goals.add("Java vs C (p50, p99, missed): not measured in this run (add --compare-c)");
        }
        final long first = result.firstFailoverMedianNs();
        final long p99 = result.spinP99Ns();
        if (first >= 0 && p99 > 0)
        {
            final double ratio = first / (double)p99;
            final int jvms = result.firstFailovers().size();
            goals.add(String.format(Locale.ROOT, "first failover in a fresh JVM within %.0fx of the steady-state " +
                "busy-spin p99: %s (median %d ns over %d JVMs = %.2fx of p99 %d ns)%s", GOAL_FIRST_RATIO,
                ratio <= GOAL_FIRST_RATIO ? "met" : "NOT met", first, jvms, ratio, p99,
                jvms < GOAL_FIRST_JVMS ? "; the goal asks for at least " + GOAL_FIRST_JVMS + " JVMs" : ""));
        }
        else
        {
            goals.add("first failover in a fresh JVM: not measured in this run (add --first-failover-jvms 20; needs " +
                "the spin strategy or --compare-c for the steady-state p99)");
        }
        return goals;
    }

    /**
     * @return the whole failover budget, in one line.
     */
    String budgetLine()
    {
        final int detection = result.bondingDetectionMs();
        final long p99 = result.spinP99Ns() > 0 ? result.spinP99Ns() : bestP99();
        return "failover budget: bonding driver detection up to " +
            (detection < 0 ? "miimon/arp_interval (unknown: no status block)" :
                detection == 0 ? "never (miimon and arp_interval are off: SmartNIC ports send no link-down event)" :
                    detection + " ms (miimon " + result.miimonMs() + ", arp_interval " + result.arpIntervalMs() + ")") +
            (result.bridgeTerm() != null ? " + publisher: " +
                result.bridgeTerm().describe() : " + exasock monitor interval up to " +
                (result.monitorMs() < 0 ? "min(miimon, arp_interval)" : result.monitorMs() + " ms")) +
            " + poll delay " + (p99 > 0 ? "(p99 " + p99 + " ns)" : "(not measured)") +
            ": the nanoseconds above are only the last term.";
    }

    private long bestP99()
    {
        long best = -1;
        for (final StrategyResult s : pollers())
        {
            if (s.count() > 0 && (best < 0 || s.at(99) < best))
            {
                best = s.at(99);
            }
        }
        return best;
    }

    String firstFailoverLine()
    {
        final List<FirstFailover.Sample> samples = result.firstFailovers();
        final long[] timed = samples.stream().mapToLong(FirstFailover.Sample::latencyNs).filter(l -> l >= 0).sorted()
            .toArray();
        final long missed = samples.stream().mapToLong(FirstFailover.Sample::missed).sum();
        final long[] startup = samples.stream().mapToLong(FirstFailover.Sample::startupMs).sorted().toArray();
        return "first failover after start in a fresh JVM (" +
            (result.options().firstFailoverWarm() ? "the default context (warm-up in onStart)" :
                "WITHOUT the warm-up (warmUp(false))") +
            ", busy-spin AgentRunner, one failover " + result.options().firstFailoverSettleMs() +
                " ms after the poller went live): " +
            samples.size() + " JVMs, median " + result.firstFailoverMedianNs() + " ns, min " +
            (timed.length > 0 ? timed[0] : -1) + " ns, max " + (timed.length > 0 ? timed[timed.length - 1] : -1) +
            " ns; untimed " + (samples.size() - timed.length) + ", missed before it " + missed +
            "; poller live " + startup[startup.length / 2] + " ms after JVM start (median)";
    }

    private void table(final PrintWriter out, final List<StrategyResult> rows, final long expected)
    {
        final StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-12s %7s %7s %7s", "poller",
            "count", "missed", "untimed"));
        for (final double p : StrategyResult.PERCENTILES)
        {
            header.append(String.format(Locale.ROOT, " %8s", "p" + percentileName(p)));
        }
        header.append(String.format(Locale.ROOT, " %8s", "max"));
        out.println(header);
        for (final StrategyResult s : rows)
        {
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s %7d %7d %7d", s.name(),
                s.count(), s.missed(), s.untimed()));
            for (final double p : StrategyResult.PERCENTILES)
            {
                line.append(String.format(Locale.ROOT, " %8d", s.at(p)));
            }
            line.append(String.format(Locale.ROOT, " %8d", s.max()));
            out.println(line);
        }
        final double floor = result.floor().oneWayNs();
        out.printf(Locale.ROOT, "as multiples of the floor (%.1f ns):%n", floor);
        for (final StrategyResult s : rows)
        {
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s %7s %7s %7s", s.name(),
                "", "", ""));
            for (final double p : StrategyResult.PERCENTILES)
            {
                line.append(String.format(Locale.ROOT, " %8s", multiple(s.at(p), floor)));
            }
            line.append(String.format(Locale.ROOT, " %8s", multiple(s.max(), floor)));
            out.println(line);
        }
        for (final StrategyResult s : rows)
        {
            if (s.negative() > 0 || s.stalls() > 0 || s.seen() + s.missed() < expected)
            {
                out.println("note: " + s.name() + ":" + (s.seen() + s.missed() < expected ? " only " +
                    (s.seen() + s.missed()) + " of " + expected +
                        " failovers accounted (seen or missed) in time;" : "") +
                    (s.negative() > 0 ? " " + s.negative() + " negative latencies recorded as 0;" : "") +
                    (s.stalls() > 0 ? " the publisher looked stalled " + s.stalls() +
                        " times (heartbeat older than 3 " +
                        "monitor intervals: a loaded machine)" : ""));
            }
        }
    }

    private Map<String, Object> summary()
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        final MachineInfo m = result.machine();
        final ProfileOptions o = result.options();
        final Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("nproc", m.nproc());
        machine.put("cpu_model", m.cpuModel());
        machine.put("kernel", m.kernel());
        machine.put("jdk", m.jdk());
        machine.put("load_average_start", m.loadAverage());
        machine.put("load_average_end", result.loadAtEnd());
        root.put("machine", machine);
        final Map<String, Object> clock = new LinkedHashMap<>();
        clock.put("clock", "CLOCK_MONOTONIC (System.nanoTime() in Java, clock_gettime in C and in the publisher)");
        clock.put("clocksource", m.clocksource());
        clock.put("read_ns", result.clockReadNs());
        root.put("clock", clock);
        final Map<String, Object> floor = new LinkedHashMap<>();
        floor.put("one_way_ns", result.floor().oneWayNs());
        floor.put("fastest_batch_one_way_ns", result.floor().minOneWayNs());
        floor.put("method", "cache-line ping-pong between two processes, round trip / 2, median of batches");
        floor.put("batches", result.floor().batches());
        floor.put("round_trips_per_batch", result.floor().perBatch());
        root.put("floor", floor);
        final Map<String, Object> run = new LinkedHashMap<>();
        run.put("command", o.commandLine());
        run.put("publisher", result.publisher());
        run.put("page", result.pagePath());
        run.put("timed", result.timed());
        run.put("flips_per_strategy", o.flips());
        run.put("gap_us", o.gapMinUs() + "-" + o.gapMaxUs());
        run.put("publisher_cpu", o.publisherCpu());
        run.put("poller_cpu", o.pollerCpu());
        run.put("elapsed_ms", result.elapsedMs());
        root.put("run", run);
        final Map<String, Object> warmup = new LinkedHashMap<>();
        warmup.put("per_strategy", o.warmup());
        warmup.put("seen_discarded", sumSeen(pollers()));
        warmup.put("missed_discarded", sumMissed(pollers()));
        warmup.put("per_comparison_round", result.comparison() != null ? result.comparison().roundWarmup() : 0);
        root.put("warmup", warmup);
        final List<Object> strategies = new ArrayList<>();
        for (final StrategyResult s : result.strategies())
        {
            strategies.add(strategyJson(s));
        }
        root.put("strategies", strategies);
        if (result.comparison() != null)
        {
            final Map<String, Object> compare = new LinkedHashMap<>();
            compare.put("rounds", o.rounds());
            compare.put("java", strategyJson(result.comparison().java()));
            compare.put("c", strategyJson(result.comparison().c()));
            compare.put("ratio_p50", result.comparison().ratio(50));
            compare.put("ratio_p99", result.comparison().ratio(99));
            compare.put("java_jvm_other_threads_context_switches", new LinkedHashMap<>(result.comparison()
                .otherThreads()));
            root.put("compare_c", compare);
        }
        if (!result.firstFailovers().isEmpty())
        {
            final Map<String, Object> first = new LinkedHashMap<>();
            first.put("jvms", result.firstFailovers().size());
            first.put("median_ns", result.firstFailoverMedianNs());
            first.put("latencies_ns", result.firstFailovers().stream().map(FirstFailover.Sample::latencyNs).toList());
            first.put("missed_before", result.firstFailovers().stream().map(FirstFailover.Sample::missed).toList());
            first.put("steady_spin_p99_ns", result.spinP99Ns());
            root.put("first_failover", first);
        }
        final Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("bonding_detection_ms", result.bondingDetectionMs());
        budget.put("miimon_ms", result.miimonMs());
        budget.put("arp_interval_ms", result.arpIntervalMs());
        budget.put("monitor_interval_ms", result.monitorMs());
        if (result.bridgeTerm() != null)
        {
            final Map<String, Object> bridge = new LinkedHashMap<>();
            bridge.put("mode", result.bridgeTerm().eventDriven() ? "events" : "poll");
            bridge.put("failovers", result.bridgeTerm().failovers());
            bridge.put("reaction_p50_ns", result.bridgeTerm().p50Ns());
            bridge.put("reaction_p99_ns", result.bridgeTerm().p99Ns());
            bridge.put("reaction_max_ns", result.bridgeTerm().maxNs());
            bridge.put("resync_ms", result.bridgeTerm().resyncMs());
            budget.put("bridge", bridge);
        }
        budget.put("publisher_term_ms", result.publisherTermMs());
        budget.put("poll_delay_p99_ns", result.spinP99Ns());
        root.put("budget", budget);
        root.put("goals", goals());
        return root;
    }

    private Map<String, Object> strategyJson(final StrategyResult s)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", s.name());
        json.put("count", s.count());
        json.put("missed", s.missed());
        json.put("untimed", s.untimed());
        json.put("warmup_seen", s.warmupSeen());
        json.put("warmup_missed", s.warmupMissed());
        json.put("negative", s.negative());
        json.put("stalls", s.stalls());
        final Map<String, Object> percentiles = new LinkedHashMap<>();
        final Map<String, Object> multiples = new LinkedHashMap<>();
        for (final double p : StrategyResult.PERCENTILES)
        {
            percentiles.put("p" + percentileName(p), s.at(p));
            multiples.put("p" + percentileName(p), s.at(p) / result.floor().oneWayNs());
        }
        percentiles.put("max", s.max());
        multiples.put("max", s.max() / result.floor().oneWayNs());
        json.put("percentiles_ns", percentiles);
        json.put("mean_ns", s.count() > 0 ? s.histogram().getMean() : 0.0);
        json.put("floor_multiples", multiples);
        return json;
    }

    static String percentileName(final double p)
    {
        return p == Math.rint(p) ? Long.toString((long)p) : Double.toString(p);
    }

    private static String multiple(final long value, final double floor)
    {
        return floor > 0 ? String.format(Locale.ROOT, "%.1fx", value / floor) : "-";
    }

    private static String ratio(final double ratio)
    {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static long sumSeen(final List<StrategyResult> rows)
    {
        return rows.stream().mapToLong(StrategyResult::warmupSeen).sum();
    }

    private static long sumMissed(final List<StrategyResult> rows)
    {
        return rows.stream().mapToLong(StrategyResult::warmupMissed).sum();
    }
}
