package io.exabond.page;

import io.exabond.internal.LibC;
import io.exabond.internal.PageMapping;
import io.exabond.internal.Word0;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The close lifecycle: the tombstone that replaces the page, the prompt release of the mapping and descriptor, the
 * Cleaner that unmaps the tombstone, and close while threads read by address. A read of an unmapped page would kill
 * the JVM with SIGSEGV, which fails the surefire fork: that crash is the assertion of the concurrent test. Its negative
 * control (close = plain munmap) crashes in its first iteration, so it stays out of the suite (docs/benchmarks.md).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BondPageCloseTest
{
    private static final int WORD_A = 0x0001_0001;
    private static final int WORD_B = 0x0101_0001;
    private static final int POLLERS = 2;
    private static final int ITERATIONS = 100;

    @TempDir
    Path dir;

    @Test
    void shouldReplaceThePageWithATombstoneOfOnesAtClose() throws IOException
    {
        final Path file = pageFile("tombstone", WORD_A);
        final BondPage page = BondPage.open(file);
        final long address = page.segment().address();
        assertEquals(WORD_A, page.groupInfoAcquire());
        assertEquals(WORD_A, Word0.acquire(address));

        page.close();
        page.close();

        assertTrue(page.isClosed());
        assertEquals(Word0.TOMBSTONE, Word0.acquire(address));
        final MemorySegment tombstone = MemorySegment.ofAddress(address).reinterpret(LibC.pageSize());
        for (long offset = 0; offset < tombstone.byteSize(); offset++)
        {
            assertEquals((byte)0xFF, tombstone.get(ValueLayout.JAVA_BYTE, offset), "byte " + offset);
        }
        final String mapping = mappingAt(address);
        assertTrue(mapping != null && !mapping.contains(file.toString()) && mapping.contains(" r--p "),
            "a private read-only page, not the file: " + mapping);

        final PageClosedException e = assertThrows(PageClosedException.class, page::groupInfoAcquire);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertThrows(IllegalStateException.class, () -> page.segment().get(ValueLayout.JAVA_INT, 0));
        assertThrows(IllegalStateException.class, () -> BondPage.groupInfoAcquire(page.segment()));
        Reference.reachabilityFence(page);
    }

    @Test
    void shouldReleaseTheFileMappingAndTheDescriptorAtClose() throws IOException
    {
        final Path file = pageFile("release", WORD_A);
        final PageMapping mapping = PageMapping.map(file, false, "test page");
        final Path fdLink = Path.of("/proc/self/fd/" + mapping.fd());
        assertEquals(file.toRealPath(), Files.readSymbolicLink(fdLink));
        assertTrue(mappingAt(mapping.address()).contains(file.toString()));

        mapping.close();

        assertFalse(mappingAt(mapping.address()).contains(file.toString()), "the file is no longer mapped");
        assertNotEquals(file.toRealPath(), readLinkOrNull(fdLink), "the descriptor is closed");
        Reference.reachabilityFence(mapping);
    }

    @Test
    void shouldUnmapTheTombstoneOnceThePageIsUnreachable() throws Exception
    {
        final Path file = pageFile("cleaner", WORD_A);
        final long[] addresses = new long[8];
        for (int i = 0; i < addresses.length; i++)
        {
            final BondPage page = BondPage.open(file);
            addresses[i] = page.segment().address();
            page.close();
        }
        for (final long address : addresses)
        {
            assertTrue(isTombstone(mappingAt(address)), "tombstone mapped while reachable or before GC");
        }

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int left = addresses.length;
        while (left > 0 && System.nanoTime() < deadline)
        {
            System.gc();
            Thread.sleep(50);
            left = 0;
            for (final long address : addresses)
            {
                left += isTombstone(mappingAt(address)) ? 1 : 0;
            }
        }
        assertEquals(0, left, "tombstones still mapped after GC");
    }

    @Test
    void shouldNeverFaultWhenClosedWhileThreadsPollByAddress() throws Exception
    {
        final Path file = pageFile("race", WORD_A);
        warmUp(file);
        long pollsBeforeClose = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++)
        {
            pollsBeforeClose += closeWhilePolling(file, iteration);
        }
        assertTrue(pollsBeforeClose > 0, "the pollers polled");
    }

    private long closeWhilePolling(final Path file, final int iteration) throws Exception
    {
        final String where = "iteration " + iteration + ": ";
        final BondPage page = BondPage.open(file);
        final long address = page.segment().address();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong polls = new AtomicLong();
        final AtomicBoolean closeReturned = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        try (PageMapping writerMapping = PageMapping.map(file, true, "test page"))
        {
            final MemorySegment writable = writerMapping.segment();
            final Thread writer = Thread.ofPlatform().name("writer").start(() ->
            {
                int word = WORD_B;
                while (!page.isClosed())
                {
                    writable.set(ValueLayout.JAVA_INT, 0, word);
                    word = word == WORD_A ? WORD_B : WORD_A;
                    Thread.onSpinWait();
                }
            });
            for (int i = 0; i < POLLERS; i++)
            {
                threads.add(Thread.ofPlatform().name("poller-" + i).start(() ->
                    polls.addAndGet(pollUntilClosed(page, address, closeReturned, failure))));
            }
            threads.add(Thread.ofPlatform().name("instance-reader").start(() ->
                readUntilClosed(page, file, failure)));
            threads.add(Thread.ofPlatform().name("segment-reader").start(() ->
            {
                try
                {
                    while (true)
                    {
                        expectPublished(BondPage.groupInfoAcquire(page.segment()), "segment read", failure);
                    }
                }
                catch (final IllegalStateException expected)
                {
                    // The segment's arena is closed: what a user of segment() sees after close.
                }
            }));

            Thread.sleep(ThreadLocalRandom.current().nextInt(4));
            page.close();
            closeReturned.set(true);
            threads.add(writer);
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.SECONDS.toMillis(20));
                assertFalse(thread.isAlive(), where + thread.getName() + " did not end after close");
            }
        }
        assertNull(failure.get(), where + failure.get());
        assertEquals(Word0.TOMBSTONE, Word0.acquire(address), where + "a read after close");
        final PageClosedException late = assertThrows(PageClosedException.class, page::groupInfoAcquire);
        assertTrue(late.getMessage().contains(file.toString()), late.getMessage());
        Reference.reachabilityFence(page);
        return polls.get();
    }

    /** FailoverPoller.poll's shape: read, compare with the cached word, count down to a periodic closed check. */
    private static long pollUntilClosed(
        final BondPage page,
        final long address,
        final AtomicBoolean closeReturned,
        final AtomicReference<String> failure)
    {
        int cached = Word0.acquire(address);
        int untilCheck = 1024;
        long polls = 0;
        while (true)
        {
            final int raw = Word0.acquire(address);
            polls++;
            if (raw != cached)
            {
                if (page.isClosed())
                {
                    break;
                }
                expectPublished(raw, "poll", failure);
                cached = raw;
            }
            if (--untilCheck == 0)
            {
                untilCheck = 1024;
                if (page.isClosed())
                {
                    break;
                }
            }
        }
        // closed is set before the page is replaced, so the page may still be read until close() returns: then not.
        while (!closeReturned.get())
        {
            Word0.acquire(address);
        }
        final int late = Word0.acquire(address);
        if (late != Word0.TOMBSTONE)
        {
            failure.compareAndSet(null, "a poll after close read " + Integer.toHexString(late) + ", not the tombstone");
        }
        Reference.reachabilityFence(page);
        return polls;
    }

    private static void readUntilClosed(final BondPage page, final Path file, final AtomicReference<String> failure)
    {
        try
        {
            while (true)
            {
                expectPublished(page.groupInfoAcquire(), "groupInfoAcquire", failure);
            }
        }
        catch (final PageClosedException e)
        {
            if (!e.getMessage().contains(file.toString()))
            {
                failure.compareAndSet(null, "groupInfoAcquire after close threw without the path: " + e);
            }
        }
    }

    private static void expectPublished(final int raw, final String what, final AtomicReference<String> failure)
    {
        if (raw != WORD_A && raw != WORD_B)
        {
            failure.compareAndSet(null, what + " returned " + Integer.toHexString(raw) + " while the page was open");
        }
    }

    /** Gets the polling loops compiled, so that the closes race with C2 code as well as the interpreter's. */
    private static void warmUp(final Path file) throws InterruptedException
    {
        final BondPage page = BondPage.open(file);
        final AtomicBoolean closeReturned = new AtomicBoolean();
        final Thread closer = Thread.ofPlatform().start(() ->
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            page.close();
            closeReturned.set(true);
        });
        final AtomicReference<String> failure = new AtomicReference<>();
        pollUntilClosed(page, page.segment().address(), closeReturned, failure);
        readUntilClosed(page, file, failure);
        closer.join();
        assertNull(failure.get(), failure.get());
    }

    private Path pageFile(final String name, final int word0) throws IOException
    {
        final byte[] bytes = new byte[(int)LibC.pageSize()];
        MemorySegment.ofArray(bytes).set(ValueLayout.JAVA_INT_UNALIGNED, 0, word0);
        return Files.write(dir.resolve(name), bytes);
    }

    private static boolean isTombstone(final String mapping)
    {
        // "start-end perms offset dev inode [path]": private, read-only, anonymous, one page.
        if (mapping == null)
        {
            return false;
        }
        final String[] fields = mapping.trim().split("\\s+");
        final String[] range = fields[0].split("-");
        final long size = Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
        return "r--p".equals(fields[1]) && "0".equals(fields[4]) && fields.length == 5 && size == LibC.pageSize();
    }

    private static String mappingAt(final long address) throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/maps")))
        {
            final String[] range = line.substring(0, line.indexOf(' ')).split("-");
            if (Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16))
            {
                return line;
            }
        }
        return null;
    }

    private static Path readLinkOrNull(final Path link) throws IOException
    {
        try
        {
            return Files.readSymbolicLink(link);
        }
        catch (final NoSuchFileException e)
        {
            return null;
        }
    }
}
