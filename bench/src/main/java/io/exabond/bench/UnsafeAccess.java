package io.exabond.bench;

import sun.misc.Unsafe;

import java.lang.reflect.Field;

/**
 * {@code sun.misc.Unsafe}, the floor a Java reader of raw memory can reach and the baseline of the read and poll
 * benchmarks. Its memory-access methods are deprecated for removal (JEP 471/498): JDK 25 warns unless the JVM runs
 * with {@code --sun-misc-unsafe-memory-access=allow}, which the benchmark forks do.
 */
public final class UnsafeAccess
{
    /** The instance, found by reflection on {@code theUnsafe}. */
    public static final Unsafe UNSAFE = find();

    /** Offset of element 0 of a {@code byte[]}. */
    public static final long BYTE_ARRAY_BASE = UNSAFE.arrayBaseOffset(byte[].class);

    private UnsafeAccess()
    {
    }

    private static Unsafe find()
    {
        try
        {
            final Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (Unsafe)field.get(null);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }
}
