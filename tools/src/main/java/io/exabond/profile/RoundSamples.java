package io.exabond.profile;

/**
 * What one round of one poller recorded.
 *
 * @param listenerNs   publisher-to-listener-entry latency of each measured, timed failover, in order.
 * @param word0Ns      publisher-to-detection latency of each of them (the load that saw word 0 change).
 * @param detectedNs   when each of them was noticed ({@link System#nanoTime()}), or -1 each when unknown.
 * @param handoffNs    detection-to-listener-entry time of each measured failover seen, timed or not.
 * @param handoffDetectedNs when each of those was noticed, or -1 each when unknown.
 * @param warmupSeen   warm-up failovers seen (discarded).
 * @param warmupMissed warm-up failovers missed (discarded, but counted).
 * @param seen         measured failovers seen, timed or not.
 * @param missed       measured failovers missed (generation jumps).
 * @param untimed      measured failovers seen after word 0 had moved on again: no latency.
 * @param negative     latencies below zero, recorded as 0 (a clock problem; should stay 0).
 * @param stalls       times the publisher looked stalled.
 */
record RoundSamples(long[] listenerNs, long[] word0Ns, long[] detectedNs, long[] handoffNs, long[] handoffDetectedNs,
    long warmupSeen, long warmupMissed, long seen, long missed,
    long untimed, long negative, long stalls)
{
}
