package io.exabond.poller;

import io.exabond.counters.CounterKey;
import io.exabond.counters.CounterType;
import io.exabond.counters.CountersFileReader;
import io.exabond.counters.ExabondCounters;
import io.exabond.publish.PagePublisher;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19.3: what a poller counts, another process reads from its counters file.
 */
@Timeout(30)
class FailoverPollerCountersTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCountFailoversMissedStallsAndKeepAHeartbeatForOtherProcesses()
    {
        try (Arena arena = Arena.ofConfined();
            ExabondCounters counters = ExabondCounters.create(dir))
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(3, 60_000), 0);
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page, new RecordingListener(),
                4).counters(counters));
            final long before = System.nanoTime();

            publisher.publishActive(1);
            poller.poll();
            publisher.publishActive(2);
            publisher.publishActive(0);
            for (int i = 0; i < 8; i++)
            {
                poller.poll();
            }

            final Map<String, Long> values = read(counters.file());
            assertEquals(2L, values.get("poller_failovers bond0"));
            assertEquals(1L, values.get("poller_missed bond0"));
            assertEquals(0L, values.get("poller_stalls bond0"));
            assertEquals(0L, values.get("poller_releases bond0"));
            assertTrue(values.get("poller_last_latency_ns bond0") >= 0,
                "the first failover's: the second followed a jump, so it is not timed");
            assertTrue(values.get("poller_heartbeat_ns bond0") - before > 0, "the heartbeat moved: " + values);

            poller.onClose();
            assertEquals(Map.of(), read(counters.file()), "closing the poller frees its counters");
        }
    }

    @Test
    void shouldKeepTheLastTimedLatency()
    {
        try (Arena arena = Arena.ofConfined();
            ExabondCounters counters = ExabondCounters.create(dir))
        {
            final MemorySegment page = TestPages.page(arena);
            final PagePublisher publisher = PagePublisher.inMemory(page, TestPages.bond(2, 60_000), 0);
            final long[] latency = new long[1];
            final FailoverPoller poller = new FailoverPoller(TestPages.checkingContext(page,
                event -> latency[0] = event.latencyNs(), 4).counters(counters));

            publisher.publishActive(1);
            poller.poll();

            assertTrue(latency[0] >= 0);
            assertEquals(latency[0], read(counters.file()).get("poller_last_latency_ns bond0"));
        }
    }

    private static Map<String, Long> read(final Path file)
    {
        final Map<String, Long> values = new TreeMap<>();
        try (CountersFileReader reader = CountersFileReader.map(file))
        {
            final CountersReader counters = reader.counters();
            counters.forEach((id, typeId, key, label) ->
            {
                if (counters.getCounterState(id) == CountersReader.RECORD_ALLOCATED)
                {
                    values.put(CounterType.of(typeId).metricName() + " " + CounterKey.bond(key, 0),
                        counters.getCounterValue(id));
                }
            });
        }
        return values;
    }
}
