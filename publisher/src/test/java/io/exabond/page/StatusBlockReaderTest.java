package io.exabond.page;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.TestBonds;
import io.exabond.internal.PageMapping;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StatusBlockReaderTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryFieldThePublisherWrote()
    {
        try (PagePublisher publisher = TestBonds.publisher(dir);
            BondPage page = BondPage.open(publisher.path()))
        {
            final long before = System.nanoTime();
            publisher.publishActive(1);
            final StatusSnapshot s = new StatusSnapshot();

            assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page.segment()).read(s));

            assertEquals(1, s.version());
            assertEquals(592, s.blockSize());
            assertEquals(0, s.seq() & 1);
            assertEquals(1, s.generation());
            assertTrue(s.changedNs() >= before && s.changedNs() <= System.nanoTime());
            assertEquals(page.groupInfoAcquire(), s.activeRaw());
            assertEquals(100, s.monitorIntervalMs());
            assertEquals(100, s.miimonMs());
            assertEquals(0, s.arpIntervalMs());
            assertEquals("bond0", s.bondName());
            assertEquals(3, s.memberCount());
            assertEquals("exanic0p0", s.memberIfname(0));
            assertTrue(s.isMemberPrimary(0));
            assertFalse(s.isMemberActive(0));
            assertEquals("exanic1p3", s.memberIfname(1));
            assertEquals(1, s.memberExanicId(1));
            assertEquals(3, s.memberExanicPort(1));
            assertTrue(s.isMemberActive(1));
            assertTrue(s.isMemberLinkUp(1));
            assertEquals("eth9", s.memberIfname(2));
            assertEquals(255, s.memberExanicId(2));
            assertFalse(s.isMemberLinkUp(2));
            assertEquals(0, s.retries());
            assertFalse(s.isHeartbeatStale(System.nanoTime()));
        }
    }

    @Test
    void shouldReportAKernelPageWithoutABlockAsNoBlockNotAsAnError()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(4096, 4096);
            page.set(ValueLayout.JAVA_INT, 0, GroupInfoEncoder.encode(true, 0, 1));
            final StatusBlockReader reader = new StatusBlockReader(page);

            assertEquals(StatusBlockReader.Status.NO_BLOCK, reader.read(new StatusSnapshot()));
            assertFalse(reader.hasBlock());
            assertNull(reader.problem());
        }
    }

    @Test
    void shouldRejectAForeignMagicVersionZeroAndAShortBlockNamingAppAndFileValues()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(4096, 4096);
            final StatusBlockReader reader = new StatusBlockReader(page);

            page.set(ValueLayout.JAVA_INT, STATUS_BLOCK_OFFSET, 0x12345678);
            assertEquals(StatusBlockReader.Status.INVALID, reader.read(new StatusSnapshot()));
            assertTrue(reader.problem().contains("app=0x53425845 file=0x12345678"), reader.problem());

            page.set(ValueLayout.JAVA_INT, STATUS_BLOCK_OFFSET, PageLayout.STATUS_MAGIC);
            page.set(ValueLayout.JAVA_SHORT, STATUS_BLOCK_OFFSET + 4, (short)0);
            page.set(ValueLayout.JAVA_SHORT, STATUS_BLOCK_OFFSET + 6, (short)592);
            assertEquals(StatusBlockReader.Status.INVALID, reader.read(new StatusSnapshot()));
            assertTrue(reader.problem().contains("app=1 file=0"), reader.problem());

            page.set(ValueLayout.JAVA_SHORT, STATUS_BLOCK_OFFSET + 4, (short)1);
            page.set(ValueLayout.JAVA_SHORT, STATUS_BLOCK_OFFSET + 6, (short)100);
            assertEquals(StatusBlockReader.Status.INVALID, reader.read(new StatusSnapshot()));
            assertTrue(reader.problem().contains("app=592 file=100"), reader.problem());

            page.set(ValueLayout.JAVA_SHORT, STATUS_BLOCK_OFFSET + 6, (short)4000);
            assertEquals(StatusBlockReader.Status.INVALID, reader.read(new StatusSnapshot()));
            assertTrue(reader.problem().contains("past the end"), reader.problem());
        }
    }

    @Test
    void shouldAcceptANewerLargerBlockAndReadOnlyWhatItKnows()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(4096, 4096);
            try (PagePublisher publisher = PagePublisher.inMemory(page, TestBonds.bond0(), 1))
            {
                page.set(ValueLayout.JAVA_SHORT, STATUS_BLOCK_OFFSET + 4, (short)2);
                page.set(ValueLayout.JAVA_SHORT, STATUS_BLOCK_OFFSET + 6, (short)700);
                final StatusSnapshot s = new StatusSnapshot();

                assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page).read(s));
                assertEquals(2, s.version());
                assertEquals(700, s.blockSize());
                assertEquals(publisher.groupInfo(), s.activeRaw());
            }
        }
    }

    @Test
    void shouldReportAStalledPublisherWhenSeqStaysOddInsteadOfSpinningForEver()
    {
        try (PagePublisher publisher = TestBonds.publisher(dir))
        {
            final long seq;
            try (PageMapping writable = PageMapping.map(publisher.path(), true, ""))
            {
                final MemorySegment page = writable.segment();
                seq = page.get(ValueLayout.JAVA_LONG, STATUS_BLOCK_OFFSET + 8);
                page.set(ValueLayout.JAVA_LONG, STATUS_BLOCK_OFFSET + 8, seq + 1);
            }
            try (BondPage page = BondPage.open(publisher.path()))
            {
                final StatusSnapshot s = new StatusSnapshot();
                final long start = System.nanoTime();

                assertEquals(StatusBlockReader.Status.STALLED,
                    new StatusBlockReader(page.segment()).read(s, TimeUnit.MILLISECONDS.toNanos(20)));

                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the wait must be bounded");
                assertTrue(s.retries() > 0);
            }
        }
    }

    @Test
    void shouldBoundMemberCountToSixteenWhateverThePageSays()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(4096, 4096);
            PagePublisher.inMemory(page, TestBonds.bond0(), 0);
            {
                page.set(ValueLayout.JAVA_BYTE, STATUS_BLOCK_OFFSET + PageLayout.MEMBER_COUNT_OFFSET, (byte)0xFF);
                final StatusSnapshot s = new StatusSnapshot();

                assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page).read(s));
                assertEquals(16, s.memberCount());
                assertEquals("", s.memberIfname(15));
            }
        }
    }
}
