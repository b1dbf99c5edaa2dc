package io.exabond.profile;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.List;

/**
 * Agrona idle strategies by their {@code ALIAS}, for a poller on its own thread.
 */
public final class IdleStrategies
{
    /** Every alias {@link #of(String)} knows, fastest reaction first. */
    public static final List<String> ALIASES = List.of(
        NoOpIdleStrategy.ALIAS, BusySpinIdleStrategy.ALIAS, YieldingIdleStrategy.ALIAS, BackoffIdleStrategy.ALIAS,
        SleepingIdleStrategy.ALIAS, SleepingMillisIdleStrategy.ALIAS);

    private IdleStrategies()
    {
    }

    /**
     * @param alias one of {@link #ALIASES}: {@code noop}, {@code spin}, {@code yield}, {@code backoff},
     *              {@code sleep-ns} (park 1 us), {@code sleep-ms} (sleep 1 ms).
     * @return a new strategy; stateful ones must not be shared between threads.
     * @throws IllegalArgumentException naming the known aliases.
     */
    public static IdleStrategy of(final String alias)
    {
        return switch (alias)
        {
            case NoOpIdleStrategy.ALIAS -> NoOpIdleStrategy.INSTANCE;
            case BusySpinIdleStrategy.ALIAS -> BusySpinIdleStrategy.INSTANCE;
            case YieldingIdleStrategy.ALIAS -> YieldingIdleStrategy.INSTANCE;
            case BackoffIdleStrategy.ALIAS -> new BackoffIdleStrategy();
            case SleepingIdleStrategy.ALIAS -> new SleepingIdleStrategy();
            case SleepingMillisIdleStrategy.ALIAS -> new SleepingMillisIdleStrategy();
            default -> throw new IllegalArgumentException(
                "unknown idle strategy '" + alias + "'; use one of " + String.join(", ", ALIASES));
        };
    }
}
