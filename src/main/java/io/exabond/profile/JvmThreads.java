package io.exabond.profile;

import io.exabond.internal.CpuAffinity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.stream.Stream;

/**
 * Keeps this JVM's own threads (main, JIT compilers, GC, VM threads) off the poller's CPU, so that pinning the
 * poller gives it the CPU to itself as far as this JVM goes: the opposite of {@code taskset} on the whole JVM,
 * which puts them all on it. Threads started later inherit the mask of the thread that starts them; the poller's
 * own thread pins itself to its CPU.
 */
final class JvmThreads
{
    private JvmThreads()
    {
    }

    /**
     * @param cpu the poller's CPU.
     * @return threads moved.
     */
    static int keepOffCpu(final int cpu)
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
            // Not Linux /proc: leave the threads where they are.
        }
        return moved;
    }
}
