package io.exabond.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The hot read of word 0 by absolute address, for pages mapped by {@link PageMapping} only.
 * <p>
 * Why an address and not the page's segment: a segment reached through an instance field keeps its type, bounds,
 * alignment and liveness checks on every access (five dependent loads and about eight branches), because C2 folds
 * them only for a constant segment. Here the segment is one constant, the whole address space in the global scope,
 * and the page's address an ordinary {@code long}. The address is and-ed with {@link #ADDRESS_MASK} before the load:
 * for a page address the mask changes nothing, but it proves to C2 that the offset is in bounds and 4-byte aligned,
 * so the bounds compare and the alignment test fold away and one {@code and} is left; without it, both stayed as
 * branches (docs/benchmarks.md, "Read by address, tombstone close").
 * <p>
 * A global-scope read has no liveness check, so it is only safe on an address that stays mapped for as long as the
 * reader can reach it: a {@link PageMapping}'s address, read by a holder of a strong reference to the mapping (or to
 * what holds it). {@link PageMapping#close()} replaces the page with a read-only tombstone whose word 0 is
 * {@link #TOMBSTONE}, and only a Cleaner unmaps that, once the mapping is unreachable; so such a read never faults, and
 * after close it returns {@link #TOMBSTONE}. Never pass another address: this reads any memory of the process.
 */
public final class Word0
{
    /** Word 0 of a closed page (every byte of the tombstone is {@code 0xFF}). A live page may hold it too. */
    public static final int TOMBSTONE = -1;

    static
    {
        // reinterpret is restricted: fail with the library's message naming the flag, not the JDK's.
        NativeAccess.check();
    }

    /**
     * Every address a 64-bit Linux process can map, rounded down to 4 bytes: user space ends below 2<sup>57</sup>
     * (x86-64 with five-level paging; 2<sup>47</sup> with four, 2<sup>52</sup> on arm64), and a page address is
     * page-aligned, so {@code address & ADDRESS_MASK == address} for every page; {@link #readable(long)} checks it.
     */
    public static final long ADDRESS_MASK = (1L << 57) - Integer.BYTES;

    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();

    private Word0()
    {
    }

    /**
     * Word 0 with one 32-bit acquire load.
     *
     * @param address {@link PageMapping#address()} of a mapping the caller holds strongly.
     * @return the raw group info, or {@link #TOMBSTONE} once the mapping is closed.
     */
    public static int acquire(final long address)
    {
        return (int)INT.getAcquire(ALL, address & ADDRESS_MASK);
    }

    /**
     * @param address an address to be read by {@link #acquire(long)}.
     * @return whether {@link #acquire(long)} reads that very address (true for every page address of this process).
     */
    public static boolean readable(final long address)
    {
        return (address & ADDRESS_MASK) == address;
    }
}
