package io.exabond.publish;

import io.exabond.TestBonds;
import io.exabond.page.BondPage;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A release as the driver makes it on {@code -BOND}: the path first, then word 0 = 0, then nothing ever again.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PagePublisherReleaseTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRemoveThePathThenStoreWordZeroAndLeaveTheBlockAsItWas()
    {
        final PagePublisher publisher = TestBonds.publisher(dir);
        try (BondPage reader = BondPage.open(publisher.path()))
        {
            publisher.publishActive(1);
            final byte[] before = reader.segment().toArray(ValueLayout.JAVA_BYTE);

            publisher.release();

            assertFalse(Files.exists(dir.resolve("page")), "the path goes at once");
            assertEquals(BondPage.PathState.GONE, reader.pathState());
            assertEquals(0, reader.groupInfoAcquire(), "word 0 = 0: no active slave");
            final byte[] after = reader.segment().toArray(ValueLayout.JAVA_BYTE);
            assertArrayEquals(Arrays.copyOfRange(before, 4, before.length), Arrays.copyOfRange(after, 4, after.length),
                "nothing but word 0 is written by a release");
            final StatusSnapshot snapshot = new StatusSnapshot();
            assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(reader.segment()).read(snapshot));
            assertEquals(1, snapshot.generation(), "the block as the last update left it");
        }
    }

    @Test
    void shouldRefuseEveryWriteAfterARelease()
    {
        final PagePublisher publisher = TestBonds.publisher(dir);
        publisher.release();
        publisher.release();

        assertTrue(publisher.isReleased());
        assertThrows(IllegalStateException.class, publisher::heartbeat);
        assertThrows(IllegalStateException.class, () -> publisher.publishActive(1));
        assertThrows(IllegalStateException.class, () -> publisher.publishLink(0, false));
        assertThrows(IllegalStateException.class, () -> publisher.publish(TestBonds.bond0(), 0));
        publisher.close();
    }

    @Test
    void shouldLeaveAPathThatNamesAnotherFileAlone() throws IOException
    {
        final PagePublisher publisher = TestBonds.publisher(dir);
        final Path page = dir.resolve("page");
        try (BondPage reader = BondPage.open(page))
        {
            final Path other = Files.writeString(dir.resolve("other"), "x".repeat(4096));
            Files.move(other, page, StandardCopyOption.REPLACE_EXISTING);

            publisher.release();

            assertEquals("x".repeat(4096), Files.readString(page), "a file put there by someone else stays");
            assertEquals(0, reader.groupInfoAcquire());
        }
    }

    @Test
    void shouldLetANewPageBeCreatedAtThePathOfAReleasedOne()
    {
        final PagePublisher first = TestBonds.publisher(dir);
        first.publishActive(1);
        try (BondPage old = BondPage.open(first.path()))
        {
            first.release();

            try (PagePublisher second = TestBonds.publisher(dir); BondPage reader = BondPage.open(second.path()))
            {
                assertEquals(BondPage.PathState.REPLACED, old.pathState(), "a new file at the path");
                final StatusSnapshot snapshot = new StatusSnapshot();
                assertEquals(StatusBlockReader.Status.CONSISTENT,
                    new StatusBlockReader(reader.segment()).read(snapshot));
                assertEquals(0, snapshot.generation(), "a new block, not the old one resumed");
                assertEquals(second.groupInfo(), reader.groupInfoAcquire());
                assertEquals(0, old.groupInfoAcquire(), "the old page stays released");
            }
        }
    }

    @Test
    void shouldReleaseAPageInMemoryByWordZeroAlone()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(4096, 4096);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestBonds.bond0(), 0);
            final byte[] before = page.toArray(ValueLayout.JAVA_BYTE);

            publisher.release();

            assertEquals(0, page.get(ValueLayout.JAVA_INT, 0));
            assertArrayEquals(Arrays.copyOfRange(before, 4, before.length),
                Arrays.copyOfRange(page.toArray(ValueLayout.JAVA_BYTE), 4, before.length));
            assertThrows(IllegalStateException.class, publisher::heartbeat);
        }
    }
}
