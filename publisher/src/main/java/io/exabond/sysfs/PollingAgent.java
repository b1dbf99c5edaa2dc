package io.exabond.sysfs;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The polling bridge's duty cycle, an Agrona {@link Agent}: one pass per interval, at a fixed rate from the first
 * (a pass that overran its interval is followed at once by the next, not by a burst). A change of
 * {@code active_slave} is therefore published by the first pass that starts after it, within one interval. Its
 * runner idles with {@link #idleStrategy()}, which parks until the next pass is due.
 */
final class PollingAgent implements Agent
{
    /** The longest park, so that a stop takes effect soon whatever the interval. */
    static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(EventAgent.MAX_WAIT_MS);

    private final BridgePass pass;
    private final BooleanSupplier stopping;
    private long dueNs;

    /**
     * @param pass     the bridge's pass.
     * @param stopping true once the bridge is asked to stop.
     */
    PollingAgent(final BridgePass pass, final BooleanSupplier stopping)
    {
        this.pass = pass;
        this.stopping = stopping;
    }

    public void onStart()
    {
        dueNs = System.nanoTime();
    }

    public int doWork()
    {
        if (stopping.getAsBoolean())
        {
            throw new AgentTerminationException(true);
        }
        if (System.nanoTime() - dueNs < 0)
        {
            return 0;
        }
        final int intervalMs = pass.pass();
        dueNs += TimeUnit.MILLISECONDS.toNanos(intervalMs);
        final long now = System.nanoTime();
        if (dueNs - now < 0)
        {
            dueNs = now;
        }
        return 1;
    }

    public String roleName()
    {
        return "exabond-bridge-poll-" + pass.bondName();
    }

    /**
     * @return an idle strategy that parks until the next pass is due, or {@link #MAX_PARK_NS} at most; an unpark of
     *         the bridge's thread cuts it short.
     */
    IdleStrategy idleStrategy()
    {
        return new IdleStrategy()
        {
            public void idle(final int workCount)
            {
                if (workCount == 0)
                {
                    idle();
                }
            }

            public void idle()
            {
                final long wait = Math.min(dueNs - System.nanoTime(), MAX_PARK_NS);
                if (wait > 0 && !stopping.getAsBoolean())
                {
                    LockSupport.parkNanos(this, wait);
                }
            }

            public void reset()
            {
            }

            public String alias()
            {
                return "until-due";
            }
        };
    }
}
