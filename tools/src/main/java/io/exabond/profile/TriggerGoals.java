package io.exabond.profile;

import java.util.List;
import java.util.Locale;

/**
 * The goals of a trigger profile, judged on its run: the measured chain, from the moment the trigger made its change
 * (its call returned), stays within what doctor predicts for the bond, and no failover is lost on its way to the
 * listener. The poller's goals against the C poller belong to the
 * publish-to-notice profile and are not judged here.
 */
final class TriggerGoals
{
    /** Goal: the slowest failover reached the listener within doctor's bound after its trigger returned. */
    static final double WITHIN_BUDGET = 1.0;

    private TriggerGoals()
    {
    }

    /**
     * @param trigger the run's own figures.
     * @param poller  its series.
     * @return the goals, met, not met or not measured, in a fixed order.
     */
    static List<Goal> judge(final ReportModel.Trigger trigger, final ReportModel.Poller poller)
    {
        final String within = "every failover reached the listener within doctor's predicted budget, from its " +
            "trigger's return";
        final ReportModel.Latency whole = poller.latency(TriggerSeries.TO_LISTENER);
        final Goal budget;
        if (Double.isNaN(trigger.predictedMs()) || trigger.predictedMs() <= 0)
        {
            budget = Goal.notMeasured("trigger_within_budget", within, WITHIN_BUDGET, Goal.RATIO,
                "doctor predicts no bound for this bond (both monitors off)");
        }
        else if (whole == null || whole.count() == 0 || trigger.slowestAfterTriggerNs() < 0)
        {
            budget = Goal.notMeasured("trigger_within_budget", within, WITHIN_BUDGET, Goal.RATIO,
                "no failover reached the listener");
        }
        else
        {
            final double slowestMs = trigger.slowestAfterTriggerNs() / 1e6;
            budget = Goal.atMost("trigger_within_budget", within, slowestMs / trigger.predictedMs(), WITHIN_BUDGET,
                Goal.RATIO, String.format(Locale.ROOT, "measured: the slowest failover from its trigger's return to " +
                    "the listener's entry (%.3f ms) over doctor's bound (%.3f ms); the trigger's own time, which " +
                    "doctor's budget has no term for, is the chain's first row", slowestMs, trigger.predictedMs()));
        }
        final Goal lost = Goal.atMost("trigger_timeouts", "no failover failed to reach the listener within the " +
            "timeout", trigger.timeouts(), 0, Goal.FAILOVERS, "timeout " + trigger.timeoutMs() + " ms");
        return List.of(budget, lost);
    }
}
