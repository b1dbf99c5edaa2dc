package io.exabond.poller;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicReference;

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
