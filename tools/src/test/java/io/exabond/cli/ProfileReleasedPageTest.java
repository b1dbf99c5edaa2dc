package io.exabond.cli;

import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sim.BondSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18.3: a page released while {@code profile --page} measures it ends the profile with one line, exit 1.
 */
class ProfileReleasedPageTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void shouldEndTheProfileWithOneLineWhenThePageIsReleased() throws Exception
    {
        final Path page = dir.resolve("exabond-bond0");
        final BondDescription bond = new BondDescription("bond0", 100, 100, 0,
            List.of(new Member("exa0", 0, 0, true, true), new Member("exa1", 0, 1, true, false)));
        try (PagePublisher publisher = PagePublisher.create(page, bond, 0))
        {
            final BondSimulator simulator = new BondSimulator(publisher, 0, 2_000_000, 3_000_000, 3);
            final Thread thread = Thread.ofPlatform().start(() -> simulator.run(generation -> { }));
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Exabond.execute(
                new PrintWriter(out), new PrintWriter(err), "profile", "--page", page.toString(), "--flips", "100000",
                "--warmup", "5", "--idle", "backoff", "--max-seconds", "60", "--out", dir.resolve("out").toString()));
            try
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!err.toString().contains("polling with idle strategy") && !code.isDone() &&
                    System.nanoTime() - deadline < 0)
                {
                    Thread.sleep(10);
                }
                Thread.sleep(300);
            }
            finally
            {
                simulator.stop();
                thread.join();
            }
            // As the driver releases a bond: the node goes, word 0 = 0 in the page left behind.
            publisher.release();

            assertEquals(ExitCode.ERROR, code.get(60, TimeUnit.SECONDS), out + "\n" + err);
            assertTrue(err.toString().contains("exabond profile: the page was released while it was profiled: " +
                page + " was removed (the bond left exasock management, or its publisher went); profile again once " +
                "it is back"), err.toString());
            assertFalse(err.toString().contains("\tat "), err.toString());
        }
    }
}
