package io.exabond.counters;

import org.agrona.IoUtil;
import org.agrona.SemanticVersion;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Another process's counters file ({@link ExabondCounters}), mapped read-only, as Aeron's {@code CncFileReader} maps
 * a CnC file for {@code AeronStat}: the header checked once at {@link #map(Path)}, then the counters read through an
 * Agrona {@link CountersReader}, and whether the writer still runs.
 */
public final class CountersFileReader implements AutoCloseable
{
    /** Whether the process that writes a file still runs. */
    public enum Liveness
    {
        /** The process runs: the counters move. */
        ALIVE,
        /** No process has the pid: it exited without deleting its file (killed), and the counters are its last. */
        DEAD,
        /** Another process has the pid now: the writer is dead and its pid reused. */
        PID_REUSED
    }

    private final Path file;
    private final MappedByteBuffer mapped;
    private final CountersReader counters;
    private final long pid;
    private final long startTimeMs;
    private final String command;
    private final int version;

    private CountersFileReader(final Path file, final MappedByteBuffer mapped, final UnsafeBuffer buffer)
    {
        this.file = file;
        this.mapped = mapped;
        this.version = buffer.getIntAcquire(CountersFileDescriptor.VERSION_OFFSET);
        this.pid = buffer.getLong(CountersFileDescriptor.PID_OFFSET);
        this.startTimeMs = buffer.getLong(CountersFileDescriptor.START_TIME_OFFSET);
        final byte[] bytes = new byte[CountersFileDescriptor.COMMAND_LENGTH];
        buffer.getBytes(CountersFileDescriptor.COMMAND_OFFSET, bytes);
        int length = 0;
        while (length < bytes.length && bytes[length] != 0)
        {
            length++;
        }
        this.command = new String(bytes, 0, length, StandardCharsets.UTF_8);
        this.counters = new CountersReader(CountersFileDescriptor.metadataBuffer(buffer),
            CountersFileDescriptor.valuesBuffer(buffer), StandardCharsets.US_ASCII);
    }

    /**
     * Maps a counters file read-only and checks its header.
     *
     * @param file the file, {@code exabond-counters-<pid>}.
     * @return the reader; close it.
     * @throws CountersFileException when the file is missing, truncated, of another layout version, or still being
     *                               created; the message says which.
     */
    public static CountersFileReader map(final Path file)
    {
        final long size;
        try
        {
            size = Files.size(file);
        }
        catch (final NoSuchFileException e)
        {
            throw new CountersFileException(file, "no counters file " + file + ": its process has ended (it deletes " +
                "the file when it exits)");
        }
        catch (final IOException e)
        {
            throw new CountersFileException(file, "cannot read the counters file " + file + ": " + e.getMessage(), e);
        }
        if (size < CountersFileDescriptor.HEADER_LENGTH)
        {
            throw new CountersFileException(file, file + " is " + size + " bytes, shorter than a counters file's " +
                "header (" + CountersFileDescriptor.HEADER_LENGTH + "): truncated, or not a counters file; delete it");
        }
        final MappedByteBuffer mapped;
        try
        {
            mapped = IoUtil.mapExistingFile(file.toFile(), FileChannel.MapMode.READ_ONLY, "counters", 0, size);
        }
        catch (final RuntimeException e)
        {
            throw new CountersFileException(file, "cannot map the counters file " + file + ": " + e.getMessage(), e);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
        final String problem = problem(file, buffer, size);
        if (problem != null)
        {
            IoUtil.unmap(mapped);
            throw new CountersFileException(file, problem);
        }
        return new CountersFileReader(file, mapped, buffer);
    }

    /**
     * @param directory a folder of counters files, e.g. {@code /dev/shm}.
     * @return the counters files in it, sorted by name; empty when the folder does not exist.
     * @throws CountersFileException when the folder cannot be listed.
     */
    public static List<Path> find(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory))
        {
            final List<Path> found = new ArrayList<>();
            files.filter(path -> path.getFileName().toString().startsWith(CountersFileDescriptor.FILE_PREFIX))
                .sorted()
                .forEach(found::add);
            return found;
        }
        catch (final IOException e)
        {
            throw new CountersFileException(directory, "cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String problem(final Path file, final UnsafeBuffer buffer, final long size)
    {
        final int version = buffer.getIntAcquire(CountersFileDescriptor.VERSION_OFFSET);
        if (version == 0)
        {
            return file + " has no layout version yet: its process is creating it, or it is not a counters file";
        }
        final String versionProblem = CountersFileDescriptor.checkVersion(version);
        if (versionProblem != null)
        {
            return file + " was written by another version of exabond (" + versionProblem + "): read it with " +
                "that version's tools";
        }
        final long header = buffer.getInt(CountersFileDescriptor.HEADER_LENGTH_OFFSET);
        final long metadata = buffer.getInt(CountersFileDescriptor.METADATA_LENGTH_OFFSET);
        final long values = buffer.getInt(CountersFileDescriptor.VALUES_LENGTH_OFFSET);
        if (header != CountersFileDescriptor.HEADER_LENGTH || metadata < 0 || values < 0 ||
            metadata % CountersReader.METADATA_LENGTH != 0 || values % CountersReader.COUNTER_LENGTH != 0 ||
            metadata / CountersReader.METADATA_LENGTH != values / CountersReader.COUNTER_LENGTH)
        {
            return file + "'s header is damaged (header " + header + ", metadata " + metadata + ", values " + values +
                " bytes): delete it";
        }
        if (header + metadata + values > size)
        {
            return file + " is " + size + " bytes, shorter than its header says (" + (header + metadata + values) +
                "): truncated; delete it";
        }
        return null;
    }

    /**
     * @return the file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the writer's pid.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * @return the writer's start time, ms since the epoch (0 when it could not know it).
     */
    public long startTimeMs()
    {
        return startTimeMs;
    }

    /**
     * @return the writer's command line, at most 96 bytes of it.
     */
    public String command()
    {
        return command;
    }

    /**
     * @return the file's layout version, as {@code major.minor.patch}.
     */
    public String version()
    {
        return SemanticVersion.toString(version);
    }

    /**
     * @return the counters; read them while this reader is open.
     */
    public CountersReader counters()
    {
        return counters;
    }

    /**
     * @return whether the writer still runs: a process with its pid and its start time.
     */
    public Liveness liveness()
    {
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive())
        {
            return Liveness.DEAD;
        }
        final long started = process.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return startTimeMs == 0 || started == 0 || started == startTimeMs ? Liveness.ALIVE : Liveness.PID_REUSED;
    }

    /**
     * Unmaps the file.
     */
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
