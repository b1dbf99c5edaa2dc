package io.exabond.profile;

import java.nio.file.Path;
import java.util.List;

/**
 * What one profiling run does, already validated by the command line.
 *
 * @param flips             failovers measured per idle strategy (after the warm-up).
 * @param warmup            failovers discarded at the start of each strategy.
 * @param gapMinUs          shortest gap between the simulator's failovers.
 * @param gapMaxUs          longest gap between the simulator's failovers.
 * @param idle              Agrona idle strategy aliases to measure, in order.
 * @param publisherCpu      CPU of the simulator's publishing thread (and of the echo side of the floor), or -1.
 * @param pollerCpu         CPU of the polling thread (and of the ping side of the floor), or -1.
 * @param attach            a page to attach to instead of starting a simulator, or null.
 * @param out               folder for the files written.
 * @param compareC          also measure the C poller, in rounds alternating with the Java busy-spin poller.
 * @param rounds            rounds of each side when comparing with C.
 * @param plainJavaLoop     in those rounds, poll from a plain loop instead of an {@code AgentRunner}.
 * @param firstFailoverJvms fresh JVMs whose first failover is measured, 0 for none.
 * @param firstFailoverWarm whether those JVMs keep the poller's warm-up in onStart, the default (false only to show
 *                          why).
 * @param firstFailoverSettleMs how long each of those JVMs polls an unchanging page before its failover.
 * @param seed              the simulator's random seed.
 * @param maxSeconds        bound on each strategy's listening when attached to a running publisher.
 * @param progress          draw a progress bar on stderr.
 * @param commandLine       the command as typed, for the record.
 */
public record ProfileOptions(
    long flips,
    long warmup,
    long gapMinUs,
    long gapMaxUs,
    List<String> idle,
    int publisherCpu,
    int pollerCpu,
    Path attach,
    Path out,
    boolean compareC,
    int rounds,
    boolean plainJavaLoop,
    int firstFailoverJvms,
    boolean firstFailoverWarm,
    long firstFailoverSettleMs,
    long seed,
    long maxSeconds,
    boolean progress,
    String commandLine)
{
    /**
     * @return true when the profiler starts its own simulator.
     */
    public boolean simulated()
    {
        return attach == null;
    }
}
