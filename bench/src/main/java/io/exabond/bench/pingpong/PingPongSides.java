package io.exabond.bench.pingpong;

import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The Java side of the ping-pong, the same protocol as {@code bench/c/pingpong.c}: the pinger stores 1, 2, 3, ... into
 * word 0 with release ordering and spins until the answer word holds it; the ponger notices word 0 change through
 * {@link BondPage#groupInfoAcquire()} (the API under test, on a read-only mapping) and answers with a release store
 * into the answer word through a writable mapping of the same page. Every wait is bounded.
 */
final class PingPongSides
{
    /** Offset of the answer word: its own cache line, before the status block. */
    static final long ANSWER_OFFSET = 1024;
    /** Word 0 value that ends the ponger. */
    static final int STOP = -1;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();
    private static final VarHandle RAW = PageLayout.GRPINFO_RAW_HANDLE;
    private static final long WORD0 = PageLayout.GRPINFO_OFFSET;
    private static final long START_TIMEOUT_NS = 120_000_000_000L;
    private static final long EXCHANGE_TIMEOUT_NS = 10_000_000_000L;
    private static final long IDLE_TIMEOUT_NS = 300_000_000_000L;
    private static final int SPINS_PER_CLOCK_CHECK = 4096;
    private static final MethodHandle SCHED_SETAFFINITY = Linker.nativeLinker().downcallHandle(
        Linker.nativeLinker().defaultLookup().find("sched_setaffinity").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private PingPongSides()
    {
    }

    /**
     * Pins the calling thread to one CPU, as the C side does; -1 leaves it alone.
     *
     * @param cpu the CPU.
     */
    static void pin(final int cpu)
    {
        if (cpu < 0)
        {
            return;
        }
        try (var arena = java.lang.foreign.Arena.ofConfined())
        {
            final MemorySegment mask = arena.allocate(ValueLayout.JAVA_LONG);
            mask.set(ValueLayout.JAVA_LONG, 0, 1L << cpu);
            final int result = (int)SCHED_SETAFFINITY.invokeExact(0, 8L, mask);
            if (result != 0)
            {
                System.err.println("pingpong: cannot pin to CPU " + cpu);
            }
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("sched_setaffinity failed", t);
        }
    }

    /**
     * The pinger.
     *
     * @param page      the page, mapped writable.
     * @param warmup    unmeasured exchanges first.
     * @param samples   receives the measured round trips, ns; its length is the number measured.
     * @throws IllegalStateException when an answer does not come in time.
     */
    static void ping(final MemorySegment page, final int warmup, final long[] samples)
    {
        final int total = warmup + samples.length;
        try
        {
            for (int i = 1; i <= total; i++)
            {
                final long start = System.nanoTime();
                RAW.setRelease(page, WORD0, i);
                final long limit = start + (i == 1 ? START_TIMEOUT_NS : EXCHANGE_TIMEOUT_NS);
                int spins = 0;
                while ((int)INT.getAcquire(page, ANSWER_OFFSET) != i)
                {
                    Thread.onSpinWait();
                    if (++spins == SPINS_PER_CLOCK_CHECK)
                    {
                        spins = 0;
                        if (System.nanoTime() - limit > 0)
                        {
                            throw new IllegalStateException("no answer to exchange " + i + " in time");
                        }
                    }
                }
                final long end = System.nanoTime();
                if (i > warmup)
                {
                    samples[i - warmup - 1] = end - start;
                }
            }
        }
        finally
        {
            RAW.setRelease(page, WORD0, STOP);
        }
    }

    /**
     * The ponger: answers every change of word 0 until STOP.
     *
     * @param reader   the page through the API under test.
     * @param writable the same page, mapped writable, for the answer.
     * @throws IllegalStateException when the pinger goes silent.
     */
    static void pong(final BondPage reader, final MemorySegment writable)
    {
        int last = (int)INT.getAcquire(writable, ANSWER_OFFSET);
        final long limit = System.nanoTime() + IDLE_TIMEOUT_NS;
        int spins = 0;
        while (true)
        {
            final int value = reader.groupInfoAcquire();
            if (value != last)
            {
                if (value == STOP)
                {
                    return;
                }
                INT.setRelease(writable, ANSWER_OFFSET, value);
                last = value;
                continue;
            }
            Thread.onSpinWait();
            if (++spins == SPINS_PER_CLOCK_CHECK * 64)
            {
                spins = 0;
                if (System.nanoTime() - limit > 0)
                {
                    throw new IllegalStateException("the pinger went silent");
                }
            }
        }
    }
}
