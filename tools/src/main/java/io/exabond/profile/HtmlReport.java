package io.exabond.profile;

import io.exabond.sysfs.BridgeTerm;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The self-contained {@code report.html}: the run's facts, the tables, and one SVG chart of every poller's
 * latency by percentile on a log-scaled percentile axis (x = 1/(1-p), as HdrHistogram's plotter draws it), with
 * the floor drawn across, and the whole failover budget so that nobody mistakes the poll delay for the end-to-end
 * time. No scripts, no external files.
 */
final class HtmlReport
{
    static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"};
    private static final int WIDTH = 960;
    private static final int HEIGHT = 520;
    private static final int LEFT = 96;
    private static final int RIGHT = 170;
    private static final int TOP = 20;
    private static final int BOTTOM = 60;

    private final ProfileResult result;
    private final ProfileReport report;

    HtmlReport(final ProfileResult result, final ProfileReport report)
    {
        this.result = result;
        this.report = report;
    }

    String render()
    {
        final MachineInfo m = result.machine();
        final StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
            .append("<title>exabond profile</title>\n<style>\n")
            .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;" +
                "max-width:1000px}\n")
            // Nothing may be cut off in a narrow window (900 px): charts scale down, long values wrap, a table
            // too wide for the window scrolls inside its own box rather than past the page's edge.
            .append("svg{max-width:100%;height:auto;display:block}div.wide{overflow-x:auto}\n")
            .append("dd{overflow-wrap:anywhere}tr.flag td{background:#fdecea}ul.flags li{color:#c62828}" +
                "td:first-child{white-space:nowrap}\n")
            .append("h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}\n")
            .append("table{border-collapse:collapse;font-size:13px}td,th{padding:3px 7px;border-bottom:1px solid #ddd;")
            .append("text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}\n")
            .append("dl{display:grid;grid-template-columns:130px minmax(0,1fr);gap:2px 12px;font-size:13px;" +
                "margin:0}")
            .append("dt{color:#666}dd{margin:0}\n.met{color:#1a7f37;font-weight:600}.not{color:#c62828;" +
                "font-weight:600}\n")
            .append("p.note{font-size:13px;color:#444;max-width:900px}td.l,th.l{text-align:left}\n")
            .append("svg text{font-family:system-ui,sans-serif}\n</style></head><body>\n");
        h.append("<h1>exabond profile: how quickly a failover is noticed</h1>\n");
        h.append("<p class=\"note\">Publisher-to-detection latency: from the publisher's <code>" +
            "changed_ns</code> to the ")
            .append("poller's detection, both <code>CLOCK_MONOTONIC</code> (<code>System.nanoTime()</code>" +
                "), in ns.</p>\n");
        h.append("<dl>\n");
        item(h, "machine", m.nproc() + " CPUs, " + m.cpuModel() + ", kernel " + m.kernel());
        item(h, "JDK", m.jdk());
        item(h, "clock", "CLOCK_MONOTONIC, clocksource " + m.clocksource() +
            String.format(Locale.ROOT, "; one System.nanoTime() read %.1f ns", result.clockReadNs()));
        item(h, "floor", String.format(Locale.ROOT, "%.1f ns: cache-line one-way between two processes " +
            "(ping-pong round trip / 2, median of %d batches of %d)", result.floor().oneWayNs(),
                result.floor().batches(),
            result.floor().perBatch()));
        item(h, "load", m.loadAverage() + " at start, " + result.loadAtEnd() + " at end (1/5/15 min)");
        item(h, "publisher", result.publisher());
        item(h, "poller", "FailoverPoller on an AgentRunner thread, CPU " +
            Profiler.cpuText(result.options().pollerCpu()));
        item(h, "command", result.options().commandLine());
        item(h, "warm-up", result.options().warmup() + " failovers per strategy discarded" +
            (result.comparison() != null ? ", " + result.comparison().roundWarmup() + " per comparison round" : ""));
        item(h, "run time", String.format(Locale.ROOT, "%.1f s", result.elapsedMs() / 1000.0));
        h.append("</dl>\n");
        if (!result.timed())
        {
            h.append("<p class=\"note\"><b>The page has no status block</b> (a kernel page): failovers were counted, ")
                .append("but there is no publisher time to measure their latency against.</p>\n");
        }

        flags(h);
        h.append("<h2 id=\"chart\">Latency by percentile</h2>\n");
        h.append(chart());
        h.append("<h2 id=\"over-time\">Latency over the run</h2>\n");
        h.append(new TimelineChart(report.pollers(), result.floor().oneWayNs()).render());
        h.append("<h2>Percentiles (ns)</h2>\n");
        table(h, report.pollers(), false);
        h.append("<p class=\"note\"><b>count</b>: measured failovers with a latency. <b>missed</b>: failovers the ")
            .append("poller never saw as a change of word 0: the status block's generation jumped over them (two ")
            .append("changes between two polls, e.g. A to B to A), so they have no latency and are not in the ")
            .append("percentiles. <b>untimed</b>: failovers seen but without a latency: seen right after missed ones ")
            .append("(word 0 may then be an earlier publication of the same slave than the block's changed_ns), or ")
            .append("while the block could not be read (publisher preempted mid-write); not in the percentiles ")
            .append("either. count + missed + untimed = the failovers asked. <b>warm-up</b>: failovers discarded at ")
            .append("the start, seen / missed.</p>\n");
        h.append("<h2>As multiples of the floor (").append(String.format(Locale.ROOT, "%.1f",
            result.floor().oneWayNs()))
            .append(" ns)</h2>\n");
        table(h, report.pollers(), true);
        if (result.comparison() != null)
        {
            h.append("<p class=\"note\">java-spin and c-spin: ").append(result.options().rounds())
                .append(" alternating rounds each against the same publisher; java/c at p50 ")
                .append(String.format(Locale.ROOT, "%.2fx, at p99 %.2fx.", result.comparison().ratio(50),
                    result.comparison().ratio(99)))
                // The reports' sentence, capitalised: here it starts one.
                .append(" O").append(escape(result.comparison().otherThreadsText().substring(1))).append(".</p>\n");
        }
        if (!result.firstFailovers().isEmpty())
        {
            h.append("<h2 id=\"first\">First failover of a fresh JVM</h2>\n<p class=\"note\">")
                .append(escape(report.firstFailoverLine())).append(". Latencies in ns, sorted: ")
                .append(escape(result.firstFailovers().stream().mapToLong(FirstFailover.Sample::latencyNs).sorted()
                    .mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(", "))))
                .append(".</p>\n");
        }
        h.append("<h2 id=\"goals\">Goals</h2>\n<ul>\n");
        for (final String goal : report.goals())
        {
            final String css = goal.contains("NOT met") ? "not" : goal.contains(": met") ? "met" : "";
            h.append("<li class=\"").append(css).append("\">").append(escape(goal)).append("</li>\n");
        }
        h.append("</ul>\n");
        h.append("<h2 id=\"budget\">The whole failover budget</h2>\n");
        h.append(budget());
        h.append("</body></html>\n");
        return h.toString();
    }

    private String chart()
    {
        final List<StrategyResult> pollers = new ArrayList<>();
        for (final StrategyResult s : report.pollers())
        {
            if (s.count() > 0)
            {
                pollers.add(s);
            }
        }
        final StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
            .append("\" role=\"img\" aria-label=\"latency by percentile\">\n");
        svg.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
            .append("\" fill=\"white\"/>\n");
        if (pollers.isEmpty())
        {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                .append("\" text-anchor=\"middle\" font-size=\"15\">no timed failovers to plot</text></svg>\n");
            return svg.toString();
        }
        long maxCount = 1;
        long maxValue = 1;
        long minValue = Long.MAX_VALUE;
        for (final StrategyResult s : pollers)
        {
            maxCount = Math.max(maxCount, s.count());
            maxValue = Math.max(maxValue, s.max());
            minValue = Math.min(minValue, Math.max(1, s.histogram().getMinValue()));
        }
        final int decadesX = (int)Math.max(2, Math.min(6, Math.ceil(Math.log10(maxCount))));
        final double floor = result.floor().oneWayNs();
        final double yLow = Math.pow(10, Math.floor(Math.log10(Math.min(minValue, floor > 0 ? floor : minValue))));
        final double yHigh = Math.pow(10, Math.ceil(Math.log10(maxValue * 1.05)));
        final Scale scale = new Scale(decadesX, Math.log10(yLow), Math.log10(yHigh));

        // Grid and axes.
        svg.append("<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
        for (int d = 0; d <= decadesX; d++)
        {
            final double x = scale.x(d);
            svg.append(line(x, TOP, x, HEIGHT - BOTTOM));
        }
        for (double decade = Math.log10(yLow); decade <= Math.log10(yHigh) + 1e-9; decade++)
        {
            for (final int k : new int[] {1, 2, 5})
            {
                final double v = Math.log10(k) + decade;
                if (v <= Math.log10(yHigh) + 1e-9)
                {
                    svg.append(line(LEFT, scale.y(v), WIDTH - RIGHT, scale.y(v)));
                }
            }
        }
        svg.append("</g>\n<g font-size=\"12\" fill=\"#333\">\n");
        for (int d = 0; d <= decadesX; d++)
        {
            final String label = d == 0 ? "0%" : percentLabel(100 - 100 / Math.pow(10, d));
            svg.append(text(scale.x(d), HEIGHT - BOTTOM + 18, "middle", label));
        }
        for (double decade = Math.log10(yLow); decade <= Math.log10(yHigh) + 1e-9; decade++)
        {
            for (final int k : new int[] {1, 2, 5})
            {
                final double v = Math.log10(k) + decade;
                if (v <= Math.log10(yHigh) + 1e-9)
                {
                    svg.append(text(LEFT - 8, scale.y(v) + 4, "end", nanos(Math.pow(10, v))));
                }
            }
        }
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 18, "middle",
            "percentile (log scale of 1/(1-p))"));
        svg.append("<text x=\"18\" y=\"").append((TOP + HEIGHT - BOTTOM) / 2).append("\" text-anchor=\"middle\" ")
            .append("transform=\"rotate(-90 18 ").append((TOP + HEIGHT - BOTTOM) / 2)
            .append(")\">latency (log scale)</text>\n</g>\n");
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
            .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(HEIGHT - TOP - BOTTOM)
            .append("\" fill=\"none\" stroke=\"#999\"/>\n");

        // The floor.
        if (floor > 0)
        {
            final double y = scale.y(Math.log10(floor));
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(fmt(y)).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(fmt(y))
                .append("\" stroke=\"#555\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n");
            svg.append(text(LEFT + 6, y - 5, "start", String.format(Locale.ROOT,
                "floor: cache-line one-way %.0f ns", floor)).replace("fill=\"#333\"", "fill=\"#555\""));
        }

        // One curve per poller, and its legend entry.
        int index = 0;
        for (final StrategyResult s : pollers)
        {
            final String colour = COLOURS[index % COLOURS.length];
            final StringBuilder points = new StringBuilder();
            for (final HistogramIterationValue v : s.histogram().percentiles(5))
            {
                final double p = v.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 1.0)
                {
                    break;
                }
                final double x = Math.log10(1 / (1 - p));
                if (x > decadesX)
                {
                    break;
                }
                points.append(fmt(scale.x(x))).append(',')
                    .append(fmt(scale.y(Math.log10(Math.max(1, v.getValueIteratedTo()))))).append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                .append(points.toString().trim()).append("\"/>\n");
            final double ly = TOP + 14 + index * 20;
            final double lx = WIDTH - RIGHT + 14;
            svg.append("<line x1=\"").append(fmt(lx)).append("\" y1=\"").append(fmt(ly - 4)).append("\" x2=\"")
                .append(fmt(lx + 22)).append("\" y2=\"").append(fmt(ly - 4)).append("\" stroke=\"").append(colour)
                .append("\" stroke-width=\"3\"/>\n");
            svg.append("<text x=\"").append(fmt(lx + 28)).append("\" y=\"").append(fmt(ly))
                .append("\" font-size=\"12\">").append(escape(s.name())).append(" (").append(s.count())
                .append(")</text>\n");
            index++;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private String budget()
    {
        final int detection = result.bondingDetectionMs();
        final double monitor = result.publisherTermMs();
        final BridgeTerm term = result.bridgeTerm();
        final String publisherPart = term == null ? "exasock monitor interval" : term.measured() ?
            "the event-driven bridge's reaction" : term.eventDriven() ? "the event-driven bridge's full re-read" :
            "the polling bridge's interval";
        final long poll = result.spinP99Ns();
        final StringBuilder h = new StringBuilder();
        h.append("<p class=\"note\">A failover becomes visible to an application after the bonding driver notices ")
            .append("the link is down (up to one <code>miimon</code>/<code>arp_interval</code>), plus up to one ")
            .append("exasock monitor interval (the extension polls the bonding driver), plus the poller's own delay. ")
            .append("Only the last is measured above, and it is the only one this library can make small.</p>\n");
        h.append("<div class=\"wide\"><table><tr><th>part</th><th>up to</th><th class=\"l\">source</th></tr>\n");
        h.append("<tr><td>bonding driver detection</td><td>")
            .append(detection < 0 ? "miimon/arp_interval" : detection == 0 ? "never (no monitor on)" : detection +
                " ms")
            .append("</td><td class=\"l\">the bond's miimon ").append(result.miimonMs()).append(" ms, arp_interval ")
            .append(result.arpIntervalMs()).append(" ms (from the status block)</td></tr>\n");
        h.append("<tr><td>").append(publisherPart)
            .append("</td><td>").append(monitor < 0 ? "?" : nanos(monitor * 1e6))
            .append("</td><td class=\"l\">").append(escape(result.publisherTermSource())).append("</td></tr>\n");
        h.append("<tr><td>poll delay (busy-spin p99)</td><td>").append(poll > 0 ? nanos(poll) : "not measured")
            .append("</td><td class=\"l\">this run: changed_ns to detection</td></tr>\n");
        if (detection > 0 && monitor > 0 && poll > 0)
        {
            h.append("<tr><th>total</th><th>").append(nanos(detection * 1e6 + monitor * 1e6 + poll))
                .append("</th><th class=\"l\">of which this library's part is the last row</th></tr>\n");
        }
        h.append("</table></div>\n");
        if (detection > 0 && monitor > 0 && poll > 0)
        {
            final double totalMs = detection + monitor + poll / 1e6;
            final int barWidth = 800;
            final double d = detection / totalMs * barWidth;
            final double mo = monitor / totalMs * barWidth;
            final double po = Math.max(1, poll / 1e6 / totalMs * barWidth);
            h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(barWidth + 20)
                .append("\" height=\"70\" viewBox=\"0 0 ").append(barWidth + 20)
                .append(" 70\" role=\"img\" aria-label=\"failover budget\">\n")
                .append("<rect x=\"0\" y=\"10\" width=\"").append(fmt(d)).append(
                    "\" height=\"26\" fill=\"#9ecae1\"/>\n")
                .append("<rect x=\"").append(fmt(d)).append("\" y=\"10\" width=\"").append(fmt(mo))
                .append("\" height=\"26\" fill=\"#fdae6b\"/>\n")
                .append("<rect x=\"").append(fmt(d + mo)).append("\" y=\"6\" width=\"").append(fmt(po))
                .append("\" height=\"34\" fill=\"#d62728\"/>\n")
                .append(text(d / 2, 28, "middle", "bonding detection " + detection + " ms"))
                .append(text(d + mo / 2, 28, "middle",
                    publisherPart + " " + nanos(monitor * 1e6)))
                .append(text(barWidth, 58, "end", String.format(Locale.ROOT,
                    "poll delay %s = %.5f%% of %.1f ms (the red sliver, drawn at least 1 px wide)", nanos(poll),
                    poll / 1e6 / totalMs * 100, totalMs)))
                .append("</svg>\n");
        }
        return h.toString();
    }

    private void table(final StringBuilder h, final List<StrategyResult> rows, final boolean multiples)
    {
        h.append("<div class=\"wide\"><table><tr><th>poller</th>");
        if (!multiples)
        {
            h.append("<th title=\"measured failovers with a latency\">count</th>")
                .append("<th title=\"never seen as a change of word 0: the generation jumped over them\">missed</th>")
                .append("<th title=\"seen, but without a latency\">untimed</th>")
                .append("<th>warm-up seen / missed</th>");
        }
        for (final double p : StrategyResult.PERCENTILES)
        {
            h.append("<th>p").append(ProfileReport.percentileName(p)).append("</th>");
        }
        h.append("<th>max</th></tr>\n");
        final double floor = result.floor().oneWayNs();
        for (final StrategyResult s : rows)
        {
            h.append(problem(s) != null ? "<tr class=\"flag\"><td>" : "<tr><td>").append(escape(s.name()))
                .append(problem(s) != null ? " &#9888;" : "").append("</td>");
            if (!multiples)
            {
                h.append("<td>").append(s.count()).append("</td><td>").append(s.missed()).append("</td><td>")
                    .append(s.untimed()).append("</td><td>").append(s.warmupSeen()).append(" / ")
                    .append(s.warmupMissed()).append("</td>");
            }
            for (final double p : StrategyResult.PERCENTILES)
            {
                h.append("<td>").append(cell(s.at(p), floor, multiples)).append("</td>");
            }
            h.append("<td>").append(cell(s.max(), floor, multiples)).append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    /**
     * Failovers a poller was asked to measure: the run's {@code --flips}, or for each side of the Java/C comparison
     * its rounds times the failovers per round.
     */
    private long asked(final StrategyResult s)
    {
        final ProfileResult.Comparison comparison = result.comparison();
        final ProfileOptions o = result.options();
        if (comparison != null && (s == comparison.java() || s == comparison.c()))
        {
            return (long)o.rounds() * Math.max(1, o.flips() / o.rounds());
        }
        return o.flips();
    }

    /**
     * @return why a poller's figures need a second look (it missed failovers, or measured fewer than asked), or null.
     */
    private String problem(final StrategyResult s)
    {
        final long asked = asked(s);
        final List<String> why = new ArrayList<>();
        if (s.missed() > 0)
        {
            why.add("missed " + s.missed() + " failover" + (s.missed() == 1 ? "" : "s") + " (never seen as a change " +
                "of word 0)");
        }
        if (s.count() < asked)
        {
            why.add("measured " + s.count() + " of the " + asked + " asked" + (s.untimed() > 0 ? " (" + s.untimed() +
                " untimed)" : "") + (s.seen() + s.missed() < asked ? "; ran out of time after " +
                (s.seen() + s.missed()) + " accounted for" : ""));
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    private void flags(final StringBuilder h)
    {
        final List<String> lines = new ArrayList<>();
        for (final StrategyResult s : report.pollers())
        {
            final String problem = problem(s);
            if (problem != null)
            {
                lines.add(s.name() + ": " + problem);
            }
        }
        if (!lines.isEmpty())
        {
            h.append("<p class=\"note\"><b>Read these pollers' figures with care</b>: their percentiles are of ")
                .append("fewer failovers than asked, and a missed failover is one the application would have ")
                .append("noticed late or not at all.</p>\n<ul class=\"flags\">\n");
            for (final String line : lines)
            {
                h.append("<li>").append(escape(line)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
    }

    private static String cell(final long value, final double floor, final boolean multiple)
    {
        return multiple ? String.format(Locale.ROOT, "%.1fx", value / floor) : Long.toString(value);
    }

    private static void item(final StringBuilder h, final String name, final String value)
    {
        h.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    static String line(final double x1, final double y1, final double x2, final double y2)
    {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) + "\"/>\n";
    }

    static String text(final double x, final double y, final String anchor, final String text)
    {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" font-size=\"12\" " +
            "fill=\"#333\">" + escape(text) + "</text>\n";
    }

    private static String percentLabel(final double percent)
    {
        final String text = String.format(Locale.ROOT, "%.6f", percent).replaceAll("0+$", "").replaceAll("\\.$", "");
        return text + "%";
    }

    static String nanos(final double ns)
    {
        if (ns >= 1e6)
        {
            return trim(ns / 1e6) + " ms";
        }
        if (ns >= 1e3)
        {
            return trim(ns / 1e3) + " us";
        }
        return trim(ns) + " ns";
    }

    private static String trim(final double value)
    {
        // Ticks are 1, 2 and 5 times a power of ten, computed through logarithms: round before printing.
        final double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? Long.toString((long)rounded) : String.format(Locale.ROOT, "%.1f",
            rounded);
    }

    static String fmt(final double value)
    {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Maps decades to pixels.
     */
    private record Scale(int decadesX, double yLowLog, double yHighLog)
    {
        double x(final double decade)
        {
            return LEFT + decade / decadesX * (WIDTH - LEFT - RIGHT);
        }

        double y(final double log)
        {
            return HEIGHT - BOTTOM - (log - yLowLog) / (yHighLog - yLowLog) * (HEIGHT - TOP - BOTTOM);
        }
    }
}
