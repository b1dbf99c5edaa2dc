package io.exabond.poller;

import io.exabond.internal.CpuAffinity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ThreadAffinityTest
{
    @Test
    void shouldPinTheCallingThreadOnly() throws Exception
    {
        final String allowed = ThreadAffinity.allowedCpus();
        final int cpu = Integer.parseInt(allowed.split("[-,]")[0]);
        final AtomicReference<String> pinned = new AtomicReference<>();

        final Thread thread = Thread.ofPlatform().start(() ->
        {
            ThreadAffinity.pinCurrentThread(cpu);
            pinned.set(ThreadAffinity.currentThreadCpus());
        });
        thread.join();

        assertEquals(Integer.toString(cpu), pinned.get());
        assertEquals(allowed, ThreadAffinity.allowedCpus(), "the process keeps its CPUs");
        assertEquals(allowed, ThreadAffinity.currentThreadCpus(), "this thread keeps its CPUs");
    }

    @Test
    void shouldKeepTheJvmsThreadsOffACpuSoThatAPinnedPollerHasItAlone() throws Exception
    {
        final BitSet allowed = CpuAffinity.allowedCpus();
        Assumptions.assumeTrue(allowed.cardinality() >= 2, "needs at least two CPUs");
        final int cpu = allowed.nextSetBit(0);
        try
        {
            final int moved = ThreadAffinity.keepThreadsOffCpu(cpu);

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

    @Test
    void shouldRefuseANegativeCpuNumberNamingTheAllowedCpus()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ThreadAffinity.pinCurrentThread(-3));

        assertTrue(e.getMessage().contains("CPU number -3 is out of range"), e.getMessage());
        assertTrue(e.getMessage().contains(ThreadAffinity.allowedCpus()), e.getMessage());
    }

    @Test
    void shouldRefuseACpuThisProcessMayNotUseWithEinval() throws Exception
    {
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final AtomicReference<String> after = new AtomicReference<>();
        // 1023 is the highest number a cpu_set_t holds; no machine this runs on has it online.
        final Thread thread = Thread.ofPlatform().start(() ->
        {
            try
            {
                ThreadAffinity.pinCurrentThread(1023);
            }
            catch (final IllegalArgumentException e)
            {
                error.set(e);
            }
            after.set(ThreadAffinity.currentThreadCpus());
        });
        thread.join();

        final String message = error.get().getMessage();
        assertTrue(message.contains("to CPU 1023: EINVAL"), message);
        assertTrue(message.contains("may use " + ThreadAffinity.allowedCpus()), message);
        assertEquals(ThreadAffinity.allowedCpus(), after.get(), "a refused pin leaves the thread where it was");
    }

    @Test
    void shouldRefuseACpuNumberBeyondTheCpuSet()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ThreadAffinity.pinCurrentThread(4096));

        assertTrue(e.getMessage().startsWith("CPU number 4096 is out of range"), e.getMessage());
    }

    @Test
    void shouldRefuseANegativeCpuForAPinnedThreadFactoryNamingTheAllowedCpus()
    {
        final ConfigurationException e = assertThrows(ConfigurationException.class, () -> new PinnedThreadFactory(-2));

        assertTrue(e.getMessage().startsWith("CPU number -2 is out of range"), e.getMessage());
        assertTrue(e.getMessage().contains(ThreadAffinity.allowedCpus()), e.getMessage());
    }

    @Test
    void shouldRunTheTaskOfAPinnedThreadFactoryOnItsCpuOnly() throws Exception
    {
        final int cpu = Integer.parseInt(ThreadAffinity.allowedCpus().split("[-,]")[0]);
        final AtomicReference<String> cpus = new AtomicReference<>();

        final Thread thread = new PinnedThreadFactory(cpu).newThread(
            () -> cpus.set(ThreadAffinity.currentThreadCpus()));
        thread.start();
        thread.join();

        assertEquals(Integer.toString(cpu), cpus.get());
        assertEquals(ThreadAffinity.allowedCpus(), ThreadAffinity.currentThreadCpus(), "the caller did not move");
    }
}
