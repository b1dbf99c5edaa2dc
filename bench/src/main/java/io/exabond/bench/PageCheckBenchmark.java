package io.exabond.bench;

import io.exabond.internal.PathWatch;
import io.exabond.page.BondPage;
import io.exabond.publish.PagePublisher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a poller's release handling costs, off its no-change path: the look at the page's path it makes every page
 * check interval ({@link PathWatch#check()}, one {@code stat(2)}, allocation-free), and the step it takes on the
 * polling thread to follow a re-managed bond (mapping the new page, and the old owned one closed). The costs that
 * chose a {@code stat} on the poller's clock read over an inotify watch or another thread (docs/benchmarks.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class PageCheckBenchmark
{
    /** A published page file, mapped read-only, and a watch of its path. */
    @State(Scope.Thread)
    public static class Watched
    {
        Path folder;
        PagePublisher publisher;
        BondPage page;
        PathWatch watch;

        /**
         * Publishes and maps.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            folder = BenchPages.newFolder("exabond-bench-check");
            final Path path = folder.resolve("exabond-bond0");
            publisher = PagePublisher.create(path, BenchPages.bond(), 0);
            page = BondPage.open(path);
            watch = new PathWatch(path, page.device(), page.inode());
        }

        /**
         * Unmaps and deletes.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            page.close();
            publisher.close();
            BenchPages.deleteFolder(folder);
        }
    }

    /**
     * One look at the path: what a poller pays per bond every page check interval (10 ms by default).
     *
     * @param watched the page.
     * @return what the path names.
     */
    @Benchmark
    public int pathCheck(final Watched watched)
    {
        return watched.watch.check();
    }

    /**
     * Between iterations of {@link #followNewPage}: a closed page keeps its read-only tombstone mapped until the GC
     * finds the page unreachable, so thousands of opens a second would run into the kernel's limit of mappings
     * (ENOMEM) long before a GC; a poller follows a page once per re-manage.
     */
    @State(Scope.Thread)
    public static class Collected
    {
        /**
         * Lets the Cleaner unmap the tombstones of the pages the last iteration closed.
         */
        @Setup(Level.Iteration)
        public void collect()
        {
            System.gc();
        }
    }

    /**
     * Mapping a page and closing it again: the follow step, once per re-manage; timed in batches of 100 (single shot),
     * with the tombstones collected between batches.
     *
     * @param watched   the page.
     * @param collected collects between batches.
     * @return its word 0.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 20, batchSize = 100)
    @Measurement(iterations = 40, batchSize = 100)
    public int followNewPage(final Watched watched, final Collected collected)
    {
        try (BondPage page = BondPage.open(watched.watch.path()))
        {
            return page.groupInfoAcquire();
        }
    }
}
