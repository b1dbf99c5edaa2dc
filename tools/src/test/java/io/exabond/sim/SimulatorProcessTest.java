package io.exabond.sim;

import io.exabond.testing.ChildJvm;
import io.exabond.page.BondPage;
import io.exabond.page.StatusBlockReader;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.PolledBond;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator in one JVM, a reader in another: the whole path a feed handler uses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimulatorProcessTest
{
    private static final int FLIPS = 40;

    @TempDir
    Path dir;

    @Test
    void shouldNoticeEveryFailoverOfASimulatorInAnotherProcessWithTheRightGeneration() throws Exception
    {
        final Path page = dir.resolve("page");
        final Path log = dir.resolve("simulate.log");
        final Process simulator = ChildJvm.exabond(log, "simulate", "--page", page.toString(),
            "--flips", Integer.toString(FLIPS), "--gap-us", "20000-40000",
            "--members", "exanic0:0,exanic0:1,exanic2:5");
        try
        {
            awaitBlock(page, simulator, log);
            try (BondPage bondPage = BondPage.open(page))
            {
                // Every generation the simulator publishes must be accounted for exactly once: noticed with its
                // own generation, or counted as missed by a generation jump. How many are missed depends on how
                // long the scheduler keeps the poller off the CPU (gaps are 20 ms or more, so none on a quiet
                // machine); the accounting must be exact whatever the load.
                final List<Long> accounted = new ArrayList<>();
                final long[] missed = new long[1];
                final long[] unpaired = new long[1];
                final FailoverListener listener = new FailoverListener()
                {
                    public void onFailover(final FailoverEvent event)
                    {
                        assertTrue(event.hasBlock());
                        if (event.generation() == FailoverEvent.NO_GENERATION)
                        {
                            // Seen while the simulator was writing: told at once, counted when the block is read.
                            unpaired[0]++;
                            return;
                        }
                        for (long g = event.generation() - event.missed(); g < event.generation(); g++)
                        {
                            accounted.add(g);
                        }
                        accounted.add(event.generation());
                        missed[0] += event.missed();
                    }

                    public void onMissedFailovers(final PolledBond bond, final long count, final long generation)
                    {
                        for (long g = generation - count + 1; g <= generation; g++)
                        {
                            accounted.add(g);
                        }
                        missed[0] += count;
                    }
                };
                final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                    .bond("bond0", bondPage)
                    .listener(listener));
                final long first = poller.bond(0).lastGeneration();
                while (poller.bond(0).lastGeneration() < FLIPS && simulator.isAlive())
                {
                    poller.poll();
                    Thread.onSpinWait();
                }
                poller.poll();

                assertEquals(0, simulator.waitFor(), Files.readString(log));
                assertEquals(FLIPS, poller.bond(0).lastGeneration());
                // Every generation once: those told with their generation in order, plus as many told without one
                // (the block was mid-write) as there are gaps.
                assertEquals(FLIPS - first, accounted.size() + unpaired[0], "missed " + missed[0] + ", unpaired " +
                    unpaired[0]);
                for (int i = 1; i < accounted.size(); i++)
                {
                    assertTrue(accounted.get(i) > accounted.get(i - 1), "in order, once each: " + accounted);
                }
                assertTrue(accounted.isEmpty() || accounted.getFirst() > first && accounted.getLast() <= FLIPS,
                    accounted.toString());
                assertEquals(missed[0], poller.missed());
            }
        }
        finally
        {
            simulator.destroyForcibly();
        }
    }

    static void awaitBlock(final Path page, final Process simulator, final Path log) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(page))
            {
                try (BondPage bondPage = BondPage.open(page))
                {
                    if (new StatusBlockReader(bondPage.segment()).hasBlock())
                    {
                        return;
                    }
                }
                catch (final io.exabond.page.PageException notYetAPage)
                {
                    // created but not yet extended to a page
                }
            }
            if (!simulator.isAlive())
            {
                throw new AssertionError("simulator exited: " + Files.readString(log));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no page after 30 s: " + Files.readString(log));
    }
}
