package io.exabond.profile;

import org.HdrHistogram.HistogramIterationValue;

import java.util.List;
import java.util.Locale;

/**
 * The report's chart of one latency series by percentile: one curve per poller on a log-scaled percentile axis
 * (x = 1/(1-p), as HdrHistogram's plotter draws it) and a log-scaled latency axis, with the floor drawn across.
 */
final class PercentileChart
{
    private static final int WIDTH = 960;
    private static final int HEIGHT = 520;
    private static final int LEFT = 96;
    private static final int RIGHT = 170;
    private static final int TOP = 20;
    private static final int BOTTOM = 60;

    private final List<ReportModel.Poller> pollers;
    private final LatencySeries.Kind kind;
    private final double floorNs;

    /**
     * @param pollers every poller of the run, in {@link ReportModel#pollers()} order (it sets their colours); those
     *                without a timed failover of this series are left out.
     * @param kind    the series drawn.
     * @param floorNs the cache-line floor, or 0.
     */
    PercentileChart(final List<ReportModel.Poller> pollers, final LatencySeries.Kind kind, final double floorNs)
    {
        this.pollers = pollers;
        this.kind = kind;
        this.floorNs = floorNs;
    }

    String render()
    {
        final StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
            .append("\" role=\"img\" aria-label=\"").append(Svg.escape(kind.title())).append(" by percentile\">\n");
        svg.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
            .append("\" fill=\"white\"/>\n");
        long maxCount = 0;
        long maxValue = 1;
        long minValue = Long.MAX_VALUE;
        for (final ReportModel.Poller p : pollers)
        {
            final ReportModel.Latency latency = p.latency(kind);
            if (latency != null && latency.count() > 0)
            {
                maxCount = Math.max(maxCount, latency.count());
                maxValue = Math.max(maxValue, latency.series().max());
                minValue = Math.min(minValue, Math.max(1, latency.series().histogram().getMinValue()));
            }
        }
        if (maxCount == 0)
        {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                .append("\" text-anchor=\"middle\" font-size=\"15\">no timed failovers to plot</text></svg>\n");
            return svg.toString();
        }
        final int decadesX = (int)Math.max(2, Math.min(6, Math.ceil(Math.log10(maxCount))));
        final double yLow = Math.pow(10, Math.floor(Math.log10(Math.min(minValue, floorNs > 0 ? floorNs : minValue))));
        final double yHigh = Math.pow(10, Math.ceil(Math.log10(maxValue * 1.05)));
        final Scale scale = new Scale(decadesX, Math.log10(yLow), Math.log10(yHigh));
        axes(svg, scale);
        if (floorNs > 0)
        {
            final double y = scale.y(Math.log10(floorNs));
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(Svg.fmt(y)).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(Svg.fmt(y))
                .append("\" stroke=\"#555\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n");
            svg.append(Svg.text(LEFT + 6, y - 5, "start", String.format(Locale.ROOT,
                "floor: cache-line one-way %.0f ns", floorNs)).replace("fill=\"#333\"", "fill=\"#555\""));
        }
        int legend = 0;
        for (int i = 0; i < pollers.size(); i++)
        {
            final ReportModel.Latency latency = pollers.get(i).latency(kind);
            if (latency != null && latency.count() > 0)
            {
                curve(svg, scale, pollers.get(i).name(), latency, Svg.colour(i), legend++);
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void axes(final StringBuilder svg, final Scale scale)
    {
        final double yLowLog = scale.yLowLog();
        final double yHighLog = scale.yHighLog();
        svg.append("<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
        for (int d = 0; d <= scale.decadesX(); d++)
        {
            svg.append(Svg.line(scale.x(d), TOP, scale.x(d), HEIGHT - BOTTOM));
        }
        for (double decade = yLowLog; decade <= yHighLog + 1e-9; decade++)
        {
            for (final int k : new int[] {1, 2, 5})
            {
                final double v = Math.log10(k) + decade;
                if (v <= yHighLog + 1e-9)
                {
                    svg.append(Svg.line(LEFT, scale.y(v), WIDTH - RIGHT, scale.y(v)));
                }
            }
        }
        svg.append("</g>\n<g font-size=\"12\" fill=\"#333\">\n");
        for (int d = 0; d <= scale.decadesX(); d++)
        {
            final String label = d == 0 ? "0%" : percentLabel(100 - 100 / Math.pow(10, d));
            svg.append(Svg.text(scale.x(d), HEIGHT - BOTTOM + 18, "middle", label));
        }
        for (double decade = yLowLog; decade <= yHighLog + 1e-9; decade++)
        {
            for (final int k : new int[] {1, 2, 5})
            {
                final double v = Math.log10(k) + decade;
                if (v <= yHighLog + 1e-9)
                {
                    svg.append(Svg.text(LEFT - 8, scale.y(v) + 4, "end", ReportPhrases.nanos(Math.pow(10, v))));
                }
            }
        }
        svg.append(Svg.text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 18, "middle", "percentile (log scale of 1/(1-p))"));
        svg.append("<text x=\"18\" y=\"").append((TOP + HEIGHT - BOTTOM) / 2).append("\" text-anchor=\"middle\" ")
            .append("transform=\"rotate(-90 18 ").append((TOP + HEIGHT - BOTTOM) / 2)
            .append(")\">latency (log scale)</text>\n</g>\n");
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
            .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(HEIGHT - TOP - BOTTOM)
            .append("\" fill=\"none\" stroke=\"#999\"/>\n");
    }

    private static void curve(final StringBuilder svg, final Scale scale, final String name,
        final ReportModel.Latency latency, final String colour, final int legend)
    {
        final StringBuilder points = new StringBuilder();
        for (final HistogramIterationValue v : latency.series().histogram().percentiles(5))
        {
            final double p = v.getPercentileLevelIteratedTo() / 100.0;
            if (p >= 1.0)
            {
                break;
            }
            final double x = Math.log10(1 / (1 - p));
            if (x > scale.decadesX())
            {
                break;
            }
            points.append(Svg.fmt(scale.x(x))).append(',')
                .append(Svg.fmt(scale.y(Math.log10(Math.max(1, v.getValueIteratedTo()))))).append(' ');
        }
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
            .append(points.toString().trim()).append("\"/>\n");
        final double ly = TOP + 14 + legend * 20;
        final double lx = WIDTH - RIGHT + 14;
        svg.append("<line x1=\"").append(Svg.fmt(lx)).append("\" y1=\"").append(Svg.fmt(ly - 4)).append("\" x2=\"")
            .append(Svg.fmt(lx + 22)).append("\" y2=\"").append(Svg.fmt(ly - 4)).append("\" stroke=\"").append(colour)
            .append("\" stroke-width=\"3\"/>\n");
        svg.append("<text x=\"").append(Svg.fmt(lx + 28)).append("\" y=\"").append(Svg.fmt(ly))
            .append("\" font-size=\"12\">").append(Svg.escape(name)).append(" (").append(latency.count())
            .append(")</text>\n");
    }

    private static String percentLabel(final double percent)
    {
        final String text = String.format(Locale.ROOT, "%.6f", percent).replaceAll("0+$", "").replaceAll("\\.$", "");
        return text + "%";
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
