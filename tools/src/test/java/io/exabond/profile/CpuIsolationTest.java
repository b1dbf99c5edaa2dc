package io.exabond.profile;

import io.exabond.internal.CpuAffinity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuIsolationTest
{
    @Test
    void shouldKeepTheJvmsThreadsOffACpuSoThatAPinnedPollerHasItAlone() throws Exception
    {
        final BitSet allowed = CpuAffinity.allowedCpus();
        Assumptions.assumeTrue(allowed.cardinality() >= 2, "needs at least two CPUs");
        final int cpu = allowed.nextSetBit(0);
        try
        {
            final int moved = CpuIsolation.keepThreadsOffCpu(cpu);

            assertTrue(moved > 3, "this thread, JIT, GC and VM threads: " + moved);
            final BitSet expected = (BitSet)allowed.clone();
            expected.clear(cpu);
            assertEquals(expected, CpuAffinity.currentThreadCpus());
            final AtomicReference<BitSet> later = new AtomicReference<>();
            final Thread thread = Thread.ofPlatform().start(() -> later.set(CpuAffinity.currentThreadCpus()));
            thread.join();
            assertEquals(expected, later.get(), "a thread started later inherits the mask");
            assertEquals(allowed, CpuAffinity.allowedCpus(), "the process may still use every CPU");
        }
        finally
        {
            // Every thread gets its CPUs back, for the tests that follow.
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task")))
            {
                for (final Path task : tasks.toList())
                {
                    CpuAffinity.setThreadAffinity(Integer.parseInt(task.getFileName().toString()), allowed);
                }
            }
        }
    }
}
