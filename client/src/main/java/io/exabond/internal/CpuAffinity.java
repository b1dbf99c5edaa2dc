package io.exabond.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.BitSet;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code sched_setaffinity(2)} and {@code sched_getaffinity(2)} by downcall, for pinning one thread (the poller's),
 * never the whole JVM: {@code taskset} on the JVM would put its JIT compiler and GC threads on the poller's core.
 * <p>
 * Hand-written like {@link LibC}: two stable signatures over a {@code cpu_set_t} of {@link #CPU_SETSIZE} bits, which
 * is glibc's fixed size (128 bytes), enough for every CPU number the kernel accepts through this interface here.
 */
public final class CpuAffinity
{
    /** Bits in glibc's {@code cpu_set_t}; CPU numbers are 0..CPU_SETSIZE-1. */
    public static final int CPU_SETSIZE = 1024;

    private static final long MASK_BYTES = CPU_SETSIZE / 8;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CCS = Linker.Option.captureCallState("errno");
    private static final MethodHandle SET = downcall("sched_setaffinity");
    private static final MethodHandle GET = downcall("sched_getaffinity");
    /** The process's CPUs as its main thread had them when this class loaded, before any thread was moved. */
    private static final BitSet PROCESS_CPUS = affinityOf((int)ProcessHandle.current().pid());

    private CpuAffinity()
    {
    }

    /**
     * Pins the calling thread, and only it, to one CPU.
     *
     * @param cpu the CPU number, as {@code /proc/cpuinfo} and {@code taskset} count them.
     * @throws IllegalArgumentException when the number is out of range or the CPU is not one this process may use
     *                                  (the kernel's {@code EINVAL}); the message names the allowed CPUs.
     */
    public static void pinCurrentThread(final int cpu)
    {
        if (cpu < 0 || cpu >= CPU_SETSIZE)
        {
            throw new IllegalArgumentException("CPU number " + cpu + " is out of range: CPUs are numbered from 0 (" +
                "this process may use " + describe(allowedCpus()) + ")");
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = LibC.errnoSegment(arena);
            final MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte)(1 << (cpu % 8)));
            final int result = (int)SET.invokeExact(state, 0, MASK_BYTES, mask);
            if (result != 0)
            {
                final int errno = LibC.errno(state);
                final String why = errno == Errno.EINVAL ?
                    "CPU " + cpu + " is not one this process may run on (offline, or outside its cpuset or taskset " +
                    "mask); it may use " + describe(allowedCpus()) :
                    "the kernel refused it";
                throw new IllegalArgumentException("cannot pin thread '" + Thread.currentThread().getName() +
                    "' to CPU " + cpu + ": " + Errno.name(errno) + " (" + LibC.strerror(errno) + "): " + why);
            }
        }
        catch (final RuntimeException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("sched_setaffinity downcall failed", t);
        }
    }

    /**
     * Sets the CPUs one thread of this process may run on.
     *
     * @param tid  the thread's id (a directory name under {@code /proc/self/task}).
     * @param cpus the CPUs.
     * @return 0 when set, else the errno (ESRCH when the thread has ended meanwhile).
     */
    public static int setThreadAffinity(final int tid, final BitSet cpus)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = LibC.errnoSegment(arena);
            final MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            final byte[] bytes = cpus.toByteArray();
            MemorySegment.copy(bytes, 0, mask, ValueLayout.JAVA_BYTE, 0, Math.min(bytes.length, (int)MASK_BYTES));
            return (int)SET.invokeExact(state, tid, MASK_BYTES, mask) == 0 ? 0 : LibC.errno(state);
        }
        catch (final RuntimeException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("sched_setaffinity downcall failed", t);
        }
    }

    /**
     * The CPUs this process may run on: the affinity of its main thread when this class was first used, before a
     * poller was pinned or threads were moved off its CPU.
     *
     * @return one bit per allowed CPU; a copy.
     */
    public static BitSet allowedCpus()
    {
        return (BitSet)PROCESS_CPUS.clone();
    }

    /**
     * The CPUs the calling thread may run on.
     *
     * @return one bit per allowed CPU.
     */
    public static BitSet currentThreadCpus()
    {
        return affinityOf(0);
    }

    /**
     * @param cpus a set of CPU numbers.
     * @return the {@code taskset -c} notation, e.g. {@code "0-3,6"}, or {@code "none"}.
     */
    public static String describe(final BitSet cpus)
    {
        final StringBuilder text = new StringBuilder();
        int from = cpus.nextSetBit(0);
        while (from >= 0)
        {
            final int to = cpus.nextClearBit(from) - 1;
            if (!text.isEmpty())
            {
                text.append(',');
            }
            text.append(from);
            if (to > from)
            {
                text.append('-').append(to);
            }
            from = cpus.nextSetBit(to + 1);
        }
        return text.isEmpty() ? "none" : text.toString();
    }

    private static BitSet affinityOf(final int tid)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = LibC.errnoSegment(arena);
            final MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            final int result = (int)GET.invokeExact(state, tid, MASK_BYTES, mask);
            if (result != 0)
            {
                final int errno = LibC.errno(state);
                throw new IllegalStateException("sched_getaffinity failed: " + Errno.name(errno) + " (" +
                    LibC.strerror(errno) + ")");
            }
            return BitSet.valueOf(mask.toArray(ValueLayout.JAVA_BYTE));
        }
        catch (final RuntimeException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("sched_getaffinity downcall failed", t);
        }
    }

    private static MethodHandle downcall(final String name)
    {
        final MemorySegment symbol = LINKER.defaultLookup().find(name)
            .orElseThrow(() -> new IllegalStateException("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CCS);
    }
}
