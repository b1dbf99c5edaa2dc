package io.exabond.netlink;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link NetlinkReceiver} that hands out datagrams a test queued ({@link #offer}) or a failure
 * ({@link #fail(int)}), for the listener and the bridge without a kernel.
 */
public final class CannedReceiver implements NetlinkReceiver
{
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    /**
     * @param datagram the bytes one {@code recv} returns.
     * @return this.
     */
    public CannedReceiver offer(final byte[] datagram)
    {
        queue.add(datagram.clone());
        return this;
    }

    /**
     * @param errno what the next receive fails with, e.g. 105 for {@code ENOBUFS}.
     * @return this.
     */
    public CannedReceiver fail(final int errno)
    {
        queue.add(errno);
        return this;
    }

    /**
     * @return true once closed.
     */
    public boolean closed()
    {
        return closed;
    }

    /**
     * {@inheritDoc}
     */
    public int receive(final MemorySegment buffer, final int timeoutMs)
    {
        final Object next;
        try
        {
            next = timeoutMs > 0 ? queue.poll(timeoutMs, TimeUnit.MILLISECONDS) : queue.poll();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return 0;
        }
        if (next == null)
        {
            return 0;
        }
        if (next instanceof Integer errno)
        {
            return -errno;
        }
        final byte[] datagram = (byte[])next;
        final int length = (int)Math.min(datagram.length, buffer.byteSize());
        MemorySegment.copy(datagram, 0, buffer, ValueLayout.JAVA_BYTE, 0, length);
        return length;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        closed = true;
    }
}
