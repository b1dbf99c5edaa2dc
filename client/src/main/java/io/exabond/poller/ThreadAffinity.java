package io.exabond.poller;

import io.exabond.internal.CpuAffinity;


/**
 * Pins one thread, the poller's, to a CPU through {@code sched_setaffinity(2)} ({@link PinnedThreadFactory} makes
 * threads that do so). Pin the polling thread only: running the whole JVM under {@code taskset} puts its JIT compiler
 * and GC threads on the poller's core, where they delay it.
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
