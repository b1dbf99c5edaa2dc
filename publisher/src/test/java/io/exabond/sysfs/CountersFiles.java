package io.exabond.sysfs;

import io.exabond.counters.CountersFileDescriptor;
import io.exabond.counters.ExabondCounters;

import org.agrona.SemanticVersion;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counters files as other processes leave them, for tests of their readers: a copy of a live file as if another pid
 * had written it (dead, or alive), one cut short, one of another layout version.
 */
public final class CountersFiles
{
    /** A pid no process can have: above Linux's largest {@code pid_max} (2^22). */
    public static final long NEVER_A_PID = 99_999_999L;
    /** A pid that always runs: init's. A file named for it may be a live process's. */
    public static final long INIT_PID = 1;

    private CountersFiles()
    {
    }

    /**
     * Copies a counters file into a folder as the file of another process, with no start time (so that any process
     * that has the pid counts as its writer) and {@code java} as its command line.
     *
     * @param file      a counters file, e.g. {@code ExabondCounters.create(dir).file()}.
     * @param directory where the copy goes, as {@code exabond-counters-<pid>}.
     * @param pid       the writer it names: {@link #NEVER_A_PID} for a dead one, a running child's pid for a live one.
     * @return the copy.
     * @throws IOException when it cannot be written.
     */
    public static Path copyAs(final Path file, final Path directory, final long pid) throws IOException
    {
        Files.createDirectories(directory);
        final Path copy = directory.resolve(CountersFileDescriptor.FILE_PREFIX + pid);
        Files.copy(file, copy);
        try (RandomAccessFile out = new RandomAccessFile(copy.toFile(), "rw"))
        {
            out.seek(CountersFileDescriptor.PID_OFFSET);
            out.write(littleEndian(pid));
            out.seek(CountersFileDescriptor.START_TIME_OFFSET);
            out.write(littleEndian(0));
            // The command line of that process, not this one's (a test runner's, which changes from run to run).
            final byte[] command = new byte[CountersFileDescriptor.COMMAND_LENGTH];
            command[0] = 'j';
            command[1] = 'a';
            command[2] = 'v';
            command[3] = 'a';
            out.seek(CountersFileDescriptor.COMMAND_OFFSET);
            out.write(command);
        }
        return copy;
    }

    /**
     * @param directory where.
     * @param pid       the pid in its name.
     * @return a counters file cut short after its first 100 bytes, as a full disk or a killed writer may leave it.
     * @throws IOException when it cannot be written.
     */
    public static Path truncated(final Path directory, final long pid) throws IOException
    {
        Files.createDirectories(directory);
        final Path file = directory.resolve(CountersFileDescriptor.FILE_PREFIX + pid);
        final ByteBuffer header = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(CountersFileDescriptor.VERSION_OFFSET, CountersFileDescriptor.LAYOUT_VERSION);
        Files.write(file, header.array());
        return file;
    }

    /**
     * @param file      a counters file.
     * @param directory where the copy goes.
     * @param pid       the pid in its name and header.
     * @return a copy whose layout version has another major (a newer exabond's).
     * @throws IOException when it cannot be written.
     */
    public static Path otherVersion(final Path file, final Path directory, final long pid) throws IOException
    {
        final Path copy = copyAs(file, directory, pid);
        try (RandomAccessFile out = new RandomAccessFile(copy.toFile(), "rw"))
        {
            out.seek(CountersFileDescriptor.VERSION_OFFSET);
            out.write(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(SemanticVersion.compose(CountersFileDescriptor.MAJOR_VERSION + 1, 0, 0)).array());
        }
        return copy;
    }

    /**
     * Keeps a bridge's term in a counters file as a bridge of the page does ({@code BridgeCounters}), for tests of
     * what reads it in another module.
     *
     * @param file the counters file; this process plays the bridge's.
     * @param bond the bond.
     * @param page the page the bridge publishes.
     * @param term the term to keep.
     * @return closing it frees the counters, as a bridge's close does.
     */
    public static Closeable bridgeTerm(final ExabondCounters file, final String bond, final Path page,
        final BridgeTerm term)
    {
        final BridgeCounters counters = new BridgeCounters(file, bond, page);
        counters.term(term);
        return counters::close;
    }

    private static byte[] littleEndian(final long value)
    {
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }
}
