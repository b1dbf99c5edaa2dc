package io.exabond.poller;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.page.BondPage;
import io.exabond.publish.PagePublisher;
import io.exabond.sim.BondSimulator;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A poller against a simulator publishing from another thread, through the three ways of running an agent.
 */
@Timeout(60)
class FailoverPollerSimulatedRunTest
{
    @TempDir
    Path dir;

    @Test
    void shouldGiveTheListenerEveryFailoverOfASimulatedRunInOrderOnAnAgentRunner() throws Exception
    {
        final int flips = 300;
        final Path file = dir.resolve("page");
        try (PagePublisher publisher = PagePublisher.create(file, TestPages.bond(3, 1000), 0);
            BondPage page = BondPage.open(file))
        {
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond0", page)
                .counters(null)
                .listener(listener));
            final AtomicReference<Throwable> error = new AtomicReference<>();
            final Map published = new Map();
            try (AgentRunner runner = new AgentRunner(new YieldingIdleStrategy(), error::set, null, poller))
            {
                AgentRunner.startOnThread(runner);
                final BondSimulator simulator = new BondSimulator(publisher, flips, 300_000, 600_000, 7);
                assertEquals(flips, simulator.run(generation -> published.put(generation, publisher.groupInfo())));
                waitUntil(() -> listener.accounted == flips || error.get() != null);
            }
            assertNull(error.get());

            long generation = 0;
            int previous = published.raws.get(0L);
            for (final Record report : listener.timeline())
            {
                // Under load a preempted poller may miss some: then a jump says how many, never silently.
                if (report instanceof RecordingListener.Seen event && event.generation() == FailoverEvent.NO_GENERATION)
                {
                    // Under load the publisher may be preempted between block and word 0: a change whose block
                    // could not be paired is reported without a generation, and counts as one.
                    assertFalse(event.timed(), event.toString());
                    assertTrue(published.raws.containsValue(event.groupInfo()), event.toString());
                    assertEquals(previous, event.previousGroupInfo());
                    previous = event.groupInfo();
                    generation++;
                }
                else if (report instanceof RecordingListener.Seen event)
                {
                    assertEquals(generation + 1 + event.missed(), event.generation(), event.toString());
                    assertEquals(published.raws.get(event.generation()), event.groupInfo());
                    assertEquals(previous, event.previousGroupInfo());
                    // Untimed only after missed failovers: the word seen may be an earlier publication of the same
                    // slave.
                    assertTrue(event.timed() ? event.latencyNs() >= 0 : event.missed() > 0, event.toString());
                    previous = event.groupInfo();
                    generation = event.generation();
                }
                else if (report instanceof RecordingListener.Missed missed)
                {
                    assertEquals(generation + missed.missed(), missed.generation(), missed.toString());
                    generation = missed.generation();
                }
            }
            assertEquals(flips, generation);
            assertEquals(flips, poller.failovers() + poller.missed(), "every failover reported or counted as missed");
        }
    }

    @Test
    void shouldCountMissedFailoversWhenThePublisherFlipsFasterThanASlowPoller() throws Exception
    {
        final int flips = 400;
        final Path file = dir.resolve("page");
        try (PagePublisher publisher = PagePublisher.create(file, TestPages.bond(2, 1000), 0);
            BondPage page = BondPage.open(file))
        {
            final RecordingListener recorder = new RecordingListener();
            // A listener that takes 2 ms per failover, against a publisher that flips every 20-40 us.
            final FailoverListener slow = new FailoverListener()
            {
                public void onFailover(final FailoverEvent event)
                {
                    recorder.onFailover(event);
                    sleepMillis(2);
                }

                public void onMissedFailovers(final PolledBond bond, final long missed, final long generation)
                {
                    recorder.onMissedFailovers(bond, missed, generation);
                }
            };
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond0", page)
                .counters(null)
                .listener(slow)
                .maxPollsPerClockRead(1)
                .livenessCheckIntervalNs(0)
                .stallTimeoutNs(50_000_000L));
            final Thread simulatorThread = Thread.ofPlatform().start(
                () -> new BondSimulator(publisher, flips, 20_000, 40_000, 3).run(generation -> { }));
            final AgentInvoker invoker = new AgentInvoker(Throwable::printStackTrace, null, poller);
            invoker.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (recorder.accounted < flips && System.nanoTime() - deadline < 0)
            {
                invoker.invoke();
            }
            simulatorThread.join();
            invoker.close();

            assertEquals(flips, recorder.accounted, "failovers seen plus missed");
            assertTrue(poller.missed() > flips / 2, "missed " + poller.missed());
            assertTrue(recorder.failovers().size() < flips / 2, "seen " + recorder.failovers().size());
            assertEquals(flips, poller.failovers() + poller.missed());
        }
    }

    @Test
    void shouldRunNextToOtherAgentsInACompositeAgent() throws Exception
    {
        final int flips = 100;
        final Path file = dir.resolve("page");
        try (PagePublisher publisher = PagePublisher.create(file, TestPages.bond(2, 1000), 0);
            BondPage page = BondPage.open(file))
        {
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond0", page)
                .counters(null)
                .listener(listener));
            final CountingAgent other = new CountingAgent();
            final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            final ErrorHandler errorHandler = errors::add;
            try (AgentRunner runner = new AgentRunner(new YieldingIdleStrategy(), errorHandler, null,
                new CompositeAgent(other, poller)))
            {
                AgentRunner.startOnThread(runner);
                new BondSimulator(publisher, flips, 200_000, 400_000, 5).run(generation -> { });
                waitUntil(() -> listener.accounted == flips);
            }
            assertTrue(errors.isEmpty(), errors.toString());
            assertEquals(flips, listener.accounted);
            assertTrue(other.calls > 0, "the other agent ran too: " + other.calls);
            assertTrue(other.closed);
        }
    }

    @Test
    void shouldPinOnlyTheAgentRunnerThreadStartedOnAPinnedThreadFactory() throws Exception
    {
        final int cpu = firstAllowedCpu();
        final String mainCpusBefore = ThreadAffinity.currentThreadCpus();
        final Path file = dir.resolve("page");
        PagePublisher.create(file, TestPages.bond(2, 1000), 0).close();
        try (BondPage page = BondPage.open(file))
        {
            final java.util.Map<String, String> threadCpus = new ConcurrentHashMap<>();
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond0", page)
                .counters(null)
                .listener(new RecordingListener()));
            final Agent probe = new Agent()
            {
                public int doWork()
                {
                    threadCpus.putIfAbsent("poller", ThreadAffinity.currentThreadCpus());
                    return 0;
                }

                public String roleName()
                {
                    return "probe";
                }
            };
            final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            try (AgentRunner runner = new AgentRunner(new YieldingIdleStrategy(), errors::add, null,
                new CompositeAgent(poller, probe)))
            {
                AgentRunner.startOnThread(runner, new PinnedThreadFactory(cpu));
                waitUntil(() -> threadCpus.containsKey("poller"));
            }
            assertTrue(errors.isEmpty(), errors.toString());
            assertEquals(Integer.toString(cpu), threadCpus.get("poller"));
            assertEquals(mainCpusBefore, ThreadAffinity.currentThreadCpus(), "the test thread kept its CPUs");
        }
    }

    private static int firstAllowedCpu()
    {
        return Integer.parseInt(ThreadAffinity.allowedCpus().split("[-,]")[0]);
    }

    private static void waitUntil(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("condition not reached within 20 s");
            }
            sleepMillis(1);
        }
    }

    private static void sleepMillis(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Word 0 published at each generation, filled by the simulator thread.
     */
    static final class Map
    {
        final java.util.Map<Long, Integer> raws = new ConcurrentHashMap<>();

        Map()
        {
            raws.put(0L, GroupInfoEncoder.encode(true, 0, 0));
        }

        void put(final long generation, final int raw)
        {
            raws.put(generation, raw);
        }
    }

    /**
     * Another agent of a duty cycle.
     */
    static final class CountingAgent implements Agent
    {
        volatile long calls;
        volatile boolean closed;

        public int doWork()
        {
            calls++;
            return 0;
        }

        public void onClose()
        {
            closed = true;
        }

        public String roleName()
        {
            return "counting";
        }
    }
}
