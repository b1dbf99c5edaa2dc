package io.exabond.fault;

import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.PolledBond;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.StallReason;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Records what a {@link FailoverPoller} reports, and polls it until a condition holds or a deadline passes.
 */
final class Recorder implements FailoverListener
{
    final List<Long> generations = new ArrayList<>();
    final List<StallReason> stalls = new ArrayList<>();
    int recoveries;

    public void onFailover(final FailoverEvent event)
    {
        generations.add(event.generation());
    }

    public void onPublisherStalled(final PolledBond bond, final StallReason reason, final long heartbeatAgeNs)
    {
        stalls.add(reason);
    }

    public void onPublisherRecovered(final PolledBond bond)
    {
        recoveries++;
    }

    long lastGeneration()
    {
        return generations.isEmpty() ? -1 : generations.get(generations.size() - 1);
    }

    /**
     * Polls until the condition holds, yielding between polls.
     *
     * @param poller    the poller that reports to this recorder.
     * @param condition what to wait for.
     * @param timeoutMs the bound.
     * @return true when it held in time.
     */
    static boolean pollUntil(final FailoverPoller poller, final BooleanSupplier condition, final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            poller.poll();
            Thread.yield();
        }
        return true;
    }
}
