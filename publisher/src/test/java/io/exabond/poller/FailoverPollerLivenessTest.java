package io.exabond.poller;

import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.publish.PagePublisher;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The liveness check runs on a time interval, so that a stalled publisher is reported as fast under an idle strategy
 * that parks ({@code backoff}, parks of up to 1 ms) as under one that spins. The documented bound with the default
 * 1 ms interval is about 2 ms after the heartbeat goes stale; the test asserts a bound that a loaded 2-core machine
 * keeps (a parked thread may wait for a CPU), and far below what a check every 1024 polls gave under {@code
 * backoff} (about 1 s).
 */
@Timeout(60)
class FailoverPollerLivenessTest
{
    private static final int MONITOR_MS = 50;
    private static final long BOUND_NS = TimeUnit.MILLISECONDS.toNanos(150);

    @ParameterizedTest
    @ValueSource(strings = {BackoffIdleStrategy.ALIAS, BusySpinIdleStrategy.ALIAS})
    void shouldReportAStalledPublisherWithinTheBoundUnderEveryIdleStrategy(final String idle) throws Exception
    {
        try (Arena arena = Arena.ofShared())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(2, MONITOR_MS), 0);
            final AtomicLong stalledAtNs = new AtomicLong();
            final AtomicReference<Throwable> error = new AtomicReference<>();
            final FailoverListener listener = new FailoverListener()
            {
                public void onFailover(final FailoverEvent event)
                {
                }

                public void onPublisherStalled(final PolledBond bond, final StallReason reason,
                    final long heartbeatAgeNs)
                {
                    stalledAtNs.compareAndSet(0, System.nanoTime());
                }
            };
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond0", page, "test page")
                .counters(null)
                .listener(listener)
                .warmUp(false));

            final IdleStrategy strategy = BackoffIdleStrategy.ALIAS.equals(idle) ? new BackoffIdleStrategy() :
                new BusySpinIdleStrategy();
            try (AgentRunner runner = new AgentRunner(strategy, error::set, null, poller))
            {
                AgentRunner.startOnThread(runner);
                // A live publisher for a while, so that the poller settles into its idle strategy's rhythm (under
                // backoff: parked, reading the clock at every poll), then it stops.
                final long liveUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
                while (System.nanoTime() - liveUntil < 0)
                {
                    publisher.heartbeat();
                    Thread.sleep(5);
                }
                assertEquals(0, stalledAtNs.get(), "stalled while the publisher was live");
                final StatusSnapshot last = new StatusSnapshot();
                assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page).read(last));
                final long staleAtNs = last.heartbeatNs() + StatusSnapshot.staleAfterNs(MONITOR_MS);

                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (stalledAtNs.get() == 0 && System.nanoTime() - deadline < 0)
                {
                    Thread.sleep(1);
                }

                assertNull(error.get());
                assertTrue(stalledAtNs.get() != 0, "no stall reported within 10 s under " + idle);
                final long lateNs = stalledAtNs.get() - staleAtNs;
                System.out.printf("liveness under %s: stall reported %.3f ms after the heartbeat went stale%n",
                    idle, lateNs / 1e6);
                assertTrue(lateNs >= 0, "reported before the heartbeat was stale: " + lateNs + " ns");
                assertTrue(lateNs < BOUND_NS, "under " + idle + " the stall was reported " + lateNs / 1_000_000 +
                    " ms after the heartbeat went stale; bound " + TimeUnit.NANOSECONDS.toMillis(BOUND_NS) + " ms");
            }
        }
    }
}
