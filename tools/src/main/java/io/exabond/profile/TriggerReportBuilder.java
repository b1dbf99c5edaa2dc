package io.exabond.profile;

import io.exabond.sysfs.BridgeTerm;
import io.exabond.sysfs.FailoverBudget;
import io.exabond.sysfs.SlaveState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Computes a {@link ReportModel} from what a trigger profile measured: its series as the tables' one poller, the
 * machine, clock and warm-up as for every profile, doctor's budget as the budget, and the chain term by term.
 */
final class TriggerReportBuilder
{
    /** A trigger profile measures no cache-line floor: its latencies are the kernel's and the publisher's. */
    private static final ReportModel.Floor NO_FLOOR = new ReportModel.Floor(0, 0, 0, 0);

    private TriggerReportBuilder()
    {
    }

    static ReportModel build(final TriggerResult result)
    {
        final TriggerOptions o = result.options();
        final MachineInfo m = result.machine();
        final ReportModel.Machine machine = new ReportModel.Machine(m.nproc(), m.cpuModel(), m.kernel(), m.jdk(),
            m.clocksource(), result.clockReadNs(), m.loadAverage(), result.loadAtEnd());
        final ReportModel.Run run = new ReportModel.Run(o.commandLine(), result.publisher(), result.pagePath(), true,
            o.failovers(), result.gapMinMs() * 1000, result.gapMaxMs() * 1000, -1, o.pollerCpu(), result.elapsedMs());
        // A series the page cannot give (the publisher's time on a kernel page) is left out, not shown empty; the
        // headline stays first whatever it holds.
        final List<LatencySeries> series = result.series().stream()
            .filter(l -> l.kind().equals(TriggerSeries.TO_LISTENER) || l.count() > 0).toList();
        final StrategyResult measured = new StrategyResult(result.pollerName(), 1, result.warmupSeen(),
            result.warmupTimeouts(), result.seen(), result.timeouts(), 0, result.negative(), 0, series);
        final ReportModel.Poller poller = ReportModelBuilder.poller(measured, o.failovers(), NO_FLOOR);
        final ReportModel.Warmup warmup = new ReportModel.Warmup(o.warmup(), result.warmupSeen(),
            result.warmupTimeouts(), 0);
        final List<LatencySeries.Kind> kinds = poller.latencies().stream().map(ReportModel.Latency::kind).toList();
        final ReportModel.Trigger trigger = trigger(result, poller);
        return new ReportModel(machine, NO_FLOOR, run, warmup, kinds, List.of(poller), null, null, budget(result),
            TriggerGoals.judge(trigger, poller), trigger);
    }

    private static ReportModel.Trigger trigger(final TriggerResult result, final ReportModel.Poller poller)
    {
        final TriggerOptions o = result.options();
        final FailoverBudget budget = result.budget();
        final boolean carrier = o.kind() == TriggerKind.CARRIER;
        final double predicted = carrier ? budget.totalMs() : budget.afterDetectionMs();
        final List<ReportModel.ChainTerm> chain = new ArrayList<>();
        chain.add(new ReportModel.ChainTerm("the trigger itself", "not in doctor's budget", Double.NaN,
            poller.latency(TriggerSeries.TRIGGER_CALL), carrier ? "the link-down request until the kernel " +
                "acknowledged it; the bonding driver notices at its next miimon pass, after it" :
                "the active_slave write until it returned: the bonding driver fails over inside it (the kernel's " +
                    "share)"));
        chain.add(new ReportModel.ChainTerm("bonding driver detection", detection(budget, carrier),
            carrier && !budget.unbounded() ? budget.detectionMs() + budget.downdelayMs() : carrier ? Double.NaN : 0,
            null, result.hasBlock() ? "measured together with the publisher's term, next row" :
                "not measured apart on a kernel page: in trigger -> word 0 seen"));
        chain.add(new ReportModel.ChainTerm(publisherTerm(budget.bridge(), result.hasBlock()), budget.publisherTerm(),
            budget.publisherTermMs(), result.hasBlock() ? poller.latency(TriggerSeries.TO_PUBLISH) :
                poller.latency(TriggerSeries.TO_WORD0_SEEN), result.hasBlock() ?
                    "measured: trigger -> the publisher's changed_ns, which holds the trigger, the detection and " +
                        "the publisher" :
                    "measured: trigger -> word 0 seen; a kernel page has no publisher time, so this holds the " +
                        "trigger, the detection, the publisher and the poll delay"));
        chain.add(new ReportModel.ChainTerm("poll delay", budget.pollDelay(), budget.pollDelayNs() >= 0 ?
            budget.pollDelayNs() / 1e6 : Double.NaN, result.hasBlock() ?
                poller.latency(TriggerSeries.PUBLISH_TO_WORD0_SEEN) : null, result.hasBlock() ?
                    "measured: the publisher's changed_ns -> word 0 seen, this poller (" + o.idle() + ")" :
                    "in the row above on a kernel page"));
        chain.add(new ReportModel.ChainTerm("listener call", "not in doctor's budget", Double.NaN,
            poller.latency(TriggerSeries.WORD0_SEEN_TO_LISTENER),
            "word 0 seen -> listener entry: the poller calls the listener before it reads anything else"));
        chain.add(new ReportModel.ChainTerm("the whole chain", Double.isNaN(predicted) ? "unbounded (both monitors " +
            "off)" : String.format(Locale.ROOT, "up to %.3f ms", predicted), predicted,
            poller.latency(TriggerSeries.TO_LISTENER), carrier ? "trigger -> listener entry; doctor's sum of the " +
                "three terms" : "trigger -> listener entry; doctor's sum without the detection, which an " +
                "active_slave write skips"));
        return new ReportModel.Trigger(o.kind().option(), o.bond(), result.pagePath(), result.publisher(),
            result.hasBlock(), result.bond().slaves().stream().map(SlaveState::name).toList(),
            result.bond().activeSlave(), o.failovers(), result.made(), result.seen(), result.timeouts(), o.warmup(),
            result.warmupSeen(), result.warmupTimeouts(), result.pollerMissed(), result.timeoutMs(),
            result.gapMinMs(), result.gapMaxMs(), o.idle(), result.interrupted(), result.restored(), predicted,
            result.slowestAfterTriggerNs(), List.copyOf(chain));
    }

    private static String detection(final FailoverBudget budget, final boolean carrier)
    {
        if (!carrier)
        {
            return "none: the active_slave write fails the bond over itself (doctor: up to " + budget.detectionMs() +
                " ms for a link loss)";
        }
        if (budget.unbounded())
        {
            return "unbounded: miimon and arp_interval are off";
        }
        return "up to " + budget.detectionMs() + " ms (one " + budget.detectionBy() + ")" +
            (budget.downdelayMs() > 0 ? " + downdelay " + budget.downdelayMs() + " ms" : "");
    }

    private static String publisherTerm(final BridgeTerm bridge, final boolean hasBlock)
    {
        if (bridge != null)
        {
            return bridge.eventDriven() ? "the event-driven bridge's reaction" : "the polling bridge's interval";
        }
        return hasBlock ? "the publisher's monitor interval" : "exasock monitor interval";
    }

    private static ReportModel.Budget budget(final TriggerResult result)
    {
        final FailoverBudget budget = result.budget();
        final BridgeTerm bridge = budget.bridge();
        return new ReportModel.Budget(result.bond().miimonMs(), result.bond().arpIntervalMs(),
            budget.unbounded() ? 0 : budget.detectionMs(), bridge != null ? bridge.intervalMs() :
                (int)Math.round(budget.publisherTermMs()), bridge, budget.publisherTermMs(),
            publisherTerm(bridge, result.hasBlock()), budget.publisherTerm(), budget.pollDelayNs(),
            "doctor's poll delay: " + budget.pollDelayLabel());
    }
}
