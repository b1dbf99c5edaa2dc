package io.exabond.counters;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19.3: a process's counters in a mapped file another process reads, as Aeron's CnC file; every damaged file
 * gets a sentence, never a stack trace from Agrona.
 */
class CountersFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldShowAnotherReaderTheCountersWithTheirBondPageAndWriter()
    {
        try (ExabondCounters counters = ExabondCounters.create(dir))
        {
            final AtomicCounter failovers = counters.newCounter(CounterType.POLLER_FAILOVERS, "failovers bond0",
                "bond0", "/dev/exabond-bond0");
            failovers.incrementRelease();
            failovers.incrementRelease();
            assertEquals(dir.resolve("exabond-counters-" + ProcessHandle.current().pid()), counters.file());

            try (CountersFileReader reader = CountersFileReader.map(counters.file()))
            {
                assertEquals(ProcessHandle.current().pid(), reader.pid());
                assertEquals(CountersFileReader.Liveness.ALIVE, reader.liveness());
                assertEquals("1.0.0", reader.version());
                final List<String> seen = new ArrayList<>();
                reader.counters().forEach((id, typeId, key, label) -> seen.add(CounterType.of(typeId) + " " +
                    CounterKey.bond(key, 0) + " " + CounterKey.page(key, 0) + " " + label + " = " +
                    reader.counters().getCounterValue(id)));
                assertEquals(List.of("POLLER_FAILOVERS bond0 /dev/exabond-bond0 failovers bond0 = 2"), seen);
            }

            failovers.close();
            try (CountersFileReader reader = CountersFileReader.map(counters.file()))
            {
                assertEquals(CountersReader.RECORD_RECLAIMED, reader.counters().getCounterState(failovers.id()));
            }
        }
        assertFalse(Files.exists(dir.resolve("exabond-counters-" + ProcessHandle.current().pid())),
            "close deletes the file");
    }

    @Test
    void shouldTellAKilledWritersFileFromALiveOne() throws Exception
    {
        final Process exited = new ProcessBuilder("true").start();
        assertTrue(exited.waitFor(10, TimeUnit.SECONDS));
        try (ExabondCounters counters = ExabondCounters.create(dir))
        {
            final Path copy = dir.resolve("exabond-counters-" + exited.pid());
            Files.copy(counters.file(), copy);
            patchLong(copy, CountersFileDescriptor.PID_OFFSET, exited.pid());

            try (CountersFileReader reader = CountersFileReader.map(copy))
            {
                assertEquals(CountersFileReader.Liveness.DEAD, reader.liveness());
            }
            patchLong(copy, CountersFileDescriptor.PID_OFFSET, ProcessHandle.current().pid());
            patchLong(copy, CountersFileDescriptor.START_TIME_OFFSET, 1_000L);
            try (CountersFileReader reader = CountersFileReader.map(copy))
            {
                assertEquals(CountersFileReader.Liveness.PID_REUSED, reader.liveness());
            }
        }
    }

    @Test
    void shouldRefuseATruncatedFileWithItsSizes() throws IOException
    {
        try (ExabondCounters counters = ExabondCounters.create(dir))
        {
            final Path cut = dir.resolve("exabond-counters-1");
            Files.copy(counters.file(), cut);
            try (RandomAccessFile file = new RandomAccessFile(cut.toFile(), "rw"))
            {
                file.setLength(CountersFileDescriptor.HEADER_LENGTH + 100);
            }
            final CountersFileException e = assertThrows(CountersFileException.class,
                () -> CountersFileReader.map(cut));
            assertEquals(cut + " is 228 bytes, shorter than its header says (" + CountersFileDescriptor.FILE_LENGTH +
                "): truncated; delete it", e.getMessage());

            Files.write(cut, new byte[12]);
            assertTrue(assertThrows(CountersFileException.class, () -> CountersFileReader.map(cut)).getMessage()
                .startsWith(cut + " is 12 bytes, shorter than a counters file's header (128)"));
        }
    }

    @Test
    void shouldRefuseAnotherMajorVersionNamingBoth() throws IOException
    {
        try (ExabondCounters counters = ExabondCounters.create(dir))
        {
            final Path other = dir.resolve("exabond-counters-2");
            Files.copy(counters.file(), other);
            patchInt(other, CountersFileDescriptor.VERSION_OFFSET, 2 << 16);

            final CountersFileException e = assertThrows(CountersFileException.class,
                () -> CountersFileReader.map(other));
            assertEquals(other + " was written by another version of exabond (counters layout version app=1.0.0 " +
                "file=2.0.0): read it with that version's tools", e.getMessage());

            patchInt(other, CountersFileDescriptor.VERSION_OFFSET, 0);
            assertTrue(assertThrows(CountersFileException.class, () -> CountersFileReader.map(other)).getMessage()
                .endsWith("has no layout version yet: its process is creating it, or it is not a counters file"));
        }
    }

    @Test
    void shouldRefuseAMissingFileSayingItsProcessEnded()
    {
        final Path gone = dir.resolve("exabond-counters-3");

        final CountersFileException e = assertThrows(CountersFileException.class, () -> CountersFileReader.map(gone));

        assertEquals("no counters file " + gone + ": its process has ended (it deletes the file when it exits)",
            e.getMessage());
    }

    @Test
    void shouldFindOnlyCountersFiles() throws IOException
    {
        Files.createFile(dir.resolve("exabond-counters-5"));
        Files.createFile(dir.resolve("exabond-bond0"));
        Files.createFile(dir.resolve("exabond-counters-4"));

        assertEquals(List.of(dir.resolve("exabond-counters-4"), dir.resolve("exabond-counters-5")),
            CountersFileReader.find(dir));
        assertEquals(List.of(), CountersFileReader.find(dir.resolve("missing")));
    }

    @Test
    void shouldKeepTheLastBytesOfALongPageInTheKey()
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[CounterKey.LENGTH]);
        final String longPath = "/" + "d".repeat(120) + "/exabond-bond0";

        CounterKey.write(key, "bond0", longPath);

        assertEquals("bond0", CounterKey.bond(key, 0));
        assertEquals(CounterKey.kept(longPath), CounterKey.page(key, 0));
        assertTrue(CounterKey.page(key, 0).endsWith("/exabond-bond0"));
        assertEquals(96, CounterKey.page(key, 0).length());
    }

    private static void patchLong(final Path file, final int offset, final long value) throws IOException
    {
        patch(file, offset, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value));
    }

    private static void patchInt(final Path file, final int offset, final int value) throws IOException
    {
        patch(file, offset, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value));
    }

    private static void patch(final Path file, final int offset, final ByteBuffer bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(bytes, offset);
        }
    }
}
