package io.exabond.profile;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The report on standard output: the run's facts, one table per latency series (in ns, then as multiples of the
 * floor), the Java/C comparison, the first failovers, the goals and the whole failover budget; for a trigger profile,
 * the bond, the failovers made and the chain beside doctor's prediction instead of the floor and the budget line.
 */
final class TextReport
{
    private static final String ROW = "%-12s %7s %7s %7s";

    private final ReportModel model;

    /**
     * @param model the report to print.
     */
    TextReport(final ReportModel model)
    {
        this.model = model;
    }

    void print(final PrintWriter out)
    {
        final ReportModel.Machine m = model.machine();
        final ReportModel.Run run = model.run();
        final ReportModel.Floor floor = model.floor();
        final ReportModel.Trigger trigger = model.trigger();
        if (trigger != null)
        {
            out.println("exabond profile --trigger: " + trigger.bond() + " failed over for real by " +
                (trigger.kind().equals(TriggerKind.CARRIER.option()) ? "taking its active slave's link down" :
                    "writing its active_slave") + ", timed from just before the trigger to the listener's entry " +
                "(CLOCK_MONOTONIC = System.nanoTime()), in ns");
        }
        else
        {
            out.println("exabond profile: from the publisher's changed_ns to the entry of the poller's listener " +
                "(what the application experiences), with the poller's detection of word 0 beside it, both " +
                "CLOCK_MONOTONIC = System.nanoTime(), in ns");
        }
        out.println("machine:   " + m.nproc() + " CPUs, " + m.cpuModel() + ", kernel " + m.kernel() + ", clocksource " +
            m.clocksource() + ", JDK " + m.jdk());
        out.println("load:      " + m.loadAtStart() + " at start, " + m.loadAtEnd() + " at end (1/5/15 min)");
        out.println("publisher: " + run.publisher());
        out.println("poller:    this JVM, FailoverPoller on an AgentRunner thread" +
            (trigger != null ? " (idle " + trigger.idle() + ")" : "") + ", CPU " + Profiler.cpuText(run.pollerCpu()) +
            (run.pollerCpu() >= 0 && trigger == null ? " (this JVM's other threads kept off it)" : ""));
        out.printf(Locale.ROOT, "clock:     one System.nanoTime() read costs %.1f ns%n", m.clockReadNs());
        if (floor.oneWayNs() > 0)
        {
            out.printf(Locale.ROOT, "floor:     cache-line one-way between two processes %.1f ns (ping-pong round " +
                "trip / 2, median of %d batches of %d; fastest batch %.1f ns)%n", floor.oneWayNs(), floor.batches(),
                floor.roundTripsPerBatch(), floor.fastestBatchNs());
        }
        else
        {
            out.println("floor:     not measured: what a trigger times is the kernel's and the publisher's work, " +
                "far above a cache line's trip");
        }
        if (trigger != null)
        {
            out.println("bond:      " + ReportPhrases.bond(trigger));
            out.println("gaps:      " + ReportPhrases.gaps(trigger));
        }
        if (!run.timed())
        {
            out.println("note:      the page has no status block (a kernel page): failovers were counted but cannot " +
                "be timed");
        }
        out.println();
        if (!model.strategies().isEmpty())
        {
            final ReportModel.Warmup warmup = model.warmup();
            out.println(trigger != null ? "warm-up:   " + ReportPhrases.warmup(trigger) :
                "warm-up:   " + warmup.perStrategy() + " failovers per strategy discarded at its start (" +
                    warmup.seen() + " seen, " + warmup.missed() + " missed)");
            tables(out, model.strategies(), null);
        }
        final ReportModel.Comparison comparison = model.comparison();
        if (comparison != null)
        {
            out.println();
            out.println("Java vs C, busy spin, same publisher, " + comparison.rounds() + " alternating rounds each; " +
                comparison.roundWarmup() + " failovers discarded at the start of every round (java " +
                comparison.java().warmupSeen() + " seen + " + comparison.java().warmupMissed() + " missed, c " +
                comparison.c().warmupSeen() + " seen + " + comparison.c().warmupMissed() + " missed)");
            tables(out, List.of(comparison.java(), comparison.c()), comparison);
            out.println(ReportPhrases.otherThreads(comparison));
        }
        if (model.firstFailovers() != null)
        {
            out.println();
            out.println(ReportPhrases.firstFailovers(model.firstFailovers()));
        }
        if (trigger != null)
        {
            out.println();
            out.println(ReportPhrases.failovers(trigger));
            out.println();
            chain(out, trigger);
            out.println();
            out.println("restored:  " + (trigger.restored().isEmpty() ? "nothing to put back (" +
                trigger.originalActive() + " is active, every link up)" : String.join("; ", trigger.restored())));
        }
        out.println();
        out.println("goals:");
        for (final Goal goal : model.goals())
        {
            out.println("  " + ReportPhrases.goal(goal));
        }
        if (trigger == null)
        {
            out.println();
            out.println(budgetLine(model.budget()));
        }
    }

    /**
     * The chain term by term: doctor's prediction beside the p50, p99 and max measured.
     */
    private static void chain(final PrintWriter out, final ReportModel.Trigger trigger)
    {
        out.println("the chain, doctor's prediction beside what was measured (p50 / p99 / max):");
        for (final ReportModel.ChainTerm term : trigger.chain())
        {
            out.println(String.format(Locale.ROOT, "  %-34s %s", term.term() + ":", "doctor: " + term.predicted()));
            out.println(String.format(Locale.ROOT, "  %-34s %s", "", "measured: " +
                ReportPhrases.measured(term.measured()) + " (" + term.note() + ")"));
        }
    }

    /**
     * One table per series that these pollers measured, the comparison's ratios under its word-0 table, then the
     * notes on any poller whose figures need a second look.
     */
    private void tables(final PrintWriter out, final List<ReportModel.Poller> pollers,
        final ReportModel.Comparison comparison)
    {
        for (final LatencySeries.Kind kind : model.kinds())
        {
            final List<ReportModel.Poller> rows = pollers.stream().filter(p -> p.latency(kind) != null).toList();
            if (rows.isEmpty())
            {
                continue;
            }
            out.println(kind.title() + " (ns):");
            final StringBuilder header = new StringBuilder(String.format(Locale.ROOT, ROW, "poller", "count",
                "missed", "untimed"));
            for (final ReportModel.Percentile p : rows.getFirst().latency(kind).percentiles())
            {
                header.append(String.format(Locale.ROOT, " %8s", p.label()));
            }
            out.println(header);
            for (final ReportModel.Poller poller : rows)
            {
                final ReportModel.Latency latency = poller.latency(kind);
                final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, ROW, poller.name(),
                    latency.count(), poller.missed(), poller.untimed()));
                latency.percentiles().forEach(p -> line.append(String.format(Locale.ROOT, " %8d", p.ns())));
                out.println(line);
            }
            if (model.floor().oneWayNs() > 0)
            {
                out.printf(Locale.ROOT, "as multiples of the floor (%.1f ns):%n", model.floor().oneWayNs());
                for (final ReportModel.Poller poller : rows)
                {
                    final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, ROW, poller.name(), "",
                        "", ""));
                    poller.latency(kind).percentiles().forEach(p -> line.append(String.format(Locale.ROOT, " %8s",
                        ReportPhrases.multiple(p.floorMultiple()))));
                    out.println(line);
                }
            }
            if (comparison != null && kind.equals(comparison.java().primary().kind()))
            {
                final StringBuilder ratios = new StringBuilder(String.format(Locale.ROOT, ROW, "java/c", "", "", ""));
                comparison.ratios().forEach(r -> ratios.append(String.format(Locale.ROOT, " %8s",
                    ReportPhrases.ratio(r.javaOverC()))));
                out.println(ratios);
            }
        }
        for (final ReportModel.Poller poller : pollers)
        {
            final List<String> problems = ReportPhrases.problems(poller);
            if (!problems.isEmpty())
            {
                out.println("note: " + poller.name() + ": " + String.join("; ", problems));
            }
        }
    }

    private static String budgetLine(final ReportModel.Budget budget)
    {
        final int detection = budget.bondingDetectionMs();
        return "failover budget: bonding driver detection up to " +
            (detection < 0 ? "miimon/arp_interval (unknown: no status block)" :
                detection == 0 ? "never (miimon and arp_interval are off: SmartNIC ports send no link-down event)" :
                    detection + " ms (miimon " + budget.miimonMs() + ", arp_interval " + budget.arpIntervalMs() + ")") +
            (budget.bridge() != null ? " + publisher: " + budget.bridge().describe() :
                " + exasock monitor interval up to " + (budget.monitorIntervalMs() < 0 ? "min(miimon, arp_interval)" :
                    budget.monitorIntervalMs() + " ms")) +
            " + poll delay " + (budget.pollDelayNs() > 0 ? "(p99 " + budget.pollDelayNs() + " ns, " +
                budget.pollDelayFrom() + ")" : "(not measured)") +
            ": the nanoseconds above are only the last term.";
    }
}
