package io.exabond.fault;

import io.exabond.TestBonds;

import io.exabond.page.BondPage;
import io.exabond.publish.PagePublisher;
import io.exabond.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 32 reader threads and 4 reader processes against one writer publishing failovers as fast as it can for 3 s:
 * no reader ever accepts a torn snapshot, and the writer never waits for readers (they map the page read-only and
 * cannot signal it; its loop has no wait). Retry counts, stalls and the worst snapshot time are printed, not
 * asserted: on a loaded 2-core machine a writer descheduled mid-write makes readers spin or stall.
 */
class ConcurrentReadersTest
{
    /** Long enough that only a writer descheduled for 1 s would make a reader report a stall. */
    static final long STALL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long DURATION_MS = 3_000;
    private static final Pattern RESULT = Pattern.compile(
        "RESULT snapshots=(\\d+) torn=(\\d+) stalled=(\\d+) retries=(\\d+) maxRetries=(\\d+) worstNs=(\\d+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldNeverShowATornSnapshotToManyReaders() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        try (PagePublisher publisher = PagePublisher.create(path, TestBonds.fastBond0(), 0);
            BondPage page = BondPage.open(path))
        {
            final List<ChildJvm> processes = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                processes.add(ChildJvm.start(ReaderMain.class, path.toString(), Long.toString(DURATION_MS)));
            }
            for (final ChildJvm process : processes)
            {
                process.awaitLine("READING", 60_000);
            }

            final AtomicBoolean running = new AtomicBoolean(true);
            final List<SnapshotChecker> checkers = new ArrayList<>();
            final List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 32; i++)
            {
                final SnapshotChecker checker = new SnapshotChecker(page.segment());
                checkers.add(checker);
                final Thread thread = new Thread(() ->
                {
                    while (running.get())
                    {
                        checker.readOnce(STALL_TIMEOUT_NS);
                    }
                }, "reader-" + i);
                threads.add(thread);
                thread.start();
            }

            long writes = 0;
            long worstWriteNs = 0;
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DURATION_MS);
            long now = System.nanoTime();
            while (now - end < 0)
            {
                publisher.publishActive((int)(writes & 1) ^ 1);
                writes++;
                final long after = System.nanoTime();
                worstWriteNs = Math.max(worstWriteNs, after - now);
                now = after;
            }
            running.set(false);
            for (final Thread thread : threads)
            {
                thread.join(10_000);
            }

            long snapshots = 0;
            long torn = 0;
            long stalled = 0;
            long retries = 0;
            long maxRetries = 0;
            long worstNs = 0;
            for (final SnapshotChecker checker : checkers)
            {
                snapshots += checker.snapshots;
                torn += checker.torn;
                stalled += checker.stalled;
                retries += checker.retries;
                maxRetries = Math.max(maxRetries, checker.maxRetries);
                worstNs = Math.max(worstNs, checker.worstNs);
            }
            System.out.printf("writer: %d failovers in %d ms (System.nanoTime), worst write %d ns, generation %d%n",
                writes, DURATION_MS, worstWriteNs, publisher.generation());
            System.out.printf("32 reader threads: snapshots %d, torn %d, stalled %d, retries %d (max %d in one read)," +
                " worst read %d ns%n", snapshots, torn, stalled, retries, maxRetries, worstNs);
            assertEquals(0, torn, "torn snapshots in reader threads");
            // Not every one of 32 spinning threads is sure to finish a read on 2 cores in 3 s; together they must.
            assertTrue(snapshots > 0, "the reader threads took snapshots");

            for (int i = 0; i < processes.size(); i++)
            {
                final ChildJvm process = processes.get(i);
                try (process)
                {
                    assertEquals(0, process.awaitExit(30_000), process.stderr());
                    final Matcher result = RESULT.matcher(process.awaitLine("RESULT", 1_000));
                    assertTrue(result.find());
                    System.out.println("reader process " + i + ": " + result.group());
                    assertTrue(Long.parseLong(result.group(1)) > 0, "the process took snapshots");
                    assertEquals(0, Long.parseLong(result.group(2)), "torn snapshots in reader process " + i);
                }
            }
            assertTrue(writes > 0 && publisher.generation() == writes, "every write published a failover");
        }
    }
}
