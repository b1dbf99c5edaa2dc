package io.exabond.profile;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The self-contained {@code report.html}: the run's facts; per latency series a chart by percentile
 * ({@link PercentileChart}) and over the run ({@link TimelineChart}); the tables; the goals, coloured by whether they
 * were met; and the whole failover budget, drawn to scale so that nobody mistakes the poll delay for the end-to-end
 * time, or, for a trigger profile, the measured chain beside doctor's prediction. No scripts, no external files.
 */
final class HtmlReport
{
    private static final String STYLE = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;" +
        "color:#222;max-width:1000px}\n" +
        // Nothing may be cut off in a narrow window (900 px): charts scale down, long values wrap, a table too wide
        // for the window scrolls inside its own box rather than past the page's edge.
        "svg{max-width:100%;height:auto;display:block}div.wide{overflow-x:auto}\n" +
        "dd{overflow-wrap:anywhere}tr.flag td{background:#fdecea}ul.flags li{color:#c62828}" +
        "td:first-child{white-space:nowrap}\n" +
        "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:14px;margin:16px 0 6px}\n" +
        "table{border-collapse:collapse;font-size:13px}td,th{padding:3px 7px;border-bottom:1px solid #ddd;" +
        "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}\n" +
        "dl{display:grid;grid-template-columns:130px minmax(0,1fr);gap:2px 12px;font-size:13px;margin:0}" +
        "dt{color:#666}dd{margin:0}\n.met{color:#1a7f37;font-weight:600}.not{color:#c62828;font-weight:600}" +
        ".unmeasured{color:#666}\n" +
        "p.note{font-size:13px;color:#444;max-width:900px}td.l,th.l{text-align:left}\n" +
        "svg text{font-family:system-ui,sans-serif}\n";

    private final ReportModel model;

    /**
     * @param model the report to render.
     */
    HtmlReport(final ReportModel model)
    {
        this.model = model;
    }

    String render()
    {
        final StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
            .append("<title>exabond profile</title>\n<style>\n").append(STYLE).append("</style></head><body>\n");
        final ReportModel.Trigger trigger = model.trigger();
        if (trigger != null)
        {
            h.append("<h1>exabond profile --trigger: ").append(Svg.escape(trigger.bond()))
                .append(" failed over, from the trigger to the listener</h1>\n");
            h.append("<p class=\"note\">Each failover of the real bond is timed from just before the trigger to ")
                .append("points on its way to a <code>FailoverPoller</code>'s listener, all ")
                .append("<code>CLOCK_MONOTONIC</code> ")
                .append("(<code>System.nanoTime()</code>; the publisher's <code>changed_ns</code> too), in ns. The ")
                .append("chain beside doctor's prediction for the same bond is at the end.</p>\n");
        }
        else
        {
            h.append("<h1>exabond profile: how quickly a failover is noticed</h1>\n");
            h.append("<p class=\"note\">Publisher-to-detection latency: from the publisher's <code>changed_ns</code> ")
                .append("to a point on the poller's path, both <code>CLOCK_MONOTONIC</code> (<code>System.nanoTime()")
                .append("</code>), in ns.</p>\n");
        }
        facts(h);
        if (!model.run().timed())
        {
            h.append("<p class=\"note\"><b>The page has no status block</b> (a kernel page): failovers were counted, ")
                .append("but there is no publisher time to measure their latency against.</p>\n");
        }
        flags(h);

        final List<ReportModel.Poller> pollers = model.pollers();
        final double floor = model.floor().oneWayNs();
        for (final LatencySeries.Kind kind : model.kinds())
        {
            h.append("<h2 id=\"chart-").append(Svg.escape(kind.id())).append("\">Latency by percentile: ")
                .append(Svg.escape(kind.title())).append("</h2>\n");
            h.append(new PercentileChart(pollers, kind, floor).render());
            h.append("<h2 id=\"over-time-").append(Svg.escape(kind.id())).append("\">Latency over the run: ")
                .append(Svg.escape(kind.title())).append("</h2>\n");
            h.append(new TimelineChart(pollers, kind, floor).render());
        }
        h.append("<h2>Percentiles (ns)</h2>\n");
        for (final LatencySeries.Kind kind : model.kinds())
        {
            h.append("<h3>").append(Svg.escape(kind.title())).append("</h3>\n");
            table(h, kind, false);
        }
        h.append("<p class=\"note\"><b>count</b>: measured failovers with a latency. <b>missed</b>: failovers the ")
            .append("poller never saw as a change of word 0: the status block's generation jumped over them (two ")
            .append("changes between two polls, e.g. A to B to A), so they have no latency and are not in the ")
            .append("percentiles. <b>untimed</b>: failovers seen but without a latency: seen right after missed ones ")
            .append("(word 0 may then be an earlier publication of the same slave than the block's changed_ns), or ")
            .append("while the block could not be read (publisher preempted mid-write); not in the percentiles ")
            .append("either. count + missed + untimed = the failovers asked. <b>warm-up</b>: failovers discarded at ")
            .append("the start, seen / missed.</p>\n");
        if (floor > 0)
        {
            h.append("<h2>As multiples of the floor (").append(String.format(Locale.ROOT, "%.1f", floor))
                .append(" ns)</h2>\n");
            for (final LatencySeries.Kind kind : model.kinds())
            {
                h.append("<h3>").append(Svg.escape(kind.title())).append("</h3>\n");
                table(h, kind, true);
            }
        }
        if (trigger != null)
        {
            h.append("<p class=\"note\">").append(Svg.escape(ReportPhrases.failovers(trigger)))
                .append(". In these tables <b>missed</b> counts the failovers that timed out.</p>\n");
        }
        final ReportModel.Comparison comparison = model.comparison();
        if (comparison != null)
        {
            final String others = ReportPhrases.otherThreads(comparison);
            h.append("<p class=\"note\">java-spin and c-spin: ").append(comparison.rounds())
                .append(" alternating rounds each against the same publisher; java/c at p50 ")
                .append(ReportPhrases.ratio(comparison.ratio("p50"))).append(", at p99 ")
                .append(ReportPhrases.ratio(comparison.ratio("p99"))).append(". ")
                .append(Svg.escape(Character.toUpperCase(others.charAt(0)) + others.substring(1))).append(".</p>\n");
        }
        final ReportModel.FirstFailovers first = model.firstFailovers();
        if (first != null)
        {
            h.append("<h2 id=\"first\">First failover of a fresh JVM</h2>\n<p class=\"note\">")
                .append(Svg.escape(ReportPhrases.firstFailovers(first))).append(". Latencies in ns, sorted: ")
                .append(first.latenciesNs().stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")))
                .append(".</p>\n");
        }
        h.append("<h2 id=\"goals\">Goals</h2>\n<ul>\n");
        for (final Goal goal : model.goals())
        {
            final String css = goal.met() == null ? "unmeasured" : goal.met() ? "met" : "not";
            h.append("<li class=\"").append(css).append("\">").append(Svg.escape(ReportPhrases.goal(goal)))
                .append("</li>\n");
        }
        h.append("</ul>\n");
        if (trigger != null)
        {
            chain(h, trigger);
        }
        else
        {
            h.append("<h2 id=\"budget\">The whole failover budget</h2>\n");
            BudgetHtml.render(h, model.budget());
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private void facts(final StringBuilder h)
    {
        final ReportModel.Machine m = model.machine();
        final ReportModel.Run run = model.run();
        final ReportModel.Floor floor = model.floor();
        h.append("<dl>\n");
        item(h, "machine", m.nproc() + " CPUs, " + m.cpuModel() + ", kernel " + m.kernel());
        item(h, "JDK", m.jdk());
        item(h, "clock", "CLOCK_MONOTONIC, clocksource " + m.clocksource() +
            String.format(Locale.ROOT, "; one System.nanoTime() read %.1f ns", m.clockReadNs()));
        final ReportModel.Trigger trigger = model.trigger();
        item(h, "floor", floor.oneWayNs() > 0 ? String.format(Locale.ROOT, "%.1f ns: cache-line one-way between " +
            "two processes (ping-pong round trip / 2, median of %d batches of %d)", floor.oneWayNs(), floor.batches(),
            floor.roundTripsPerBatch()) : "not measured: what a trigger times is the kernel's and the publisher's " +
            "work, far above a cache line's trip");
        item(h, "load", m.loadAtStart() + " at start, " + m.loadAtEnd() + " at end (1/5/15 min)");
        if (trigger != null)
        {
            item(h, "bond", ReportPhrases.bond(trigger));
            item(h, "gaps", ReportPhrases.gaps(trigger));
        }
        item(h, "publisher", run.publisher());
        item(h, "poller", "FailoverPoller on an AgentRunner thread" + (trigger != null ? " (idle " + trigger.idle() +
            ")" : "") + ", CPU " + Profiler.cpuText(run.pollerCpu()));
        item(h, "command", run.command());
        item(h, "warm-up", trigger != null ? ReportPhrases.warmup(trigger) : model.warmup().perStrategy() +
            " failovers per strategy discarded" + (model.comparison() != null ? ", " +
                model.comparison().roundWarmup() + " per comparison round" : ""));
        item(h, "run time", String.format(Locale.ROOT, "%.1f s", run.elapsedMs() / 1000.0));
        h.append("</dl>\n");
    }

    /**
     * The measured chain beside doctor's predicted budget for the same bond, term by term, and what was put back.
     */
    private static void chain(final StringBuilder h, final ReportModel.Trigger trigger)
    {
        h.append("<h2 id=\"chain\">The chain, beside doctor's prediction</h2>\n");
        h.append("<p class=\"note\">Doctor predicts a failover's budget for ").append(Svg.escape(trigger.bond()))
            .append(" term by term (<code>exabond doctor ").append(Svg.escape(trigger.bond()))
            .append("</code>): the bonding driver's detection, the publisher's term, the reader's poll delay. ")
            .append("Beside each, what this run measured of it (p50 / p99 / max). A term that cannot be measured ")
            .append("apart is measured with its neighbour, as its note says.</p>\n");
        h.append("<div class=\"wide\"><table><tr><th>term</th><th class=\"l\">doctor predicts</th><th>p50</th>")
            .append("<th>p99</th><th>max</th><th>count</th><th class=\"l\">measured as</th></tr>\n");
        for (final ReportModel.ChainTerm term : trigger.chain())
        {
            final ReportModel.Latency latency = term.measured();
            final boolean some = latency != null && latency.count() > 0;
            h.append("<tr><td>").append(Svg.escape(term.term())).append("</td><td class=\"l\">")
                .append(Svg.escape(term.predicted())).append("</td>");
            for (final String label : new String[] {"p50", "p99", ReportModel.MAX})
            {
                h.append("<td>").append(some ? ReportPhrases.nanos(latency.at(label).ns()) : "-").append("</td>");
            }
            h.append("<td>").append(latency == null ? "-" : Long.toString(latency.count())).append("</td>")
                .append("<td class=\"l\">").append(Svg.escape(term.note())).append("</td></tr>\n");
        }
        h.append("</table></div>\n");
        h.append("<h3>Put back at the end</h3>\n<ul>\n");
        if (trigger.restored().isEmpty())
        {
            h.append("<li>nothing to put back: ").append(Svg.escape(trigger.originalActive()))
                .append(" was active and every link up</li>\n");
        }
        for (final String line : trigger.restored())
        {
            h.append("<li>").append(Svg.escape(line)).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private void table(final StringBuilder h, final LatencySeries.Kind kind, final boolean multiples)
    {
        final List<ReportModel.Poller> rows = model.pollersWith(kind);
        h.append("<div class=\"wide\"><table><tr><th>poller</th>");
        if (!multiples)
        {
            h.append("<th title=\"measured failovers with a latency\">count</th>")
                .append("<th title=\"never seen as a change of word 0: the generation jumped over them\">missed</th>")
                .append("<th title=\"seen, but without a latency\">untimed</th>")
                .append("<th>warm-up seen / missed</th>");
        }
        if (!rows.isEmpty())
        {
            rows.getFirst().latency(kind).percentiles()
                .forEach(p -> h.append("<th>").append(Svg.escape(p.label())).append("</th>"));
        }
        h.append("</tr>\n");
        for (final ReportModel.Poller s : rows)
        {
            h.append(s.flagged() ? "<tr class=\"flag\"><td>" : "<tr><td>").append(Svg.escape(s.name()))
                .append(s.flagged() ? " &#9888;" : "").append("</td>");
            final ReportModel.Latency latency = s.latency(kind);
            if (!multiples)
            {
                h.append("<td>").append(latency.count()).append("</td><td>").append(s.missed()).append("</td><td>")
                    .append(s.untimed()).append("</td><td>").append(s.warmupSeen()).append(" / ")
                    .append(s.warmupMissed()).append("</td>");
            }
            for (final ReportModel.Percentile p : latency.percentiles())
            {
                h.append("<td>").append(multiples ? ReportPhrases.multiple(p.floorMultiple()) : Long.toString(p.ns()))
                    .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table></div>\n");
    }

    private void flags(final StringBuilder h)
    {
        final List<ReportModel.Poller> flagged = model.pollers().stream().filter(ReportModel.Poller::flagged).toList();
        if (flagged.isEmpty())
        {
            return;
        }
        h.append("<p class=\"note\"><b>Read these pollers' figures with care</b>: their percentiles are of fewer ")
            .append("failovers than asked or of a disturbed run, and a missed failover is one the application would ")
            .append("have noticed late or not at all.</p>\n<ul class=\"flags\">\n");
        for (final ReportModel.Poller p : flagged)
        {
            h.append("<li>").append(Svg.escape(p.name() + ": " + String.join("; ", ReportPhrases.problems(p))))
                .append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private static void item(final StringBuilder h, final String name, final String value)
    {
        h.append("<dt>").append(Svg.escape(name)).append("</dt><dd>").append(Svg.escape(value)).append("</dd>\n");
    }
}
