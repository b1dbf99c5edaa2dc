package io.exabond.bench;

import io.exabond.page.BondPage;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.publish.PagePublisher;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 3: a seqlock snapshot of the status block ({@link StatusBlockReader#read(StatusSnapshot)} into a reused
 * {@link StatusSnapshot}), uncontended, and while a writer thread publishes continuously (a JMH group of one writer
 * and one reader on the same page), counting the torn copies the reader retried.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SnapshotBenchmark
{
    /** A published page file, mapped read-only by the readers. */
    @State(Scope.Benchmark)
    public static class Page
    {
        Path folder;
        PagePublisher publisher;
        BondPage page;
        StatusBlockReader reader;
        int active;

        /**
         * Publishes and maps the page.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            folder = BenchPages.newFolder("exabond-bench-snapshot");
            final Path path = folder.resolve("exabond-bond0");
            publisher = PagePublisher.create(path, BenchPages.bond(), 0);
            page = BondPage.open(path);
            reader = new StatusBlockReader(page.segment());
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

    /** The reader's own holder. */
    @State(Scope.Thread)
    public static class Holder
    {
        final StatusSnapshot snapshot = new StatusSnapshot();
    }

    /**
     * Reads and retries, summed over an iteration: retries per read is their ratio. {@code EVENTS} counters are
     * reported as totals, not rates.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Retries
    {
        /** Snapshots taken. */
        public long reads;
        /** Torn copies thrown away and retried. */
        public long retries;
        /** Reads that ended in anything but CONSISTENT (must stay 0). */
        public long failures;

        /**
         * Zeroes the counters: JMH reports them per iteration.
         */
        @Setup(Level.Iteration)
        public void clear()
        {
            reads = 0;
            retries = 0;
            failures = 0;
        }
    }

    /**
     * One snapshot, no writer.
     *
     * @param page   the page.
     * @param holder the reused snapshot.
     * @return the snapshot's generation.
     */
    @Benchmark
    public long uncontended(final Page page, final Holder holder)
    {
        final StatusSnapshot snapshot = holder.snapshot;
        if (page.reader.read(snapshot) != StatusBlockReader.Status.CONSISTENT)
        {
            throw new IllegalStateException("snapshot not consistent: " + page.reader.problem());
        }
        return snapshot.generation();
    }

    /**
     * One snapshot while the writer of this group publishes continuously.
     *
     * @param page     the page.
     * @param holder   the reused snapshot.
     * @param counters the reads and retries.
     * @return the snapshot's generation.
     */
    @Benchmark
    @Group("contended")
    @GroupThreads(1)
    public long contendedReader(final Page page, final Holder holder, final Retries counters)
    {
        final StatusSnapshot snapshot = holder.snapshot;
        if (page.reader.read(snapshot) != StatusBlockReader.Status.CONSISTENT)
        {
            counters.failures++;
        }
        counters.reads++;
        counters.retries += snapshot.retries();
        return snapshot.generation();
    }

    /**
     * The writer: one failover published per call (a full seqlock write of the block, then word 0).
     *
     * @param page the page.
     * @return the generation published.
     */
    @Benchmark
    @Group("contended")
    @GroupThreads(1)
    public long contendedWriter(final Page page)
    {
        page.active ^= 1;
        return page.publisher.publishActive(page.active);
    }
}
