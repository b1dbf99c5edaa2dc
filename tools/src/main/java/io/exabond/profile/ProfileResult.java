package io.exabond.profile;

import io.exabond.sysfs.BridgeTerm;

import java.util.List;
import java.util.Map;

/**
 * Everything one profiling run measured, as it was measured: {@link ReportModel} computes what the reports show.
 *
 * @param options         what was asked.
 * @param machine         the machine at the start.
 * @param loadAtEnd       load averages at the end.
 * @param clockReadNs     cost of one {@link System#nanoTime()} read.
 * @param floor           the cache-line one-way time between two processes.
 * @param publisher       who published: the simulator's command, or the attached page.
 * @param pagePath        the page polled.
 * @param timed           the page has a status block, so latencies exist.
 * @param miimonMs        the bond's miimon, from the block (-1 unknown).
 * @param arpIntervalMs   the bond's arp_interval, from the block (-1 unknown).
 * @param monitorMs       the publisher's monitor interval, from the block (-1 unknown).
 * @param bridgeTerm      the bridge's own term, kept beside an attached page by {@code exabond bridge}; null when
 *                        none (the simulator, exasock).
 * @param strategies      one result per idle strategy, in the order asked.
 * @param comparison      Java busy-spin and C in alternating rounds, or null.
 * @param firstFailovers  first failovers of fresh JVMs (empty when not asked).
 * @param elapsedMs       wall time of the run.
 */
public record ProfileResult(
    ProfileOptions options,
    MachineInfo machine,
    String loadAtEnd,
    double clockReadNs,
    PingPong.Floor floor,
    String publisher,
    String pagePath,
    boolean timed,
    int miimonMs,
    int arpIntervalMs,
    int monitorMs,
    BridgeTerm bridgeTerm,
    List<StrategyResult> strategies,
    Comparison comparison,
    List<FirstFailover.Sample> firstFailovers,
    long elapsedMs)
{
    /**
     * The Java busy-spin poller against the C poller, same publisher, alternating rounds.
     *
     * @param java          the Java side.
     * @param c             the C side.
     * @param roundWarmup   failovers discarded at the start of every round, on both sides.
     * @param otherThreads  context switches of the Java poller's JVM's other threads during the Java rounds, by
     *                      kind of thread: what took a CPU the C poller kept.
     */
    public record Comparison(StrategyResult java, StrategyResult c, long roundWarmup, Map<String, Long> otherThreads)
    {
    }
}
