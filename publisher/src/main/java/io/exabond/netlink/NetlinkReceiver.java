package io.exabond.netlink;

import java.lang.foreign.MemorySegment;

/**
 * Where {@link LinkListener} gets its datagrams: a {@link NetlinkSocket}, or canned buffers in tests.
 */
public interface NetlinkReceiver extends AutoCloseable
{
    /**
     * Waits up to {@code timeoutMs} for one datagram and copies it into the buffer.
     *
     * @param buffer    where to put it.
     * @param timeoutMs how long to wait; 0 takes only what is already queued.
     * @return its length (&gt; 0); 0 when none came in time; or minus the errno of a failure ({@code -ENOBUFS}
     *         when the socket overran and messages were lost).
     */
    int receive(MemorySegment buffer, int timeoutMs);

    /**
     * Releases the socket; idempotent.
     */
    void close();
}
