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
    /** Goal: the busy-spin poller's detection to its listener's entry, p50, at most this many ns. */
    static final long HANDOFF_P50_NS = 50;
    /** Goal: the same at p99. */
    static final long HANDOFF_P99_NS = 500;
    /** Goal: the same at its longest. */
    static final long HANDOFF_MAX_NS = 50_000;

    private Goals()
    {
    }

    /**
     * @param comparison the Java/C comparison, or null.
     * @param first      the first failovers of fresh JVMs, or null.
     * @param spin       the busy-spin Java poller (the spin strategy, else the Java side of the comparison), or null.
     * @return every goal, met, not met or not measured, in a fixed order.
     */
    static List<Goal> judge(final ReportModel.Comparison comparison, final ReportModel.FirstFailovers first,
        final ReportModel.Poller spin)
    {
        final List<Goal> goals = new ArrayList<>();
        handoff(goals, spin);
        final String p50 = String.format(Locale.ROOT, "busy-spin p50 at the listener within %.2fx of C", P50_RATIO);
        final String p99 = String.format(Locale.ROOT, "busy-spin p99 at the listener within %.2fx of C", P99_RATIO);
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

    private static void handoff(final List<Goal> goals, final ReportModel.Poller spin)
    {
        final ReportModel.Latency handoff = spin == null ? null : spin.latency(LatencySeries.HANDOFF);
        final String what = "busy-spin detection to listener entry ";
        final long[][] targets = {{50, HANDOFF_P50_NS}, {99, HANDOFF_P99_NS}, {100, HANDOFF_MAX_NS}};
        for (final long[] target : targets)
        {
            final String label = target[0] == 100 ? "max" : "p" + target[0];
            final String name = "busy_spin_handoff_" + label;
            final String description = what + label + " at most " + target[1] + " ns";
            if (handoff != null && handoff.count() > 0)
            {
                goals.add(Goal.atMost(name, description, handoff.at(label).ns(), target[1], Goal.NANOSECONDS,
                    handoff.count() + " failovers of " + spin.name()));
            }
            else
            {
                goals.add(Goal.notMeasured(name, description, target[1], Goal.NANOSECONDS,
                    "profile the spin strategy (--idle spin) or add --compare-c"));
            }
        }
    }
}
