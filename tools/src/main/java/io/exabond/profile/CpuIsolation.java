package io.exabond.profile;

import io.exabond.internal.CpuAffinity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.stream.Stream;

/**
 * Keeps this JVM's threads off the CPU a measured poller is pinned to, for the profiler's pinned runs.
 */
final class CpuIsolation
{
    private CpuIsolation()
    {
    }

    /**
     * Moves every thread this JVM has now (the calling one, JIT compilers, GC, VM threads) off one CPU, to the other
     * CPUs the process may use; threads started later inherit the mask of the thread that starts them. Call it
     * before starting the poller's thread and pin that one to the CPU (a {@code PinnedThreadFactory}): the poller then
     * has the CPU to itself as far as this JVM goes. Other processes still need a cpuset or {@code isolcpus} to keep
     * off it.
     *
     * @param cpu the CPU to leave to the poller.
     * @return threads moved; 0 when the process may use no other CPU, or without {@code /proc}.
     */
    static int keepThreadsOffCpu(final int cpu)
    {
        final BitSet others = CpuAffinity.allowedCpus();
        others.clear(cpu);
        if (others.isEmpty())
        {
            return 0;
        }
        int moved = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task")))
        {
            for (final Path task : tasks.toList())
            {
                if (CpuAffinity.setThreadAffinity(Integer.parseInt(task.getFileName().toString()), others) == 0)
                {
                    moved++;
                }
            }
        }
        catch (final IOException | NumberFormatException e)
        {
            return moved;
        }
        return moved;
    }

}
