package io.exabond.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's latency-over-time plot of one latency series: one panel per poller, each measured failover's latency
 * (log scale, shared by the panels) against the moment it was noticed, in seconds from the poller's first measured
 * failover (or its number when the moments are unknown, as for the C poller). Percentiles hide when the slow
 * failovers came: a burst (a GC, another process taking the CPU) and a steady tail have the same p99.9 but not the
 * same cause.
 * <p>
 * Every failover is drawn: as a dot while there are fewer than two per pixel column, else as each column's span from
 * its fastest to its slowest failover, so that no outlier is dropped by thinning.
 */
final class TimelineChart
{
    private static final int WIDTH = 960;
    private static final int LEFT = 96;
    private static final int RIGHT = 24;
    private static final int TOP = 12;
    private static final int PANEL = 110;
    private static final int GAP = 30;
    private static final int BOTTOM = 40;

    private final List<Panel> panels = new ArrayList<>();
    private final LatencySeries.Kind kind;
    private final double floorNs;

    /**
     * One poller's panel.
     */
    private record Panel(String name, long missed, LatencySeries series, String colour)
    {
    }

    /**
     * @param pollers every poller of the run, in {@link ReportModel#pollers()} order (it sets their colours); those
     *                without a timed failover of this series are left out.
     * @param kind    the series drawn.
     * @param floorNs the cache-line floor, drawn in every panel, or 0.
     */
    TimelineChart(final List<ReportModel.Poller> pollers, final LatencySeries.Kind kind, final double floorNs)
    {
        for (int i = 0; i < pollers.size(); i++)
        {
            final ReportModel.Poller p = pollers.get(i);
            final ReportModel.Latency latency = p.latency(kind);
            if (latency != null && latency.series().latenciesNs().length > 0)
            {
                panels.add(new Panel(p.name(), p.missed(), latency.series(), Svg.colour(i)));
            }
        }
        this.kind = kind;
        this.floorNs = floorNs;
    }

    String render()
    {
        final int height = TOP + Math.max(1, panels.size()) * (PANEL + GAP) + BOTTOM - GAP;
        final StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
            .append("\" role=\"img\" aria-label=\"").append(Svg.escape(kind.title()))
            .append(" of each failover over the run\">\n")
            .append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(height)
            .append("\" fill=\"white\"/>\n");
        if (panels.isEmpty())
        {
            svg.append(Svg.text(WIDTH / 2.0, height / 2.0, "middle", "no timed failovers to plot"))
                .append("</svg>\n");
            return svg.toString();
        }
        long min = Long.MAX_VALUE;
        long max = 1;
        for (final Panel panel : panels)
        {
            for (final long latency : panel.series().latenciesNs())
            {
                min = Math.min(min, Math.max(1, latency));
                max = Math.max(max, latency);
            }
        }
        final double low = Math.floor(Math.log10(Math.min(min, floorNs > 0 ? floorNs : min)));
        final double high = Math.max(low + 1, Math.ceil(Math.log10(max * 1.05)));
        for (int i = 0; i < panels.size(); i++)
        {
            panel(svg, panels.get(i), TOP + i * (PANEL + GAP), low, high);
        }
        svg.append("<text x=\"18\" y=\"").append(height / 2).append("\" text-anchor=\"middle\" font-size=\"12\" ")
            .append("transform=\"rotate(-90 18 ").append(height / 2).append(")\">latency (log scale)</text>\n");
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void panel(final StringBuilder svg, final Panel p, final int top, final double low, final double high)
    {
        final long[] latencies = p.series().latenciesNs();
        final long[] detected = p.series().detectedNs();
        final String colour = p.colour();
        final boolean timed = detected.length == latencies.length && detected.length > 0 && detected[0] >= 0 &&
            detected[detected.length - 1] >= 0;
        final double span = timed ? Math.max(1, detected[detected.length - 1] - detected[0]) :
            Math.max(1, latencies.length - 1);
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int bottom = top + PANEL;

        svg.append("<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
        for (double decade = low; decade <= high + 1e-9; decade++)
        {
            svg.append(Svg.line(LEFT, y(decade, top, low, high), WIDTH - RIGHT, y(decade, top, low, high)));
        }
        for (int tenth = 1; tenth < 10; tenth++)
        {
            svg.append(Svg.line(LEFT + plotWidth * tenth / 10.0, top, LEFT + plotWidth * tenth / 10.0, bottom));
        }
        svg.append("</g>\n");
        for (double decade = low; decade <= high + 1e-9; decade++)
        {
            svg.append(Svg.text(LEFT - 8, y(decade, top, low, high) + 4, "end",
                ReportPhrases.nanos(Math.pow(10, decade))));
        }
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"").append(plotWidth)
            .append("\" height=\"").append(PANEL).append("\" fill=\"none\" stroke=\"#999\"/>\n");
        if (floorNs > 0)
        {
            final double fy = y(Math.log10(floorNs), top, low, high);
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(Svg.fmt(fy)).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(Svg.fmt(fy))
                .append("\" stroke=\"#555\" stroke-dasharray=\"6 4\"/>\n");
        }

        svg.append("<g fill=\"").append(colour).append("\" stroke=\"").append(colour).append("\">\n");
        if (latencies.length <= 2 * plotWidth)
        {
            for (int i = 0; i < latencies.length; i++)
            {
                final double x = LEFT + position(timed, detected, i) / span * plotWidth;
                svg.append("<circle cx=\"").append(Svg.fmt(x)).append("\" cy=\"")
                    .append(Svg.fmt(y(Math.log10(Math.max(1, latencies[i])), top, low, high)))
                    .append("\" r=\"1.6\" stroke=\"none\" fill-opacity=\"0.65\"/>\n");
            }
        }
        else
        {
            final long[] columnMin = new long[plotWidth + 1];
            final long[] columnMax = new long[plotWidth + 1];
            java.util.Arrays.fill(columnMin, Long.MAX_VALUE);
            java.util.Arrays.fill(columnMax, -1);
            for (int i = 0; i < latencies.length; i++)
            {
                final int column = (int)Math.round(position(timed, detected, i) / span * plotWidth);
                final int c = Math.max(0, Math.min(plotWidth, column));
                columnMin[c] = Math.min(columnMin[c], latencies[i]);
                columnMax[c] = Math.max(columnMax[c], latencies[i]);
            }
            for (int c = 0; c <= plotWidth; c++)
            {
                if (columnMax[c] >= 0)
                {
                    final double yMax = y(Math.log10(Math.max(1, columnMax[c])), top, low, high);
                    final double yMin = y(Math.log10(Math.max(1, columnMin[c])), top, low, high);
                    svg.append(Svg.line(LEFT + c, yMin + 1, LEFT + c, yMax - 1)
                        .replace("/>", " stroke-width=\"1.2\"/>"));
                }
            }
        }
        svg.append("</g>\n");

        svg.append(Svg.text(LEFT + 6, top + 14, "start", p.name() + ": " + latencies.length +
            " failovers" + (p.missed() > 0 ? ", " + p.missed() + " missed (not drawn)" : "")));
        svg.append(Svg.text(LEFT, bottom + 15, "start", "0"));
        svg.append(Svg.text(LEFT + plotWidth / 2.0, bottom + 15, "middle", timed ?
            "seconds since its first measured failover was noticed" : "failover number (moments not recorded)"));
        svg.append(Svg.text(WIDTH - RIGHT, bottom + 15, "end", timed ?
            String.format(Locale.ROOT, "%.2f s", span / 1e9) : Long.toString(latencies.length)));
    }

    private static double position(final boolean timed, final long[] detected, final int i)
    {
        return timed ? detected[i] - detected[0] : i;
    }

    private static double y(final double log, final int top, final double low, final double high)
    {
        return top + PANEL - (log - low) / (high - low) * PANEL;
    }
}
