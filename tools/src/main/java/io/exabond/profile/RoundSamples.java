package io.exabond.profile;

/**
 * What one round of one poller recorded.
 *
 * @param latenciesNs  publisher-to-detection latency of each measured, timed failover, in order.
 * @param detectedNs   when each of them was noticed ({@link System#nanoTime()}), or -1 each when unknown.
 * @param warmupSeen   warm-up failovers seen (discarded).
 * @param warmupMissed warm-up failovers missed (discarded, but counted).
 * @param seen         measured failovers seen, timed or not.
 * @param missed       measured failovers missed (generation jumps).
 * @param untimed      measured failovers seen after word 0 had moved on again: no latency.
 * @param negative     latencies below zero, recorded as 0 (a clock problem; should stay 0).
 * @param stalls       times the publisher looked stalled.
 */
record RoundSamples(long[] latenciesNs, long[] detectedNs, long warmupSeen, long warmupMissed, long seen, long missed,
    long untimed, long negative, long stalls)
{
}
