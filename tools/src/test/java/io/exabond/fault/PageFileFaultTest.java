package io.exabond.fault;

import io.exabond.TestBonds;
import io.exabond.cli.Exabond;
import io.exabond.publish.PagePublisher;
import io.exabond.sim.BondSimulator;
import io.exabond.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page file changed under a running {@code watch}: truncated (a read of the mapping faults: SIGBUS, which the
 * JVM turns into an InternalError), replaced by another file, or deleted.
 */
class PageFileFaultTest
{
    /** A thread per task: the common pool has one thread on a 2-core machine, which a simulator would hold. */
    static final Executor OWN_THREAD = task ->
    {
        final Thread thread = new Thread(task, "page-file-fault-test");
        thread.setDaemon(true);
        thread.start();
    };

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldEndWatchWithClearErrorWhenPageFileIsTruncated() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        PagePublisher.create(path, TestBonds.fastBond0(), 0).close();
        // In a child JVM: were SIGBUS to crash the JVM, it would take only the child down, with exit 134.
        try (ChildJvm watch = ChildJvm.start(Exabond.class, "watch", "--page", path.toString(), "--idle", "yield",
            "--keep-going"))
        {
            watch.awaitLine("watching " + path, 30_000);
            try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
            {
                file.setLength(0);
            }
            final int code = watch.awaitExit(30_000);
            assertEquals(1, code, watch.stderr());
            assertTrue(watch.stderr().contains("faulted") && watch.stderr().contains("truncated or removed"),
                watch.stderr());
            assertFalse(watch.stderr().contains("\tat ") || watch.stderr().contains("SIGBUS (0x7)"), watch.stderr());
        }
        try (Stream<Path> crashLogs = Files.list(Path.of(".")))
        {
            assertTrue(crashLogs.noneMatch(p -> p.getFileName().toString().startsWith("hs_err")), "no JVM crash log");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldEndWatchWhenPageFileIsReplaced() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        PagePublisher.create(path, TestBonds.fastBond0(), 0).close();
        final Watch watch = Watch.start(path, "--keep-going");
        watch.awaitErr("watching");

        final Path replacement = dir.resolve("new-page");
        PagePublisher.create(replacement, TestBonds.fastBond0(), 1).close();
        Files.move(replacement, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertEquals(1, watch.code(10), watch.err());
        assertTrue(watch.err().contains("now names another file"), watch.err());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldKeepWatchingWhenPageFileIsDeleted() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        try (PagePublisher publisher = PagePublisher.create(path, TestBonds.fastBond0(), 0))
        {
            final BondSimulator simulator = new BondSimulator(publisher, 0, 15_000_000L, 25_000_000L, 7);
            final CompletableFuture<Long> flips =
                CompletableFuture.supplyAsync(() -> simulator.run(g -> { }), OWN_THREAD);
            try
            {
                final Watch watch = Watch.start(path, "--count", "100");
                watch.awaitErr("watching");
                Files.delete(path);

                assertEquals(0, watch.code(20), watch.err());
                assertTrue(watch.err().contains("was deleted; still watching"), watch.err());
                // 100 failovers at 15-25 ms take about 2 s, so most are noticed after the deletion (missed ones count).
                assertTrue(watch.out().lines().filter(l -> l.contains(" -> ")).count() >= 50, watch.out());
            }
            finally
            {
                simulator.stop();
                flips.get(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * {@code exabond watch} in-process on its own thread.
     */
    static final class Watch
    {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final CompletableFuture<Integer> code;

        private Watch(final String... args)
        {
            code = CompletableFuture.supplyAsync(() ->
                Exabond.execute(new PrintWriter(out), new PrintWriter(err), args), OWN_THREAD);
        }

        static Watch start(final Path path, final String... options)
        {
            final String[] args = Stream.concat(Stream.of("watch", "--page", path.toString(), "--idle", "yield"),
                Stream.of(options)).toArray(String[]::new);
            return new Watch(args);
        }

        void awaitErr(final String text) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!err.toString().contains(text))
            {
                if (System.nanoTime() - deadline > 0 || code.isDone())
                {
                    throw new AssertionError("watch did not print '" + text + "': " + err);
                }
                Thread.sleep(5);
            }
        }

        int code(final int timeoutSeconds) throws Exception
        {
            return code.get(timeoutSeconds, TimeUnit.SECONDS);
        }

        String out()
        {
            return out.toString();
        }

        String err()
        {
            return err.toString();
        }
    }
}
