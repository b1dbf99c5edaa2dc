package io.exabond.poller;

import io.exabond.publish.PagePublisher;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class FailoverRecordTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCommitOneFlightRecorderEventPerFailoverOnlyWhenAskedTo() throws Exception
    {
        final Path dump = dir.resolve("failovers.jfr");
        try (Arena arena = Arena.ofConfined();
            Recording recording = new Recording())
        {
            recording.enable(FailoverRecord.NAME);
            recording.start();
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(2, 1000), 0);
            final long[] listenerCalls = new long[1];
            final FailoverPoller silent = new FailoverPoller(new FailoverPollerContext()
                .bond("quiet", page, "test page")
                .counters(null)
                .listener(e -> listenerCalls[0]++)
                .maxPollsPerClockRead(8)
                .livenessCheckIntervalNs(0)
                .stallTimeoutNs(1_000_000L));
            final FailoverPoller recorded = new FailoverPoller(new FailoverPollerContext()
                .bond("loud", page, "test page")
                .counters(null)
                .listener(e -> listenerCalls[0]++)
                .maxPollsPerClockRead(8)
                .livenessCheckIntervalNs(0)
                .stallTimeoutNs(1_000_000L)
                .recordJfrEvents(true));
            for (int i = 0; i < 3; i++)
            {
                publisher.publishActive(i & 1 ^ 1);
                silent.poll();
                recorded.poll();
            }
            publisher.publishActive(0);
            publisher.publishActive(1);
            publisher.publishActive(0);
            silent.poll();
            recorded.poll();
            recording.stop();
            recording.dump(dump);
            assertEquals(8, listenerCalls[0]);
        }

        final List<RecordedEvent> events = RecordingFile.readAllEvents(dump).stream()
            .filter(e -> e.getEventType().getName().equals(FailoverRecord.NAME))
            .toList();
        assertEquals(4, events.size(), events.toString());
        for (int i = 0; i < events.size(); i++)
        {
            final RecordedEvent event = events.get(i);
            assertEquals("exabond-poller-loud", event.getString("poller"));
            assertEquals(i < 3 ? i + 1 : 6, event.getLong("generation"));
            assertEquals(i < 3 ? 0 : 2, event.getLong("missed"));
            assertTrue(event.getBoolean("active"));
            assertEquals(i % 2 == 0 ? 1 : 0, event.getInt("exanicPort"));
            // The last one follows two missed failovers: untimed, -1.
            assertTrue(i < 3 ? event.getDuration("latency").toNanos() >= 0
                : event.getDuration("latency").toNanos() == -1,
                event.toString());
        }
    }
}
