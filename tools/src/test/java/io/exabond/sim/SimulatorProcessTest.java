package io.exabond.sim;

import io.exabond.testing.ChildJvm;
import io.exabond.page.BondPage;
import io.exabond.page.StatusBlockReader;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
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
                final FailoverListener listener = new FailoverListener()
                {
                    public void onFailover(final FailoverEvent event)
                    {
                        assertTrue(event.hasBlock());
                        assertEquals(event.groupInfo(), event.snapshot().activeRaw());
                        for (long g = event.generation() - event.missed(); g < event.generation(); g++)
                        {
                            accounted.add(g);
                        }
                        accounted.add(event.generation());
                        missed[0] += event.missed();
                    }

                    public void onMissedFailovers(final long count, final long generation)
                    {
                        for (long g = generation - count + 1; g <= generation; g++)
                        {
                            accounted.add(g);
                        }
                        missed[0] += count;
                    }
                };
                final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                    .page(bondPage)
                    .bondName("bond0")
                    .listener(listener));
                final long first = poller.lastGeneration();
                while (poller.lastGeneration() < FLIPS && simulator.isAlive())
                {
                    poller.poll();
                    Thread.onSpinWait();
                }
                poller.poll();

                assertEquals(0, simulator.waitFor(), Files.readString(log));
                assertEquals(FLIPS, poller.lastGeneration());
                final List<Long> expected = new ArrayList<>();
                for (long g = first + 1; g <= FLIPS; g++)
                {
                    expected.add(g);
                }
                assertEquals(expected, accounted, "missed " + missed[0]);
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
