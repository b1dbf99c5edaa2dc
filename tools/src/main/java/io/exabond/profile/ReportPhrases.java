package io.exabond.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sentences and number formats that the text report and {@code report.html} share, phrased from the
 * {@link ReportModel}'s figures. Numbers for people, but still with {@link Locale#ROOT}: a report must read the same
 * on every machine.
 */
final class ReportPhrases
{
    private ReportPhrases()
    {
    }

    /**
     * @param goal a goal judged on a run.
     * @return it as one sentence, e.g. "busy-spin p50 within 1.05x of C: met (0.97x, target at most 1.05x)".
     */
    static String goal(final Goal goal)
    {
        if (goal.met() == null)
        {
            return goal.description() + ": not measured in this run (" + goal.note() + ")";
        }
        return goal.description() + ": " + (goal.met() ? "met" : "NOT met") + " (" +
            value(goal.measured(), goal.unit()) + ", target at most " + value(goal.target(), goal.unit()) +
            (goal.note() == null ? "" : "; " + goal.note()) + ")";
    }

    /**
     * @param first the first failovers of fresh JVMs.
     * @return what they measured, in one sentence.
     */
    static String firstFailovers(final ReportModel.FirstFailovers first)
    {
        return "first failover after start in a fresh JVM (" +
            (first.warm() ? "the default context (warm-up in onStart)" : "WITHOUT the warm-up (warmUp(false))") +
            ", busy-spin AgentRunner, one failover " + first.settleMs() + " ms after the poller went live): " +
            first.latenciesNs().size() + " JVMs, median " + first.medianNs() + " ns, min " + first.minNs() +
            " ns, max " + first.maxNs() + " ns; untimed " + first.untimed() + ", missed before it " + first.missed() +
            "; poller live " + first.startupMedianMs() + " ms after JVM start (median)";
    }

    /**
     * @param comparison the Java/C comparison.
     * @return which other threads of the Java poller's JVM ran during its rounds, most active first, lower case.
     */
    static String otherThreads(final ReportModel.Comparison comparison)
    {
        return "other threads of the Java poller's JVM that ran during its rounds (context switches; each took a " +
            "CPU from the poller or the publisher, which the C poller, one thread, never does): " +
            JvmThreadActivity.describe(comparison.otherThreads());
    }

    /**
     * @param trigger a trigger profile.
     * @return the bond as it was at the start, e.g. "bond0, slaves eth2, eth3, eth2 active at the start".
     */
    static String bond(final ReportModel.Trigger trigger)
    {
        return trigger.bond() + ", slaves " + String.join(", ", trigger.slaves()) + ", " + trigger.originalActive() +
            " active at the start; failed over by " + (TriggerKind.CARRIER.option().equals(trigger.kind()) ?
                "taking the active slave's link down through rtnetlink, and up again after the failover" :
                "writing bonding/active_slave, alternating over the slaves");
    }

    /**
     * @param trigger a trigger profile.
     * @return the gaps and the timeout in one phrase.
     */
    static String gaps(final ReportModel.Trigger trigger)
    {
        return "a random gap of " + trigger.gapMinMs() + "-" + trigger.gapMaxMs() + " ms before each failover (a " +
            "polling publisher is met at every phase of its interval); a failover not at the listener within " +
            trigger.timeoutMs() + " ms counts as timed out";
    }

    /**
     * @param trigger a trigger profile.
     * @return its warm-up in one phrase.
     */
    static String warmup(final ReportModel.Trigger trigger)
    {
        return trigger.warmup() + " failovers made first and discarded (" + trigger.warmupSeen() +
            " reached the listener, " + trigger.warmupTimeouts() + " timed out)";
    }

    /**
     * @param trigger a trigger profile.
     * @return how its failovers went, in one sentence.
     */
    static String failovers(final ReportModel.Trigger trigger)
    {
        return "failovers: " + trigger.asked() + " asked, " + trigger.seen() + " reached the listener, " +
            trigger.timeouts() + " timed out (the tables count them as missed)" +
            (trigger.interrupted() ? "; INTERRUPTED after " + trigger.made() + " made, warm-up included" : "") +
            "; the poller reported " + trigger.pollerMissed() + " missed (generation jumps)";
    }

    /**
     * @param latency a measured term, or null.
     * @return e.g. "4.1 ms / 9.8 ms / 12 ms over 200", or a phrase when not measured.
     */
    static String measured(final ReportModel.Latency latency)
    {
        if (latency == null)
        {
            return "not measured apart";
        }
        if (latency.count() == 0)
        {
            return "nothing timed";
        }
        return nanos(latency.at("p50").ns()) + " / " + nanos(latency.at("p99").ns()) + " / " +
            nanos(latency.at(ReportModel.MAX).ns()) + " over " + latency.count();
    }

    /**
     * @param poller a row of the tables.
     * @return why its figures need a second look, one phrase each; empty when they do not.
     */
    static List<String> problems(final ReportModel.Poller poller)
    {
        final List<String> why = new ArrayList<>();
        if (poller.missed() > 0)
        {
            why.add("missed " + poller.missed() + " failover" + (poller.missed() == 1 ? "" : "s") +
                " (never seen as a change of word 0)");
        }
        final long timed = poller.primary().count();
        if (timed < poller.asked())
        {
            why.add("timed " + timed + " of the " + poller.asked() + " failovers asked" +
                (poller.untimed() > 0 ? " (" + poller.untimed() + " untimed)" : "") +
                (poller.shortOfAsked() ? "; ran out of time after " + (poller.seen() + poller.missed()) +
                    " seen or missed" : ""));
        }
        if (poller.negative() > 0)
        {
            why.add(poller.negative() + " negative latencies recorded as 0");
        }
        if (poller.stalls() > 0)
        {
            why.add("the publisher looked stalled " + poller.stalls() + " times (heartbeat older than 3 monitor " +
                "intervals: a loaded machine)");
        }
        return why;
    }

    /**
     * @param multiple a latency over the floor, or a ratio.
     * @return e.g. "2.9x", "-" when unknown.
     */
    static String multiple(final double multiple)
    {
        return Double.isFinite(multiple) ? String.format(Locale.ROOT, "%.1fx", multiple) : "-";
    }

    /**
     * @param ratio Java over C.
     * @return e.g. "1.03x", "-" when unknown.
     */
    static String ratio(final double ratio)
    {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2fx", ratio) : "-";
    }

    /**
     * @param ns a duration.
     * @return it in ns, us or ms, with one decimal where needed: "250 ns", "1.5 us", "100 ms".
     */
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

    /**
     * @param value  a goal's figure.
     * @param unit   its unit.
     * @return it in words.
     */
    private static String value(final double value, final String unit)
    {
        if (Goal.RATIO.equals(unit))
        {
            return ratio(value);
        }
        return (Double.isFinite(value) ? Long.toString(Math.round(value)) : "?") + " " + unit;
    }

    private static String trim(final double value)
    {
        // Axis ticks are 1, 2 and 5 times a power of ten, computed through logarithms: round before printing.
        final double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? Long.toString((long)rounded) : String.format(Locale.ROOT, "%.1f",
            rounded);
    }
}
