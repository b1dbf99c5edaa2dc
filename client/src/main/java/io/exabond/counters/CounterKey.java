package io.exabond.counters;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The key of every exabond counter, so that a tool finds the counters of a bond or of a page without parsing labels:
 * <pre>
 *   offset  size
 *        0    16  bond name, NUL padded (an interface name has at most 15 bytes)
 *       16    96  the page's path, NUL padded; a longer path keeps its last 96 bytes
 * </pre>
 */
public final class CounterKey
{
    /** Bytes of the bond name. */
    public static final int BOND_LENGTH = 16;
    /** Offset of the page's path. */
    public static final int PAGE_OFFSET = BOND_LENGTH;
    /** Bytes of the page's path. */
    public static final int PAGE_LENGTH = 96;
    /** Bytes of a key. */
    public static final int LENGTH = PAGE_OFFSET + PAGE_LENGTH;

    private CounterKey()
    {
    }

    /**
     * @param key  where to write, {@link #LENGTH} bytes from 0.
     * @param bond the bond's name.
     * @param page the page's path or name.
     */
    public static void write(final MutableDirectBuffer key, final String bond, final String page)
    {
        key.setMemory(0, LENGTH, (byte)0);
        put(key, 0, BOND_LENGTH, bond.getBytes(StandardCharsets.UTF_8));
        put(key, PAGE_OFFSET, PAGE_LENGTH, page.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param key    a counter's key.
     * @param offset where it starts in the buffer.
     * @return the bond's name.
     */
    public static String bond(final DirectBuffer key, final int offset)
    {
        return get(key, offset, BOND_LENGTH);
    }

    /**
     * @param key    a counter's key.
     * @param offset where it starts in the buffer.
     * @return the page's path (its last 96 bytes when longer).
     */
    public static String page(final DirectBuffer key, final int offset)
    {
        return get(key, offset + PAGE_OFFSET, PAGE_LENGTH);
    }

    /**
     * @param path a page's path or name.
     * @return what a key keeps of it, to compare with {@link #page(DirectBuffer, int)}.
     */
    public static String kept(final String path)
    {
        final byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= PAGE_LENGTH ? path :
            new String(bytes, bytes.length - PAGE_LENGTH, PAGE_LENGTH, StandardCharsets.UTF_8);
    }

    private static void put(final MutableDirectBuffer key, final int offset, final int length, final byte[] bytes)
    {
        final int from = Math.max(0, bytes.length - length);
        key.putBytes(offset, bytes, from, Math.min(length, bytes.length));
    }

    private static String get(final DirectBuffer key, final int offset, final int length)
    {
        int end = 0;
        while (end < length && key.getByte(offset + end) != 0)
        {
            end++;
        }
        final byte[] bytes = new byte[end];
        key.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
