package io.exabond.profile;

/**
 * One of the project's goals, judged on one run: a figure measured against its target, both in one unit. Every goal
 * is an upper bound: it is met when the figure is at most the target. {@code summary.json} carries goals as these
 * fields, so that a script reads {@code met} instead of an English sentence.
 *
 * @param name        a stable key, e.g. {@code busy_spin_p50_vs_c}.
 * @param description the goal in words, e.g. "busy-spin p50 within 1.05x of C".
 * @param measured    what this run measured, NaN when it did not measure it.
 * @param target      the most the goal allows.
 * @param unit        of {@code measured} and {@code target}: {@link #RATIO}, {@link #FAILOVERS} or
 *                    {@link #NANOSECONDS}.
 * @param met         whether {@code measured <= target}; null when not measured.
 * @param note        what a reader needs besides: where the figures come from, or how to measure the goal; null for
 *                    nothing.
 */
public record Goal(String name, String description, double measured, double target, String unit, Boolean met,
    String note)
{
    /** A dimensionless ratio, shown as e.g. {@code 1.05x}. */
    public static final String RATIO = "ratio";
    /** A number of failovers. */
    public static final String FAILOVERS = "failovers";
    /** Nanoseconds of {@code CLOCK_MONOTONIC}. */
    public static final String NANOSECONDS = "ns";

    /**
     * @param name        a stable key.
     * @param description the goal in words.
     * @param measured    what this run measured.
     * @param target      the most the goal allows.
     * @param unit        of both.
     * @param note        what else to know, or null.
     * @return the goal, judged.
     */
    static Goal atMost(final String name, final String description, final double measured, final double target,
        final String unit, final String note)
    {
        return new Goal(name, description, measured, target, unit, measured <= target, note);
    }

    /**
     * @param name        a stable key.
     * @param description the goal in words.
     * @param target      the most the goal allows.
     * @param unit        of the target.
     * @param how         how to measure it.
     * @return a goal this run did not measure.
     */
    static Goal notMeasured(final String name, final String description, final double target, final String unit,
        final String how)
    {
        return new Goal(name, description, Double.NaN, target, unit, null, how);
    }
}
