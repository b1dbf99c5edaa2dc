package io.exabond.page;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.exabond.page.PageLayout.GENERATION_OFFSET;
import static io.exabond.page.PageLayout.MAX_MEMBERS;
import static io.exabond.page.PageLayout.MEMBER_COUNT_OFFSET;
import static io.exabond.page.PageLayout.MEMBERS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_ID_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_PORT_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAGS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_SIZE;
import static io.exabond.page.PageLayout.SEQ_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status-block decoder on arbitrary page contents. An input is word 0 (its first 4 bytes, little-endian) and
 * the page from offset 2048 on (the rest), read on a 4096-byte page and on the smallest page the reader accepts.
 * Whatever the bytes, {@link StatusBlockReader#read} returns one of its outcomes and never throws; the outcome is
 * the one the bytes call for; a consistent snapshot equals the page; {@code member_count} is bounded; and no read
 * leaves the page (the segment's bounds would throw {@link IndexOutOfBoundsException}).
 * <p>
 * Seeds and past findings: {@code src/test/resources/io/exabond/page/StatusBlockFuzzTestInputs/shouldDecodeAnyPage/}.
 */
class StatusBlockFuzzTest
{
    private static final long[] PAGE_SIZES = {4096, PageLayout.MIN_PAGE_SIZE};

    @FuzzTest(maxDuration = "30s")
    void shouldDecodeAnyPage(final byte[] input)
    {
        for (final long pageSize : PAGE_SIZES)
        {
            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment page = arena.allocate(pageSize, 64);
                final int head = Math.min(4, input.length);
                MemorySegment.copy(input, 0, page, ValueLayout.JAVA_BYTE, 0, head);
                final int rest = (int)Math.min(input.length - head, pageSize - STATUS_BLOCK_OFFSET);
                MemorySegment.copy(input, head, page, ValueLayout.JAVA_BYTE, STATUS_BLOCK_OFFSET, rest);
                checkDecoding(page);
            }
        }
    }

    private static void checkDecoding(final MemorySegment page)
    {
        final int word0 = page.get(ValueLayout.JAVA_INT, 0);
        assertNotNull(GroupInfo.describe(word0));

        final StatusBlockReader reader = new StatusBlockReader(page);
        final StatusSnapshot snapshot = new StatusSnapshot();
        final StatusBlockReader.Status status = reader.read(snapshot, 0);
        assertNotNull(status);

        final int magic = page.get(ValueLayout.JAVA_INT, STATUS_BLOCK_OFFSET);
        final int version = page.get(ValueLayout.JAVA_SHORT, STATUS_BLOCK_OFFSET + 4) & 0xFFFF;
        final int blockSize = page.get(ValueLayout.JAVA_SHORT, STATUS_BLOCK_OFFSET + 6) & 0xFFFF;
        final long seq = page.get(ValueLayout.JAVA_LONG, STATUS_BLOCK_OFFSET + SEQ_OFFSET);
        final boolean usable = magic == PageLayout.STATUS_MAGIC &&
            PageLayout.checkVersion(version, blockSize, page.byteSize()) == null;

        final StatusBlockReader.Status expected = magic == 0 ? StatusBlockReader.Status.NO_BLOCK :
            !usable ? StatusBlockReader.Status.INVALID :
            (seq & 1) != 0 ? StatusBlockReader.Status.STALLED : StatusBlockReader.Status.CONSISTENT;
        assertEquals(expected, status);
        assertEquals(usable, reader.hasBlock());
        if (status == StatusBlockReader.Status.INVALID)
        {
            assertNotNull(reader.problem());
            assertTrue(reader.problem().indexOf('\n') < 0, "one-line problem");
        }
        else
        {
            assertNull(reader.problem());
        }
        if (status == StatusBlockReader.Status.CONSISTENT)
        {
            checkSnapshot(page, snapshot, seq, version, blockSize);
        }
    }

    private static void checkSnapshot(
        final MemorySegment page, final StatusSnapshot s, final long seq, final int version, final int blockSize)
    {
        final long block = STATUS_BLOCK_OFFSET;
        assertEquals(seq, s.seq());
        assertEquals(version, s.version());
        assertEquals(blockSize, s.blockSize());
        assertEquals(page.get(ValueLayout.JAVA_LONG, block + GENERATION_OFFSET), s.generation());
        final int count = page.get(ValueLayout.JAVA_BYTE, block + MEMBER_COUNT_OFFSET) & 0xFF;
        assertEquals(Math.min(count, MAX_MEMBERS), s.memberCount());
        assertTrue(s.bondName().length() <= PageLayout.IFNAMSIZ, "bounded by the field, NUL or not");
        assertTrue(s.staleAfterNs() > 0);
        s.isHeartbeatStale(System.nanoTime());
        for (int i = 0; i < s.memberCount(); i++)
        {
            final long at = block + MEMBERS_OFFSET + (long)i * MEMBER_SIZE;
            assertEquals(page.get(ValueLayout.JAVA_BYTE, at + MEMBER_EXANIC_ID_OFFSET) & 0xFF, s.memberExanicId(i));
            assertEquals(page.get(ValueLayout.JAVA_BYTE, at + MEMBER_EXANIC_PORT_OFFSET) & 0xFF, s.memberExanicPort(i));
            assertEquals(page.get(ValueLayout.JAVA_BYTE, at + MEMBER_FLAGS_OFFSET) & 0xFF, s.memberFlags(i));
            assertTrue(s.memberIfname(i).length() <= PageLayout.IFNAMSIZ, "bounded by the field, NUL or not");
            s.isMemberLinkUp(i);
            s.isMemberActive(i);
            s.isMemberPrimary(i);
        }
        final int past = s.memberCount();
        assertThrows(IndexOutOfBoundsException.class, () -> s.memberIfname(past));
        assertThrows(IndexOutOfBoundsException.class, () -> s.memberExanicId(-1));
    }
}
