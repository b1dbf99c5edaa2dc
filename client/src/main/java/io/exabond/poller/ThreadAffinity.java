package io.exabond.poller;

import io.exabond.internal.CpuAffinity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.stream.Stream;

/**
 * Pins one thread, the poller's, to a CPU through {@code sched_setaffinity(2)}. Pin the polling thread only: running
 * the whole JVM under {@code taskset} puts its JIT compiler and GC threads on the poller's core, where they delay it.
 */
public final class ThreadAffinity
{
    private ThreadAffinity()
    {
    }

    /**
     * Pins the calling thread to one CPU; the JVM's other threads keep their CPUs.
     *
     * @param cpu the CPU number, as {@code taskset -c} counts them.
     * @throws IllegalArgumentException for a negative or too large number, or a CPU this process may not use; the
     *                                  message names the CPUs it may use.
     */
    public static void pinCurrentThread(final int cpu)
    {
        CpuAffinity.pinCurrentThread(cpu);
    }

    /**
     * Moves every thread this JVM has now (the calling one, JIT compilers, GC, VM threads) off one CPU, to the other
     * CPUs the process may use; threads started later inherit the mask of the thread that starts them. Call it
     * before starting the poller's thread and pin that one to the CPU
     * ({@link PinnedThreadFactory}): the poller then has the CPU to itself as far as this JVM
     * goes. Other processes still need a cpuset or {@code isolcpus} to keep off it.
     *
     * @param cpu the CPU to leave to the poller.
     * @return threads moved; 0 when the process may use no other CPU, or without {@code /proc}.
     */
    public static int keepThreadsOffCpu(final int cpu)
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

    /**
     * @return the CPUs this process may run on, in {@code taskset -c} notation, e.g. {@code "0-1"}.
     */
    public static String allowedCpus()
    {
        return CpuAffinity.describe(CpuAffinity.allowedCpus());
    }

    /**
     * @return the CPUs the calling thread may run on, in {@code taskset -c} notation.
     */
    public static String currentThreadCpus()
    {
        return CpuAffinity.describe(CpuAffinity.currentThreadCpus());
    }
}
