package io.exabond.poller;

import java.util.concurrent.ThreadFactory;

/**
 * Makes threads that pin themselves to one CPU before they run anything, through {@code sched_setaffinity(2)}: the way
 * to pin a poller's thread, as {@code AgentRunner.startOnThread(runner, new PinnedThreadFactory(3))}. Pinning belongs
 * to whoever makes the thread: under an {@code AgentInvoker} the poller runs on the application's own thread, which
 * the poller must not move. Only the threads made here move: the JVM's JIT and GC threads keep their CPUs (see
 * {@link ThreadAffinity}).
 */
public final class PinnedThreadFactory implements ThreadFactory
{
    private final int cpu;

    /**
     * @param cpu the CPU number, as {@code taskset -c} counts them.
     * @throws ConfigurationException for a negative number.
     */
    public PinnedThreadFactory(final int cpu)
    {
        if (cpu < 0)
        {
            throw new ConfigurationException("CPU number " + cpu + " is out of range: CPUs are numbered from 0 (" +
                "this process may use " + ThreadAffinity.allowedCpus() + ")");
        }
        this.cpu = cpu;
    }

    /**
     * @return the CPU the threads pin themselves to.
     */
    public int cpu()
    {
        return cpu;
    }

    /**
     * @param task what the thread runs once pinned.
     * @return an unstarted platform thread; when the CPU cannot be used it ends at once with an
     * {@link IllegalArgumentException} naming the CPUs allowed, before running the task.
     */
    public Thread newThread(final Runnable task)
    {
        return Thread.ofPlatform().unstarted(() ->
        {
            ThreadAffinity.pinCurrentThread(cpu);
            task.run();
        });
    }
}
