package io.exabond.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The project's goals for the poller, and how one run is judged against them.
 */
final class Goals
{
    /** Goal: busy-spin p50 within this ratio of C. */
    static final double P50_RATIO = 1.05;
    /** Goal: busy-spin p99 within this ratio of C. */
    static final double P99_RATIO = 1.15;
    /** Goal: the first failover of a fresh JVM within this multiple of the steady-state busy-spin p99. */
    static final double FIRST_RATIO = 10;
    /** Fresh JVMs the first-failover goal asks for at least. */
    static final int FIRST_JVMS = 20;

    private Goals()
    {
    }

    /**
     * @param comparison the Java/C comparison, or null.
     * @param first      the first failovers of fresh JVMs, or null.
     * @return every goal, met, not met or not measured, in a fixed order.
     */
    static List<Goal> judge(final ReportModel.Comparison comparison, final ReportModel.FirstFailovers first)
    {
        final List<Goal> goals = new ArrayList<>();
        final String p50 = String.format(Locale.ROOT, "busy-spin p50 within %.2fx of C", P50_RATIO);
        final String p99 = String.format(Locale.ROOT, "busy-spin p99 within %.2fx of C", P99_RATIO);
        final String missed = "no failover missed after warm-up that C does not miss";
        if (comparison != null && comparison.java().primary().count() > 0 && comparison.c().primary().count() > 0)
        {
            goals.add(Goal.atMost("busy_spin_p50_vs_c", p50, comparison.ratio("p50"), P50_RATIO, Goal.RATIO, null));
            goals.add(Goal.atMost("busy_spin_p99_vs_c", p99, comparison.ratio("p99"), P99_RATIO, Goal.RATIO, null));
            goals.add(Goal.atMost("missed_vs_c", missed, comparison.java().missed(), comparison.c().missed(),
                Goal.FAILOVERS, "measured: what Java missed; target: what C missed"));
        }
        else
        {
            final String how = "add --compare-c";
            goals.add(Goal.notMeasured("busy_spin_p50_vs_c", p50, P50_RATIO, Goal.RATIO, how));
            goals.add(Goal.notMeasured("busy_spin_p99_vs_c", p99, P99_RATIO, Goal.RATIO, how));
            goals.add(Goal.notMeasured("missed_vs_c", missed, Double.NaN, Goal.FAILOVERS, how));
        }
        final String firstGoal = String.format(Locale.ROOT,
            "first failover in a fresh JVM within %.0fx of the steady-state busy-spin p99", FIRST_RATIO);
        if (first != null && first.medianNs() >= 0 && first.steadySpinP99Ns() > 0)
        {
            final int jvms = first.latenciesNs().size();
            goals.add(Goal.atMost("first_failover_vs_spin_p99", firstGoal,
                first.medianNs() / (double)first.steadySpinP99Ns(), FIRST_RATIO, Goal.RATIO,
                "median " + first.medianNs() + " ns over " + jvms + " JVMs, steady-state busy-spin p99 " +
                    first.steadySpinP99Ns() + " ns" +
                    (jvms < FIRST_JVMS ? "; the goal asks for at least " + FIRST_JVMS + " JVMs" : "")));
        }
        else
        {
            goals.add(Goal.notMeasured("first_failover_vs_spin_p99", firstGoal, FIRST_RATIO, Goal.RATIO,
                "add --first-failover-jvms " + FIRST_JVMS + "; needs the spin strategy or --compare-c for the " +
                    "steady-state p99"));
        }
        return goals;
    }
}
