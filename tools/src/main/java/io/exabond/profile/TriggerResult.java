package io.exabond.profile;

import io.exabond.sysfs.BondState;
import io.exabond.sysfs.FailoverBudget;

import java.util.List;

/**
 * Everything one trigger profile measured, as it was measured; {@link ReportModel#of(TriggerResult)} computes what
 * the reports show.
 *
 * @param options         what was asked.
 * @param machine         the machine at the start.
 * @param loadAtEnd       load averages at the end.
 * @param clockReadNs     cost of one {@link System#nanoTime()} read.
 * @param bond            the bond as it was at the start.
 * @param pagePath        the page polled.
 * @param hasBlock        the page has a status block (a publisher's page), so the publisher's time is known.
 * @param publisher       who publishes the page, in words.
 * @param budget          doctor's predicted failover budget for the bond and its page.
 * @param gapMinMs        shortest gap used, ms.
 * @param gapMaxMs        longest gap used, ms.
 * @param timeoutMs       the timeout used, ms.
 * @param made            failovers made (warm-up included); fewer than asked when interrupted.
 * @param warmupSeen      warm-up failovers that reached the listener.
 * @param warmupTimeouts  warm-up failovers that did not within the timeout.
 * @param seen            measured failovers that reached the listener.
 * @param timeouts        measured failovers that did not within the timeout.
 * @param pollerMissed    failovers the poller reported missed (generation jumps), over the whole run.
 * @param negative        latencies below zero, recorded as 0 (one clock cannot give them; counted, never dropped).
 * @param slowestAfterTriggerNs the longest time from a trigger's return to its listener's entry, ns (-1 for none):
 *                        what doctor's budget bounds, since the trigger's own time is not in it.
 * @param series          one series per {@link TriggerSeries} kind, in their order; a series a page cannot give is
 *                        empty.
 * @param interrupted     a signal stopped the run before every failover was made.
 * @param restored        what the end of the run put back, one sentence each.
 * @param elapsedMs       wall time of the run.
 */
public record TriggerResult(
    TriggerOptions options,
    MachineInfo machine,
    String loadAtEnd,
    double clockReadNs,
    BondState bond,
    String pagePath,
    boolean hasBlock,
    String publisher,
    FailoverBudget budget,
    long gapMinMs,
    long gapMaxMs,
    long timeoutMs,
    long made,
    long warmupSeen,
    long warmupTimeouts,
    long seen,
    long timeouts,
    long pollerMissed,
    long negative,
    long slowestAfterTriggerNs,
    List<LatencySeries> series,
    boolean interrupted,
    List<String> restored,
    long elapsedMs)
{
    /**
     * @return the poller's name in the tables and the {@code .hgrm} files: the trigger's kind.
     */
    public String pollerName()
    {
        return options.kind().option();
    }
}
