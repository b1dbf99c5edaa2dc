package io.exabond.sim;

import io.exabond.TestBonds;
import io.exabond.counters.CounterType;
import io.exabond.counters.ExabondCounters;
import io.exabond.counters.ProcessCounters;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator counts its failovers and keeps a heartbeat in a counters file, keyed by its bond and page, for
 * {@code exabond stat} and the Prometheus export; across a release and re-manage, on the same path.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BondSimulatorCountersTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCountEveryFailoverOnEveryPageAndKeepItsLastWrite()
    {
        final String key = dir.resolve("page").toString();
        try (ExabondCounters counters = ExabondCounters.create(dir.resolve("counters"));
            PagePublisher publisher = PagePublisher.create(dir.resolve("page"), TestBonds.fastBond0(), 0))
        {
            final long before = System.nanoTime();
            try (BondSimulator simulator = new BondSimulator(publisher, 50, 10_000, 20_000, 3)
                .releaseAfter(20, TimeUnit.MILLISECONDS.toNanos(1)).counters(counters))
            {
                assertEquals(0L, read(counters).value(CounterType.SIMULATOR_FAILOVERS, key));

                assertEquals(50, simulator.run(generation -> { }));

                final ProcessCounters read = read(counters);
                assertEquals(50L, read.value(CounterType.SIMULATOR_FAILOVERS, key), "both pages' failovers");
                assertTrue(read.value(CounterType.SIMULATOR_HEARTBEAT, key) - before > 0, read.toString());
                assertEquals("bond0", read.counters().get(0).bond());
            }
            assertEquals(List.of(), read(counters).counters(), "closing the simulator frees its counters");
        }
    }

    @Test
    void shouldTakeItsCountersFileOnce()
    {
        try (ExabondCounters counters = ExabondCounters.create(dir.resolve("counters"));
            PagePublisher publisher = PagePublisher.create(dir.resolve("page"), TestBonds.fastBond0(), 0);
            BondSimulator simulator = new BondSimulator(publisher, 1, 10_000, 10_000, 3).counters(counters))
        {
            assertThrows(IllegalStateException.class, () -> simulator.counters(counters));
        }
    }

    private static ProcessCounters read(final ExabondCounters counters)
    {
        final ProcessCounters read = ProcessCounters.read(counters.file());
        assertNull(read.problem());
        return read;
    }
}
