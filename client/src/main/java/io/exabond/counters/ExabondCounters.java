package io.exabond.counters;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.ConcurrentCountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A process's counters, in a small mapped file that other processes read ({@code exabond stat}, the Prometheus
 * export, {@code doctor}), as Aeron keeps its clients' counters in the CnC file for {@code AeronStat}: pollers count
 * failovers, missed failovers, stalls and releases and keep a heartbeat there; bridges their passes and reaction. The
 * file is {@code <dir>/exabond-counters-<pid>} (layout: {@link CountersFileDescriptor}), made with an Agrona
 * {@link ConcurrentCountersManager}.
 * <p>
 * {@link #forProcess()} is the one file of this JVM, made on first use under {@code /dev/shm} (or the folder the
 * system property {@value #DIRECTORY_PROPERTY} names) and deleted when the JVM exits normally; a process killed
 * leaves its file, which readers show as dead. {@link #create(Path)} makes another, for tests.
 * <p>
 * Threading: {@link #newCounter} and a counter's {@code close()} may be called from any thread (the manager is
 * concurrent); each counter has one writer, which stores with release ordering, off its hot path.
 */
public final class ExabondCounters implements AutoCloseable
{
    /** System property naming the folder of {@link #forProcess()}'s file; default {@code /dev/shm}. */
    public static final String DIRECTORY_PROPERTY = "exabond.counters.dir";
    /** The default folder: shared memory, so that counting touches no disk. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/dev/shm");

    private static ExabondCounters processCounters;

    private final Path file;
    private final ByteBuffer mapped;
    private final ConcurrentCountersManager manager;
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[CounterKey.LENGTH]);

    private ExabondCounters(final Path file, final ByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
        final AtomicBuffer metadata = CountersFileDescriptor.metadataBuffer(buffer);
        final AtomicBuffer values = CountersFileDescriptor.valuesBuffer(buffer);
        this.manager = new ConcurrentCountersManager(metadata, values, StandardCharsets.US_ASCII);
    }

    /**
     * The counters file of this JVM, made on first call and deleted when the JVM exits normally.
     *
     * @return the file's counters.
     * @throws CountersFileException when the file cannot be made; the message names the folder and the property.
     */
    public static synchronized ExabondCounters forProcess()
    {
        if (processCounters == null)
        {
            final String configured = System.getProperty(DIRECTORY_PROPERTY);
            final Path directory = configured != null ? Path.of(configured) :
                Files.isDirectory(DEFAULT_DIRECTORY) && Files.isWritable(DEFAULT_DIRECTORY) ? DEFAULT_DIRECTORY :
                Path.of(System.getProperty("java.io.tmpdir"));
            final ExabondCounters counters = create(directory);
            // Delete the name only: a poller may still count during shutdown, and the mapping stays valid until exit.
            Runtime.getRuntime().addShutdownHook(
                Thread.ofPlatform().name("exabond-counters-cleanup").unstarted(counters::deleteFile));
            processCounters = counters;
        }
        return processCounters;
    }

    /**
     * Makes {@code <directory>/exabond-counters-<pid>}, replacing a file of that name (left by a dead process whose
     * pid this one now has).
     *
     * @param directory where.
     * @return the file's counters; {@link #close()} deletes it.
     * @throws CountersFileException when it cannot be made.
     */
    public static ExabondCounters create(final Path directory)
    {
        checkAgronaAccess();
        final ProcessHandle self = ProcessHandle.current();
        final Path file = directory.resolve(CountersFileDescriptor.FILE_PREFIX + self.pid());
        final MappedByteBuffer mapped;
        try
        {
            Files.createDirectories(directory);
            Files.deleteIfExists(file);
            mapped = IoUtil.mapNewFile(file.toFile(), CountersFileDescriptor.FILE_LENGTH, true);
        }
        catch (final IOException | RuntimeException e)
        {
            throw new CountersFileException(file, "cannot create the counters file " + file + ": " + e.getMessage() +
                ". Give a writable folder with -D" + DIRECTORY_PROPERTY + "=DIR.", e);
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped);
        header.putInt(CountersFileDescriptor.HEADER_LENGTH_OFFSET, CountersFileDescriptor.HEADER_LENGTH);
        header.putInt(CountersFileDescriptor.METADATA_LENGTH_OFFSET, CountersFileDescriptor.METADATA_LENGTH);
        header.putInt(CountersFileDescriptor.VALUES_LENGTH_OFFSET, CountersFileDescriptor.VALUES_LENGTH);
        header.putLong(CountersFileDescriptor.PID_OFFSET, self.pid());
        header.putLong(CountersFileDescriptor.START_TIME_OFFSET, startTimeMs(self));
        final byte[] command = commandLine().getBytes(StandardCharsets.UTF_8);
        header.putBytes(CountersFileDescriptor.COMMAND_OFFSET, command, 0,
            Math.min(command.length, CountersFileDescriptor.COMMAND_LENGTH));
        // Last, with release: a reader that sees the version sees everything before it.
        header.putIntRelease(CountersFileDescriptor.VERSION_OFFSET, CountersFileDescriptor.LAYOUT_VERSION);
        return new ExabondCounters(file, mapped);
    }

    /**
     * Agrona's buffers, which its {@code CountersManager} writes through, use {@code jdk.internal.misc.Unsafe}: without
     * the export their first use fails with an {@code IllegalAccessError} deep inside Agrona. Fail here instead, with
     * the flag to add.
     *
     * @throws IllegalCallerException naming {@code --add-exports} in its class-path and module-path forms, and how to
     *                                do without counters.
     */
    public static void checkAgronaAccess()
    {
        final Module agrona = UnsafeBuffer.class.getModule();
        if (!isAgronaAccessible())
        {
            throw new IllegalCallerException("exabond keeps its counters (for exabond stat and monitoring) with " +
                "Agrona's CountersManager, whose buffers need the JVM option --add-exports java.base/jdk.internal." +
                "misc=" + (agrona.isNamed() ? agrona.getName() : "ALL-UNNAMED (on the module path: =org.agrona)") +
                "; add it, or keep no counters: FailoverPollerContext.counters(null)");
        }
    }

    /**
     * Counters in this process's memory only, laid out as a file but in no file: for code that must run the counting
     * paths without publishing anything (the poller's warm-up).
     *
     * @return counters nobody else sees; {@link #close()} does nothing.
     * @throws IllegalCallerException as {@link #checkAgronaAccess()}.
     */
    public static ExabondCounters inMemory()
    {
        checkAgronaAccess();
        final ByteBuffer memory = ByteBuffer.allocateDirect(CountersFileDescriptor.FILE_LENGTH);
        final UnsafeBuffer header = new UnsafeBuffer(memory);
        header.putInt(CountersFileDescriptor.HEADER_LENGTH_OFFSET, CountersFileDescriptor.HEADER_LENGTH);
        header.putInt(CountersFileDescriptor.METADATA_LENGTH_OFFSET, CountersFileDescriptor.METADATA_LENGTH);
        header.putInt(CountersFileDescriptor.VALUES_LENGTH_OFFSET, CountersFileDescriptor.VALUES_LENGTH);
        return new ExabondCounters(null, memory);
    }

    /**
     * @return whether Agrona's buffers may be used in this JVM (see {@link #checkAgronaAccess()}).
     */
    public static boolean isAgronaAccessible()
    {
        return Object.class.getModule().isExported("jdk.internal.misc", UnsafeBuffer.class.getModule());
    }

    /**
     * Allocates a counter; not for a hot path (it takes a lock and writes the metadata).
     *
     * @param type  what it counts.
     * @param label how tools show it, e.g. {@code "failovers bond0 (/dev/exabond-bond0)"}.
     * @param bond  the bond it belongs to.
     * @param page  the page's path or name.
     * @return the counter; its {@code close()} frees it.
     * @throws IllegalStateException when the file has no room left ({@value CountersFileDescriptor#MAX_COUNTERS}).
     */
    public AtomicCounter newCounter(final CounterType type, final String label, final String bond, final String page)
    {
        synchronized (key)
        {
            CounterKey.write(key, bond, page);
            final byte[] text = label.getBytes(StandardCharsets.US_ASCII);
            return manager.newCounter(type.id(), key, 0, CounterKey.LENGTH, new UnsafeBuffer(text), 0,
                Math.min(text.length, CountersReader.MAX_LABEL_LENGTH));
        }
    }

    /**
     * @return a reader of this file's counters, in this process.
     */
    public CountersReader reader()
    {
        return manager;
    }

    /**
     * @return the file, or null for {@link #inMemory()} counters.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Deletes the file and unmaps it: only when no counter of it is written any more.
     */
    public void close()
    {
        if (file != null)
        {
            deleteFile();
            IoUtil.unmap(mapped);
        }
    }

    private void deleteFile()
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignored)
        {
            // A counters file left behind is shown as a dead process's and harms nothing.
        }
    }

    private static long startTimeMs(final ProcessHandle process)
    {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static String commandLine()
    {
        final String command = System.getProperty("sun.java.command", "");
        return command.isEmpty() ? "java" : command;
    }
}
