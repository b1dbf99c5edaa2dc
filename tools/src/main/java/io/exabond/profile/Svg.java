package io.exabond.profile;

import java.util.Locale;

/**
 * The few SVG and HTML pieces the report's charts share: colours, lines, labels, coordinates and escaping.
 */
final class Svg
{
    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"};

    private Svg()
    {
    }

    /**
     * @param index a poller's place in {@link ReportModel#pollers()}, so that it has one colour in every chart.
     * @return its colour.
     */
    static String colour(final int index)
    {
        return COLOURS[index % COLOURS.length];
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

    /**
     * @param value a coordinate.
     * @return it with one decimal and a '.', whatever the default locale.
     */
    static String fmt(final double value)
    {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
