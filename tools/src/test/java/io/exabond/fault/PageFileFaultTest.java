package io.exabond.fault;

import io.exabond.TestBonds;
import io.exabond.cli.Exabond;
import io.exabond.publish.PagePublisher;
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
import java.util.List;
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
    void shouldFollowTheNewPageWhenThePageFileIsReplaced() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        PagePublisher.create(path, TestBonds.fastBond0(), 0).close();
        final Watch watch = Watch.start(path, "--keep-going", "--count", "1");
        watch.awaitErr("watching");

        final Path replacement = dir.resolve("new-page");
        try (PagePublisher publisher = PagePublisher.create(replacement, TestBonds.fastBond0(), 1))
        {
            // The new publisher starts on the other member: the change between the pages is told, and counts.
            Files.move(replacement, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            assertEquals(0, watch.code(10), watch.err());
            final List<String> lines = watch.out().lines().map(l -> l.substring(l.indexOf("  ") + 2)).toList();
            assertEquals(List.of(
                "released: the page file " + path + " was replaced by a new one; last active exanic0:0",
                "following the new page " + path + ": active exanic0:1, generation " + publisher.generation(),
                "exanic0:0 -> exanic0:1  generation 0  missed 0  (between the released page and the new one)"),
                lines);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldReportADeletedPageFileAsReleasedAndFollowTheNextOne() throws Exception
    {
        final Path path = dir.resolve("exabond-bond0");
        try (PagePublisher first = PagePublisher.create(path, TestBonds.fastBond0(), 0))
        {
            final Watch watch = Watch.start(path, "--keep-going", "--count", "1");
            watch.awaitErr("watching");
            Files.delete(path);
            watch.awaitOut("released: the page file " + path + " was deleted; waiting for a new page at that path");
            first.publishActive(1);
            try (PagePublisher second = PagePublisher.create(path, TestBonds.fastBond0(), 0))
            {
                watch.awaitOut("following the new page " + path);
                second.publishActive(1);

                assertEquals(0, watch.code(10), watch.err());
                assertEquals(1, watch.out().lines().filter(l -> l.contains(" -> ")).count(),
                    "the deleted page's failover is not told; the new page's is: " + watch.out());
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
            await(err, text);
        }

        void awaitOut(final String text) throws InterruptedException
        {
            await(out, text);
        }

        private void await(final StringWriter printed, final String text) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!printed.toString().contains(text))
            {
                if (System.nanoTime() - deadline > 0 || code.isDone())
                {
                    throw new AssertionError("watch did not print '" + text + "': " + out + err);
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
