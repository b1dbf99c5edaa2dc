package io.exabond.poller;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.page.PageLayout;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class FailoverPollerTest
{
    @Test
    void shouldReturnZeroAndReportNothingWhileWordZeroStaysPut()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            PagePublisher.inMemory(page, TestPages.bond(2, 1000), 0);
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, 16));

            int work = 0;
            for (int i = 0; i < 10_000; i++)
            {
                work += poller.poll();
            }

            assertEquals(0, work);
            assertTrue(listener.failovers().isEmpty());
            assertEquals(0, poller.failovers());
            assertEquals(0, poller.bond(0).lastGeneration());
        }
    }

    @Test
    void shouldReportEveryFailoverInOrderWithItsGenerationAndTimes()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(3, 1000), 0);
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, 16));

            final int[] published = new int[300];
            for (int i = 0; i < published.length; i++)
            {
                final long before = System.nanoTime();
                final long generation = publisher.publishActive((i + 1) % 3);
                published[i] = publisher.groupInfo();
                assertEquals(i + 1, generation);
                assertEquals(1, poller.poll());
                final RecordingListener.Seen seen = listener.failovers().get(i);
                assertEquals(i == 0 ? GroupInfoEncoder.encode(true, 0, 0) : published[i - 1], seen.previousGroupInfo());
                assertEquals(published[i], seen.groupInfo());
                assertEquals(i + 1, seen.generation());
                assertEquals(0, seen.missed());
                assertTrue(seen.timed());
                assertTrue(seen.latencyNs() >= 0 && seen.latencyNs() < System.nanoTime() - before + 1,
                    "latency " + seen.latencyNs());
                assertEquals(0, poller.poll());
            }
            assertEquals(published.length, poller.failovers());
            assertEquals(0, poller.missed());
            assertEquals(published.length, poller.bond(0).lastGeneration());
        }
    }

    @Test
    void shouldCountFailoversPublishedBetweenTwoPollsAsMissed()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(3, 1000), 0);
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, 16));

            publisher.publishActive(1);
            publisher.publishActive(0);
            publisher.publishActive(2);
            assertEquals(1, poller.poll());

            final RecordingListener.Seen seen = listener.failovers().getFirst();
            assertEquals(GroupInfoEncoder.encode(true, 0, 0), seen.previousGroupInfo());
            assertEquals(GroupInfoEncoder.encode(true, 1, 0), seen.groupInfo());
            assertEquals(3, seen.generation());
            assertEquals(2, seen.missed());
            assertFalse(seen.timed(), "after a jump the word seen may be an earlier publication of the same slave");
            assertEquals(2, poller.missed());
        }
    }

    @Test
    void shouldReportAToBToABetweenTwoPollsThroughTheLowRateCheck()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(2, 1000), 0);
            final RecordingListener listener = new RecordingListener();
            final int checkInterval = 8;
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, checkInterval));

            publisher.publishActive(1);
            publisher.publishActive(0);
            int work = 0;
            for (int i = 0; i < checkInterval; i++)
            {
                work += poller.poll();
            }

            assertEquals(1, work);
            assertTrue(listener.failovers().isEmpty(), "word 0 ended where it was: no failover event");
            assertEquals(List.of(new RecordingListener.Missed(2, 2)), listener.missed());
            assertEquals(2, poller.missed());
            assertEquals(2, poller.bond(0).lastGeneration());
        }
    }

    @Test
    void shouldCountFailoversPublishedWhileTheBlockCouldNotBeReadOnceItCanBe()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(3, 60_000), 0);
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, 4));
            publisher.publishActive(1);
            assertEquals(1, poller.poll());

            // The publisher stops mid-write (seq odd) after storing a new word 0: the change cannot be paired.
            final long seqOffset = PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET;
            final long seq = page.get(ValueLayout.JAVA_LONG, seqOffset);
            page.set(ValueLayout.JAVA_LONG, seqOffset, seq + 1);
            final int exa2 = GroupInfoEncoder.encode(true, 1, 0);
            page.set(ValueLayout.JAVA_INT, 0, exa2);
            assertEquals(1, poller.poll());
            final RecordingListener.Seen untimed = listener.failovers().get(1);
            assertEquals(exa2, untimed.groupInfo());
            assertFalse(untimed.timed());
            assertEquals(FailoverEvent.NO_GENERATION, untimed.generation());

            // It finishes having published three changes in all (generations 2 to 4), ending on exa2.
            page.set(ValueLayout.JAVA_LONG, PageLayout.STATUS_BLOCK_OFFSET + PageLayout.GENERATION_OFFSET, 4L);
            page.set(ValueLayout.JAVA_INT, PageLayout.STATUS_BLOCK_OFFSET + PageLayout.ACTIVE_RAW_OFFSET, exa2);
            page.set(ValueLayout.JAVA_LONG, seqOffset, seq + 2);
            int work = 0;
            for (int i = 0; i < 4; i++)
            {
                work += poller.poll();
            }

            assertEquals(1, work);
            assertEquals(List.of(new RecordingListener.Missed(2, 4)), listener.missed());
            assertEquals(4, poller.failovers() + poller.missed(), "every published failover accounted for");
            assertEquals(4, poller.bond(0).lastGeneration());
        }
    }

    @Test
    void shouldWorkFromWordZeroAloneOnAKernelPage()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            page.set(ValueLayout.JAVA_INT, 0, GroupInfoEncoder.encode(true, 0, 0));
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, listener, 4));
            assertEquals(FailoverEvent.NO_GENERATION, poller.bond(0).lastGeneration());

            page.set(ValueLayout.JAVA_INT, 0, GroupInfoEncoder.encode(false, 0, 0));
            assertEquals(1, poller.poll());
            for (int i = 0; i < 100; i++)
            {
                assertEquals(0, poller.poll());
            }

            final RecordingListener.Seen seen = listener.failovers().getFirst();
            assertEquals(GroupInfoEncoder.encode(false, 0, 0), seen.groupInfo());
            assertEquals(FailoverEvent.NO_GENERATION, seen.generation());
            assertFalse(seen.timed());
            assertEquals(-1, seen.latencyNs());
            assertTrue(listener.stalls().isEmpty());
        }
    }

    @Test
    void shouldNoticeTheFailoversOfItsWarmUpPage()
    {
        final int failovers = 2_000;

        final long seen = FailoverPoller.warmUp(failovers);

        assertTrue(seen >= failovers, "warm-up noticed " + seen + " of at least " + failovers);
    }

    @Test
    void shouldRefuseFewerThanOnePollPerClockRead()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new FailoverPoller(TestPages.checkingContext(page, new RecordingListener(), 0)));
            assertTrue(e.getMessage().contains("maxPollsPerClockRead"), e.getMessage());
        }
    }
}
