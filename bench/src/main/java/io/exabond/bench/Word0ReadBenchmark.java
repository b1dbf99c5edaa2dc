package io.exabond.bench;

import io.exabond.generated.exabond_grpinfo;
import io.exabond.internal.Word0;
import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;
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

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static io.exabond.bench.UnsafeAccess.UNSAFE;

/**
 * Benchmark 1: one read of word 0 of a mapped page, every way a Java program can do it, against
 * {@code Unsafe.getIntVolatile} on the mapped address (the floor) and against re-reading the bond's sysfs
 * {@code active_slave} text file (what a program does without this library).
 * <p>
 * The page is a page file written by {@link PagePublisher} on tmpfs and mapped by {@link BondPage}, as a reader maps
 * the driver's {@code /dev/exabond-<bond>}. Every variant that can order its load uses acquire (or volatile) ordering,
 * as the ABI asks; the jextract accessor cannot (it generates plain {@code get}s) and is marked so.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class Word0ReadBenchmark
{
    /** System property naming the C getter library; bench/run builds it into bench/target. */
    public static final String GETTER_LIBRARY_PROPERTY = "exabond.bench.word0getter";

    /** The handle of our API, made from the generated layout of word 0: coordinates (segment, {@link #WORD0}). */
    private static final VarHandle INT = PageLayout.GRPINFO_RAW_HANDLE;
    private static final long WORD0 = PageLayout.GRPINFO_OFFSET;
    private static final VarHandle BUFFER_INT = MethodHandles.byteBufferViewVarHandle(
        int[].class, ByteOrder.nativeOrder()).withInvokeExactBehavior();
    private static final long SIZE = 4096;
    /** A real sysfs text attribute of a net device that every Linux host has, read like active_slave would be. */
    private static final Path REAL_SYSFS_ATTRIBUTE = Path.of("/sys/class/net/lo/operstate");

    /** The page, its publisher and every view of it that does not depend on the reading thread. */
    @State(Scope.Benchmark)
    public static class Page
    {
        Path folder;
        PagePublisher publisher;
        BondPage page;
        long address;
        AddressHolder holder;
        MemorySegment global;
        Arena shared;
        MemorySegment sharedSegment;
        MemorySegment auto;
        FileChannel channel;
        MappedByteBuffer mapped;
        MethodHandle getter;
        MethodHandle criticalGetter;
        Path activeSlave;
        FileChannel sysfs;
        ByteBuffer sysfsBuffer;

        /**
         * Publishes and maps the page, and writes the sysfs-style file.
         *
         * @throws IOException when a file cannot be written.
         */
        @Setup(Level.Trial)
        public void setUp() throws IOException
        {
            folder = BenchPages.newFolder("exabond-bench-read");
            final Path pagePath = folder.resolve("exabond-bond0");
            publisher = PagePublisher.create(pagePath, BenchPages.bond(), 0);
            page = BondPage.open(pagePath);
            address = page.segment().address();
            holder = new AddressHolder(address);

            global = MemorySegment.ofAddress(address).reinterpret(SIZE, Arena.global(), null);
            shared = Arena.ofShared();
            sharedSegment = MemorySegment.ofAddress(address).reinterpret(SIZE, shared, null);
            auto = MemorySegment.ofAddress(address).reinterpret(SIZE, Arena.ofAuto(), null);

            channel = FileChannel.open(pagePath, StandardOpenOption.READ);
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, SIZE);

            final String library = System.getProperty(GETTER_LIBRARY_PROPERTY, "bench/target/libword0getter.so");
            final MemorySegment symbol = SymbolLookup.libraryLookup(Path.of(library), Arena.global())
                .find("exabond_bench_word0_acquire")
                .orElseThrow(() -> new IllegalStateException("no exabond_bench_word0_acquire in " + library));
            final FunctionDescriptor descriptor = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
            getter = Linker.nativeLinker().downcallHandle(symbol, descriptor);
            criticalGetter = Linker.nativeLinker().downcallHandle(symbol, descriptor, Linker.Option.critical(false));

            activeSlave = folder.resolve("active_slave");
            Files.writeString(activeSlave, BenchPages.ACTIVE_SLAVE + "\n", StandardCharsets.US_ASCII);
            sysfs = FileChannel.open(activeSlave, StandardOpenOption.READ);
            sysfsBuffer = ByteBuffer.allocateDirect(64);

            if (page.groupInfoAcquire() != UNSAFE.getIntVolatile(null, address) ||
                page.groupInfoAcquire() != (int)BUFFER_INT.getAcquire((ByteBuffer)mapped, PageLayout.GRPINFO_OFFSET))
            {
                throw new IllegalStateException("the views of the page disagree");
            }
        }

        /**
         * Unmaps and deletes everything.
         *
         * @throws IOException when a file cannot be closed.
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException
        {
            sysfs.close();
            channel.close();
            shared.close();
            page.close();
            publisher.close();
            BenchPages.deleteFolder(folder);
        }
    }

    /**
     * The page held in static final fields, as a program that opens its one page at class initialization would: the
     * JIT may then treat the segment as a constant and fold its bounds, alignment and owner checks (C2 trusts the
     * final fields of the JDK's segment classes, and of records, but not those of ordinary classes such as
     * {@link BondPage}). Opened once per forked JVM and left for the JVM's exit, like such a program's page.
     */
    static final class Constant
    {
        static final Path FOLDER = BenchPages.newFolder("exabond-bench-constant");
        static final PagePublisher PUBLISHER = PagePublisher.create(FOLDER.resolve("exabond-bond0"), BenchPages.bond(), 0);
        static final BondPage PAGE = BondPage.open(FOLDER.resolve("exabond-bond0"));
        static final MemorySegment SHARED = PAGE.segment();
        static final MemorySegment GLOBAL =
            MemorySegment.ofAddress(PAGE.segment().address()).reinterpret(SIZE, Arena.global(), null);
        static final PageRecord RECORD = new PageRecord(PAGE.segment());
        static final long ADDRESS = PAGE.segment().address();

        static
        {
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                PAGE.close();
                PUBLISHER.close();
                BenchPages.deleteFolder(FOLDER);
            }));
        }

        private Constant()
        {
        }
    }

    /** An object holding the address in a final field, as {@link BondPage} holds it: one dependent load more. */
    static final class AddressHolder
    {
        final long address;

        AddressHolder(final long address)
        {
            this.address = address;
        }
    }

    /**
     * A record holding the page's segment: C2 trusts record fields as final, so a static final record folds like a
     * static final segment.
     *
     * @param segment the page.
     */
    record PageRecord(MemorySegment segment)
    {
        int groupInfoAcquire()
        {
            return (int)INT.getAcquire(segment, WORD0);
        }
    }

    /** A real sysfs attribute kept open; in its own state so that a host without it fails this benchmark alone. */
    @State(Scope.Thread)
    public static class RealSysfs
    {
        FileChannel channel;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(64);

        /**
         * @throws IOException when the attribute cannot be opened.
         */
        @Setup(Level.Trial)
        public void setUp() throws IOException
        {
            channel = FileChannel.open(REAL_SYSFS_ATTRIBUTE, StandardOpenOption.READ);
        }

        /**
         * @throws IOException when it cannot be closed.
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException
        {
            channel.close();
        }
    }

    /** A segment of a confined arena: it may only be read by the thread that made it, so one per thread. */
    @State(Scope.Thread)
    public static class Confined
    {
        Arena arena;
        MemorySegment segment;

        /**
         * @param page the page to view.
         */
        @Setup(Level.Trial)
        public void setUp(final Page page)
        {
            arena = Arena.ofConfined();
            segment = MemorySegment.ofAddress(page.address).reinterpret(SIZE, arena, null);
        }

        /**
         * Closes the arena, on the thread that owns it.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            arena.close();
        }
    }

    /**
     * The floor: {@code Unsafe.getIntVolatile} on the mapped address.
     *
     * @param page the page.
     * @return word 0.
     */
    @Benchmark
    public int unsafeGetIntVolatile(final Page page)
    {
        return UNSAFE.getIntVolatile(null, page.address + WORD0);
    }

    /**
     * The floor for {@link #bondPageGroupInfoAcquire}: {@code Unsafe.getIntVolatile} on an address held, like the page's,
     * in a final field of another object ({@code state.holder.address}, as {@code state.page.address}).
     *
     * @param page the page.
     * @return word 0.
     */
    @Benchmark
    public int unsafeGetIntVolatileViaObject(final Page page)
    {
        return UNSAFE.getIntVolatile(null, page.holder.address);
    }

    /**
     * Our API: {@link BondPage#groupInfoAcquire()}: an acquire load by the page's address (kept in the page object)
     * through a constant global-scope segment, and the compare with the tombstone's word that keeps "a read after close
     * throws".
     *
     * @param page the page.
     * @return word 0.
     */
    @Benchmark
    public int bondPageGroupInfoAcquire(final Page page)
    {
        return page.page.groupInfoAcquire();
    }

    /**
     * The read a poller makes: {@code Word0.acquire(address)} with the address in an instance field, as for the
     * Unsafe floor above; the only difference from it is the read itself.
     *
     * @param page the page.
     * @return word 0.
     */
    @Benchmark
    public int word0AcquireByAddress(final Page page)
    {
        return Word0.acquire(page.address);
    }

    /**
     * The floor for the static forms: {@code Unsafe.getIntVolatile} on the address held in a static final field.
     *
     * @return word 0.
     */
    @Benchmark
    public int constantUnsafeGetIntVolatile()
    {
        return UNSAFE.getIntVolatile(null, Constant.ADDRESS + WORD0);
    }

    /**
     * Our API on a {@link BondPage} held in a static final field.
     *
     * @return word 0.
     */
    @Benchmark
    public int constantBondPage()
    {
        return Constant.PAGE.groupInfoAcquire();
    }

    /**
     * Our API's static form, {@link BondPage#groupInfoAcquire(MemorySegment)}, on the page's own (shared-arena)
     * segment held in a static final field: what the library recommends for the hottest loops.
     *
     * @return word 0.
     */
    @Benchmark
    public int constantSegmentOurApi()
    {
        return BondPage.groupInfoAcquire(Constant.SHARED);
    }

    /**
     * The acquire VarHandle on a global-arena segment held in a static final field.
     *
     * @return word 0.
     */
    @Benchmark
    public int constantGlobalSegment()
    {
        return (int)INT.getAcquire(Constant.GLOBAL, WORD0);
    }

    /**
     * The acquire VarHandle through a record, held in a static final field, whose component is the shared segment.
     *
     * @return word 0.
     */
    @Benchmark
    public int constantRecordShared()
    {
        return Constant.RECORD.groupInfoAcquire();
    }

    /**
     * The jextract-generated accessor, {@code exabond_grpinfo.raw(segment)}: a plain load, no ordering.
     *
     * @param page the page.
     * @return word 0.
     */
    @Benchmark
    public int jextractRawPlain(final Page page)
    {
        return exabond_grpinfo.raw(page.page.segment());
    }

    /**
     * The same acquire VarHandle on a segment of the global arena (never closed, so no liveness check).
     *
     * @param page the page.
     * @return word 0.
     */
    @Benchmark
    public int arenaGlobal(final Page page)
    {
        return (int)INT.getAcquire(page.global, WORD0);
    }

    /**
     * On a segment of a shared arena of the benchmark's own.
     *
     * @param page the page.
     * @return word 0.
     */
    @Benchmark
    public int arenaShared(final Page page)
    {
        return (int)INT.getAcquire(page.sharedSegment, WORD0);
    }

    /**
     * On a segment of a confined arena owned by the reading thread.
     *
     * @param confined the thread's segment.
     * @return word 0.
     */
    @Benchmark
    public int arenaConfined(final Confined confined)
    {
        return (int)INT.getAcquire(confined.segment, WORD0);
    }

    /**
     * On a segment of an automatic arena (closed by the GC).
     *
     * @param page the page.
     * @return word 0.
     */
    @Benchmark
    public int arenaAuto(final Page page)
    {
        return (int)INT.getAcquire(page.auto, WORD0);
    }

    /**
     * {@code MappedByteBuffer} of {@code FileChannel.map} through a {@code byteBufferViewVarHandle}.
     *
     * @param page the page.
     * @return word 0.
     */
    @Benchmark
    public int mappedByteBufferViewVarHandle(final Page page)
    {
        return (int)BUFFER_INT.getAcquire((ByteBuffer)page.mapped, PageLayout.GRPINFO_OFFSET);
    }

    /**
     * A downcall to a C getter that does the acquire load, through a plain downcall handle.
     *
     * @param page the page.
     * @return word 0.
     * @throws Throwable never; {@code invokeExact} declares it.
     */
    @Benchmark
    public int downcall(final Page page) throws Throwable
    {
        return (int)page.getter.invokeExact(page.page.segment());
    }

    /**
     * The same C getter through a {@code Linker.Option.critical(false)} handle, which skips the thread-state
     * transition: the cheapest downcall there is.
     *
     * @param page the page.
     * @return word 0.
     * @throws Throwable never; {@code invokeExact} declares it.
     */
    @Benchmark
    public int downcallCritical(final Page page) throws Throwable
    {
        return (int)page.criticalGetter.invokeExact(page.page.segment());
    }

    /**
     * Without this library, simplest form: {@code Files.readString} of the bond's {@code active_slave} file.
     *
     * @param page the page.
     * @return the file's length, so the read cannot be dropped.
     * @throws IOException never in practice.
     */
    @Benchmark
    public int sysfsReadString(final Page page) throws IOException
    {
        return Files.readString(page.activeSlave, StandardCharsets.US_ASCII).length();
    }

    /**
     * Without this library, careful form: a kept-open channel read from offset 0 into a reused direct buffer (sysfs
     * regenerates an attribute on a read at offset 0, so this sees changes).
     *
     * @param page the page.
     * @return the first byte read, so the read cannot be dropped.
     * @throws IOException never in practice.
     */
    @Benchmark
    public int sysfsChannelRead(final Page page) throws IOException
    {
        final ByteBuffer buffer = page.sysfsBuffer;
        buffer.clear();
        page.sysfs.read(buffer, 0);
        return buffer.get(0);
    }

    /**
     * Without this library, on real sysfs: a kept-open channel read from offset 0 of {@code /sys/class/net/lo/operstate},
     * a text attribute of a net device produced by the kernel on every read as {@code active_slave} is (kernfs, a
     * {@code show()} callback), where the temporary file above is served from the page cache.
     *
     * @param sysfs the open attribute.
     * @return the first byte read, so the read cannot be dropped.
     * @throws IOException never in practice.
     */
    @Benchmark
    public int sysfsRealAttributeRead(final RealSysfs sysfs) throws IOException
    {
        final ByteBuffer buffer = sysfs.buffer;
        buffer.clear();
        sysfs.channel.read(buffer, 0);
        return buffer.get(0);
    }
}
