package io.exabond.cli;

/**
 * Human-readable durations for the command line.
 */
final class Durations
{
    private Durations()
    {
    }

    /**
     * @param ns a duration in nanoseconds.
     * @return e.g. {@code "850 ns"}, {@code "12.3 us"}, {@code "4.56 ms"}, {@code "7.89 s"}.
     */
    static String format(final long ns)
    {
        final long abs = Math.abs(ns);
        if (abs < 1_000)
        {
            return ns + " ns";
        }
        if (abs < 1_000_000)
        {
            return String.format("%.1f us", ns / 1e3);
        }
        if (abs < 1_000_000_000)
        {
            return String.format("%.2f ms", ns / 1e6);
        }
        return String.format("%.2f s", ns / 1e9);
    }
}
