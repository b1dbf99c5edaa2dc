package io.exabond.profile;

import java.nio.file.Path;

/**
 * What one trigger profile ({@code profile BOND --trigger N}) does, already validated by the command line.
 *
 * @param bond        the bond to fail over.
 * @param page        its page: the node {@code <dev>/exabond-BOND}, or a bridge's page file.
 * @param sysfsRoot   where sysfs is mounted.
 * @param kind        how each failover is made.
 * @param failovers   failovers measured, after the warm-up; at most {@link #MAX_FAILOVERS}.
 * @param warmup      failovers made first and discarded.
 * @param gapMinMs    shortest random gap before each failover, ms; -1 for the default, from the bond.
 * @param gapMaxMs    longest random gap, ms; -1 for the default.
 * @param timeoutMs   how long a failover may take to reach the listener before it counts as not seen; -1 for the
 *                    default, from the bond's predicted budget.
 * @param idle        the poller's idle strategy (an alias of {@code IdleStrategies}).
 * @param pollerCpu   CPU of the polling thread, or -1.
 * @param pollDelayNs the reader's poll delay for the predicted budget, or -1 to measure it as {@code doctor} does.
 * @param seed        seed of the random gaps.
 * @param out         folder for the files written.
 * @param progress    draw a progress bar on stderr.
 * @param commandLine the command as typed, for the record.
 */
public record TriggerOptions(
    String bond,
    Path page,
    Path sysfsRoot,
    TriggerKind kind,
    int failovers,
    int warmup,
    long gapMinMs,
    long gapMaxMs,
    long timeoutMs,
    String idle,
    int pollerCpu,
    long pollDelayNs,
    long seed,
    Path out,
    boolean progress,
    String commandLine)
{
    /** The most failovers one run makes: a sane bound on failing a live bond over (about 1 h at miimon 100). */
    public static final int MAX_FAILOVERS = 10_000;
    /** The most warm-up failovers. */
    public static final int MAX_WARMUP = 1_000;
    /** Warm-up failovers by default: one each way on a bond of two, paying the first calls of the write path. */
    public static final int DEFAULT_WARMUP = 2;
    /** The idle strategy by default: a feed handler's poller spins. */
    public static final String DEFAULT_IDLE = "spin";
}
