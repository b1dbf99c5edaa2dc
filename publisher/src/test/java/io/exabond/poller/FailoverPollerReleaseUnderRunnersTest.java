package io.exabond.poller;

import io.exabond.internal.LibC;
import io.exabond.internal.PageMapping;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.publish.GroupInfoEncoder;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18.1, as BondPageCloseTest covers a close: a page released, many times over, under pollers running on their
 * own threads (one spinning, one backing off), each time managed again with the other slave active; and a node
 * replaced by a character device of another driver, which no poller follows.
 */
@Timeout(120)
class FailoverPollerReleaseUnderRunnersTest
{
    private static final int EXA0 = GroupInfoEncoder.encode(true, 0, 0);
    private static final int EXA1 = GroupInfoEncoder.encode(true, 0, 1);

    @TempDir
    Path dir;

    @Test
    void shouldReportEveryReleaseAndFollowEveryNewPageUnderRunningPollers() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        final int cycles = 20;
        PageMapping current = kernelPage(path, EXA0);
        try (BondPage page = BondPage.open(path))
        {
            final List<Recorded> recorders = List.of(new Recorded(), new Recorded());
            final List<IdleStrategy> idles = List.of(new BusySpinIdleStrategy(), new BackoffIdleStrategy());
            final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            final List<AgentRunner> runners = new ArrayList<>();
            for (int i = 0; i < recorders.size(); i++)
            {
                final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                    .bond("bond0", page)
                    .listener(recorders.get(i))
                    .counters(null)
                    .pageCheckIntervalNs(1_000_000L)
                    .warmUp(false));
                final AgentRunner runner = new AgentRunner(idles.get(i), errors::add, null, poller);
                AgentRunner.startOnThread(runner);
                runners.add(runner);
            }
            int active = EXA0;
            for (int cycle = 1; cycle <= cycles; cycle++)
            {
                final int released = cycle;
                // As the driver releases: the node first, then 0 in the page left behind, never written again.
                Files.delete(path);
                current.segment().set(ValueLayout.JAVA_INT, 0, 0);
                waitUntil(() -> recorders.stream().allMatch(r -> r.releases() == released));
                current.close();
                active = active == EXA0 ? EXA1 : EXA0;
                current = kernelPage(path, active);
                waitUntil(() -> recorders.stream().allMatch(r -> r.follows() == released));
            }
            runners.forEach(AgentRunner::close);
            current.close();

            assertTrue(errors.isEmpty(), errors.toString());
            for (final Recorded recorder : recorders)
            {
                assertEquals(cycles, recorder.releases());
                assertEquals(cycles, recorder.follows());
                assertEquals(cycles, recorder.changes(), "each new page names the other slave: one change each");
                assertEquals(0, recorder.zeros(), "the driver's closing 0 is never told as a failover");
            }
        }
    }

    @Test
    void shouldTellAReleaseWithinTheDefaultBoundWhetherOrNotWordZeroMoves() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        final int cycles = 10;
        final long boundNs = TimeUnit.MILLISECONDS.toNanos(100);
        PageMapping current = kernelPage(path, EXA0);
        try (BondPage page = BondPage.open(path))
        {
            final Recorded recorded = new Recorded();
            final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            // The default page check interval, under the idle strategy that sleeps the longest between polls.
            final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(), errors::add, null,
                new FailoverPoller(new FailoverPollerContext()
                    .bond("bond0", page)
                    .listener(recorded)
                    .counters(null)
                    .warmUp(false)));
            AgentRunner.startOnThread(runner);
            long worstWithZeroNs = 0;
            long worstNodeOnlyNs = 0;
            for (int cycle = 1; cycle <= cycles; cycle++)
            {
                final int released = cycle;
                final boolean driverOrder = cycle % 2 == 1;
                final long removedNs = System.nanoTime();
                Files.delete(path);
                if (driverOrder)
                {
                    // The driver's order: the node, then 0 in the page; the change to 0 is checked at once.
                    current.segment().set(ValueLayout.JAVA_INT, 0, 0);
                }
                waitUntil(() -> recorded.releases() == released);
                final long toldAfterNs = recorded.lastReleaseNs() - removedNs;
                if (driverOrder)
                {
                    worstWithZeroNs = Math.max(worstWithZeroNs, toldAfterNs);
                }
                else
                {
                    // Only the node gone, word 0 still the active slave: the page check on its interval finds it.
                    worstNodeOnlyNs = Math.max(worstNodeOnlyNs, toldAfterNs);
                    current.segment().set(ValueLayout.JAVA_INT, 0, 0);
                }
                current.close();
                current = kernelPage(path, EXA0);
                waitUntil(() -> recorded.follows() == released);
            }
            runner.close();
            current.close();

            System.out.printf("release told (backoff idle, default page check 10 ms, %d releases each, " +
                "System.nanoTime()): node removed then 0 stored, worst %d us; node removed only, worst %d us%n",
                cycles / 2, worstWithZeroNs / 1000, worstNodeOnlyNs / 1000);
            assertTrue(errors.isEmpty(), errors.toString());
            assertEquals(0, recorded.zeros(), "a release is never told as a failover to no active slave");
            assertTrue(worstWithZeroNs < boundNs, "told " + worstWithZeroNs + " ns after the node was removed");
            assertTrue(worstNodeOnlyNs < boundNs, "told " + worstNodeOnlyNs + " ns after the node was removed");
        }
    }

    @Test
    void shouldNotFollowANodeOfAnotherDriverInTheReleasedNodesPlace() throws Exception
    {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        final Path path = dir.resolve("exabond-bond0");
        // /dev/zero's numbers (1:5), which maps as a page whose word 0 is 0, stands for the driver's node.
        mknod(path, 1, 5);
        try (BondPage page = BondPage.open(path))
        {
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond0", page)
                .listener(listener)
                .counters(null)
                .maxPollsPerClockRead(1)
                .pageCheckIntervalNs(0)
                .warmUp(false));
            Files.delete(path);
            // A misc device (10:200), the exasock driver's major but not a page, would be followed and fail to map;
            // a tty's major (4) is refused before anything is opened.
            mknod(path, 4, 64);
            for (int i = 0; i < 8; i++)
            {
                poller.poll();
            }

            final List<Record> timeline = listener.timeline();
            assertEquals(2, timeline.size(), timeline.toString());
            assertEquals(new RecordingListener.Released("bond0", PageRelease.REPLACED, 0), timeline.get(0));
            assertEquals(new RecordingListener.FollowFailed("bond0", path + " is now a character device of major 4, " +
                "not 1 like the exasock node that was released: not following it"), timeline.get(1));
        }
    }

    private static void mknod(final Path path, final int major, final int minor) throws Exception
    {
        final Process mknod = new ProcessBuilder("mknod", path.toString(), "c", Integer.toString(major),
            Integer.toString(minor)).redirectErrorStream(true).start();
        assertTrue(mknod.waitFor(10, TimeUnit.SECONDS) && mknod.exitValue() == 0,
            new String(mknod.getInputStream().readAllBytes()));
    }

    private static PageMapping kernelPage(final Path path, final int word0) throws IOException
    {
        final Path temporary = path.resolveSibling(path.getFileName() + ".new");
        Files.write(temporary, new byte[(int)Math.max(LibC.pageSize(), 4096)]);
        final PageMapping mapping = PageMapping.map(temporary, true, "");
        mapping.segment().set(ValueLayout.JAVA_INT, 0, word0);
        Files.move(temporary, path);
        return mapping;
    }

    private static void waitUntil(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadline < 0, "not within 30 s");
            Thread.sleep(1);
        }
    }

    /** Counts what a running poller tells, for another thread to read. */
    static final class Recorded implements FailoverListener
    {
        private volatile long releases;
        private volatile long follows;
        private volatile long changes;
        private volatile long zeros;
        private volatile long lastReleaseNs;

        public void onFailover(final FailoverEvent event)
        {
            changes++;
            if (!GroupInfo.isActive(event.groupInfo()))
            {
                zeros++;
            }
        }

        public void onPageReleased(final PolledBond bond, final PageRelease release)
        {
            lastReleaseNs = System.nanoTime();
            releases++;
        }

        public void onPageFollowed(final PolledBond bond, final int groupInfo)
        {
            follows++;
        }

        long releases()
        {
            return releases;
        }

        long follows()
        {
            return follows;
        }

        long changes()
        {
            return changes;
        }

        long zeros()
        {
            return zeros;
        }

        long lastReleaseNs()
        {
            return lastReleaseNs;
        }
    }
}
