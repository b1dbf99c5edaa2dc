package io.exabond.bench;

import io.exabond.page.BondPage;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.publish.PagePublisher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 2: {@link FailoverPoller#poll()} when nothing changed (the duty-cycle cost a feed handler pays on every
 * loop), and when word 0 changed (with the status-block snapshot), each against the same loop on Unsafe
 * ({@link UnsafePoller}).
 * <p>
 * No change: a page file mapped by {@link BondPage}, as in production, the default context: liveness checked every
 * 1 ms and the page's path every 10 ms on the poller's clock reads, counters kept (the Unsafe loop checks every 1024
 * polls); and the same over two and four pages with one poller. Change: a private in-memory page whose {@link PagePublisher} fails over in the
 * benchmark method, then one poll; {@link #publishOnly} measures the failover alone, so the poll's share is the
 * difference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class PollBenchmark
{
    /** Consumes events the way a listener that copies what it needs would. */
    static final class CountingListener implements FailoverListener
    {
        long failovers;
        long lastGeneration;

        public void onFailover(final FailoverEvent event)
        {
            failovers++;
            lastGeneration = event.generation();
        }
    }

    /** A published page file, mapped read-only, and both pollers over it. */
    @State(Scope.Thread)
    public static class Quiet
    {
        Path folder;
        PagePublisher publisher;
        BondPage page;
        FailoverPoller poller;
        UnsafePoller unsafePoller;
        AddressPoller addressPoller;
        UnsafeMinimalPoller unsafeMinimalPoller;

        /**
         * Publishes, maps and builds the pollers.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            folder = BenchPages.newFolder("exabond-bench-poll");
            final Path path = folder.resolve("exabond-bond0");
            publisher = PagePublisher.create(path, BenchPages.bond(), 0);
            page = BondPage.open(path);
            poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond0", page)
                .listener(new CountingListener()));
            final int pollsPerCheck = FailoverPollerContext.DEFAULT_MAX_POLLS_PER_CLOCK_READ;
            unsafePoller = new UnsafePoller(page.segment().address(), pollsPerCheck);
            addressPoller = new AddressPoller(page, pollsPerCheck);
            unsafeMinimalPoller = new UnsafeMinimalPoller(page, pollsPerCheck);
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

    /** Several published page files, mapped read-only, and one poller over all of them (an A and a B feed...). */
    public abstract static class Bonds
    {
        Path folder;
        final List<PagePublisher> publishers = new ArrayList<>();
        final List<BondPage> pages = new ArrayList<>();
        FailoverPoller poller;

        void setUp(final int bonds)
        {
            folder = BenchPages.newFolder("exabond-bench-bonds");
            final FailoverPollerContext context = new FailoverPollerContext().listener(new CountingListener());
            for (int i = 0; i < bonds; i++)
            {
                final Path path = folder.resolve("exabond-bond" + i);
                publishers.add(PagePublisher.create(path, BenchPages.bond(), 0));
                final BondPage page = BondPage.open(path);
                pages.add(page);
                context.bond("bond" + i, page);
            }
            poller = new FailoverPoller(context);
        }

        /**
         * Unmaps and deletes.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            poller.onClose();
            pages.forEach(BondPage::close);
            publishers.forEach(PagePublisher::close);
            BenchPages.deleteFolder(folder);
        }
    }

    /** Two bonds. */
    @State(Scope.Thread)
    public static class TwoBonds extends Bonds
    {
        /**
         * Publishes, maps and builds the poller.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            setUp(2);
        }
    }

    /** Four bonds. */
    @State(Scope.Thread)
    public static class FourBonds extends Bonds
    {
        /**
         * Publishes, maps and builds the poller.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            setUp(4);
        }
    }

    /** A private in-memory page that the benchmark fails over, with a poller of each kind over it. */
    @State(Scope.Thread)
    public static class Flipping
    {
        Arena arena;
        PagePublisher publisher;
        FailoverPoller poller;
        UnsafePoller unsafePoller;
        CountingListener listener;
        int next = 1;

        /**
         * Publishes the page and builds the pollers.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            arena = Arena.ofShared();
            final MemorySegment memory = arena.allocate(4096, 4096);
            publisher = PagePublisher.inMemory(memory, BenchPages.bond(), 0);
            listener = new CountingListener();
            poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond0", memory, "the benchmark's page")
                .listener(listener));
            unsafePoller = new UnsafePoller(memory.address(), FailoverPollerContext.DEFAULT_MAX_POLLS_PER_CLOCK_READ);
        }

        /**
         * Checks that every failover was noticed (none missed), then frees the page.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (poller.missed() != 0 || unsafePoller.missed() != 0)
            {
                throw new IllegalStateException("failovers missed: poller " + poller.missed() + ", unsafe " +
                    unsafePoller.missed());
            }
            arena.close();
        }

        void failover()
        {
            publisher.publishActive(next);
            next ^= 1;
        }
    }

    /**
     * {@link FailoverPoller#poll()}, nothing changed.
     *
     * @param quiet the page.
     * @return the poll's result.
     */
    @Benchmark
    public int pollNoChange(final Quiet quiet)
    {
        return quiet.poller.poll();
    }

    /**
     * {@link FailoverPoller#poll()} over two bonds' pages, nothing changed.
     *
     * @param bonds the pages.
     * @return the poll's result.
     */
    @Benchmark
    public int pollNoChangeTwoBonds(final TwoBonds bonds)
    {
        return bonds.poller.poll();
    }

    /**
     * {@link FailoverPoller#poll()} over four bonds' pages, nothing changed.
     *
     * @param bonds the pages.
     * @return the poll's result.
     */
    @Benchmark
    public int pollNoChangeFourBonds(final FourBonds bonds)
    {
        return bonds.poller.poll();
    }

    /**
     * The no-change path of a poller reading by address ({@link AddressPoller}, what {@link FailoverPoller} becomes
     * with {@code Word0.acquire}), nothing changed.
     *
     * @param quiet the page.
     * @return the poll's result.
     */
    @Benchmark
    public int addressPollNoChange(final Quiet quiet)
    {
        return quiet.addressPoller.poll();
    }

    /**
     * {@link #addressPollNoChange}'s loop on Unsafe ({@link UnsafeMinimalPoller}), nothing changed: its floor.
     *
     * @param quiet the page.
     * @return the poll's result.
     */
    @Benchmark
    public int unsafeMinimalPollNoChange(final Quiet quiet)
    {
        return quiet.unsafeMinimalPoller.poll();
    }

    /**
     * The same loop on Unsafe, nothing changed.
     *
     * @param quiet the page.
     * @return the poll's result.
     */
    @Benchmark
    public int unsafePollNoChange(final Quiet quiet)
    {
        return quiet.unsafePoller.poll();
    }

    /**
     * One failover published, then {@link FailoverPoller#poll()} notices it and takes the snapshot.
     *
     * @param flipping the page.
     * @return the poll's result.
     */
    @Benchmark
    public int pollChanged(final Flipping flipping)
    {
        flipping.failover();
        return flipping.poller.poll();
    }

    /**
     * One failover published, then the Unsafe loop notices it and takes the snapshot.
     *
     * @param flipping the page.
     * @return the poll's result.
     */
    @Benchmark
    public int unsafePollChanged(final Flipping flipping)
    {
        flipping.failover();
        return flipping.unsafePoller.poll();
    }

    /**
     * One failover published and nobody polling: the part of the two above that is not the poll.
     *
     * @param flipping the page.
     * @return the publisher's generation.
     */
    @Benchmark
    public long publishOnly(final Flipping flipping)
    {
        flipping.failover();
        return flipping.publisher.generation();
    }
}
