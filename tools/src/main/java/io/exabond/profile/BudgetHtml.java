package io.exabond.profile;

import java.util.Locale;

/**
 * The report's failover budget: a table of its three terms and a bar that draws them to scale, where the poll delay
 * is a red sliver.
 */
final class BudgetHtml
{
    private static final int BAR_WIDTH = 800;

    private BudgetHtml()
    {
    }

    static void render(final StringBuilder h, final ReportModel.Budget budget)
    {
        final int detection = budget.bondingDetectionMs();
        final double term = budget.publisherTermMs();
        final long poll = budget.pollDelayNs();
        h.append("<p class=\"note\">A failover becomes visible to an application after the bonding driver notices ")
            .append("the link is down (up to one <code>miimon</code>/<code>arp_interval</code>), plus up to one ")
            .append("exasock monitor interval (the extension polls the bonding driver), plus the poller's own delay. ")
            .append("Only the last is measured above, and it is the only one this library can make small.</p>\n");
        h.append("<div class=\"wide\"><table><tr><th>part</th><th>up to</th><th class=\"l\">source</th></tr>\n");
        h.append("<tr><td>bonding driver detection</td><td>")
            .append(detection < 0 ? "miimon/arp_interval" : detection == 0 ? "never (no monitor on)" :
                detection + " ms")
            .append("</td><td class=\"l\">the bond's miimon ").append(budget.miimonMs()).append(" ms, arp_interval ")
            .append(budget.arpIntervalMs()).append(" ms (from the status block)</td></tr>\n");
        h.append("<tr><td>").append(Svg.escape(budget.publisherTermName()))
            .append("</td><td>").append(term < 0 ? "?" : ReportPhrases.nanos(term * 1e6))
            .append("</td><td class=\"l\">").append(Svg.escape(budget.publisherTermSource())).append("</td></tr>\n");
        h.append("<tr><td>poll delay (p99").append(poll > 0 ? " of " + Svg.escape(budget.pollDelayFrom()) : "")
            .append(")</td><td>").append(poll > 0 ? ReportPhrases.nanos(poll) : "not measured")
            .append("</td><td class=\"l\">this run: changed_ns to detection</td></tr>\n");
        final double totalMs = budget.totalMs();
        if (!Double.isNaN(totalMs))
        {
            h.append("<tr><th>total</th><th>").append(ReportPhrases.nanos(totalMs * 1e6))
                .append("</th><th class=\"l\">of which this library's part is the last row</th></tr>\n");
        }
        h.append("</table></div>\n");
        if (!Double.isNaN(totalMs))
        {
            final double d = detection / totalMs * BAR_WIDTH;
            final double mo = term / totalMs * BAR_WIDTH;
            final double po = Math.max(1, poll / 1e6 / totalMs * BAR_WIDTH);
            h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(BAR_WIDTH + 20)
                .append("\" height=\"70\" viewBox=\"0 0 ").append(BAR_WIDTH + 20)
                .append(" 70\" role=\"img\" aria-label=\"failover budget\">\n")
                .append("<rect x=\"0\" y=\"10\" width=\"").append(Svg.fmt(d))
                .append("\" height=\"26\" fill=\"#9ecae1\"/>\n")
                .append("<rect x=\"").append(Svg.fmt(d)).append("\" y=\"10\" width=\"").append(Svg.fmt(mo))
                .append("\" height=\"26\" fill=\"#fdae6b\"/>\n")
                .append("<rect x=\"").append(Svg.fmt(d + mo)).append("\" y=\"6\" width=\"").append(Svg.fmt(po))
                .append("\" height=\"34\" fill=\"#d62728\"/>\n")
                .append(Svg.text(d / 2, 28, "middle", "bonding detection " + detection + " ms"))
                .append(Svg.text(d + mo / 2, 28, "middle",
                    budget.publisherTermName() + " " + ReportPhrases.nanos(term * 1e6)))
                .append(Svg.text(BAR_WIDTH, 58, "end", String.format(Locale.ROOT,
                    "poll delay %s = %.5f%% of %.1f ms (the red sliver, drawn at least 1 px wide)",
                    ReportPhrases.nanos(poll), poll / 1e6 / totalMs * 100, totalMs)))
                .append("</svg>\n");
        }
    }
}
