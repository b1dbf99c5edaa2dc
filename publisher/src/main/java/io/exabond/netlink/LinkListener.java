package io.exabond.netlink;

import io.exabond.netlink.generated.Rtnetlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Listens to link changes ({@code RTMGRP_LINK}) and tells its caller whether any of a batch of messages concerned
 * what it watches: {@link #await} waits for the first datagram, then drains what else is queued without waiting,
 * parses all of it, and answers once for the batch, so that a burst of messages costs the caller one reaction.
 * <p>
 * Allocation-free per call: one receive buffer, one parser, one reused message. Threading: one thread calls
 * {@link #await}; the counters may be read from any thread (they are advisory).
 */
public final class LinkListener implements AutoCloseable
{
    /** {@link #await}: nothing that the filter accepted came in time. */
    public static final int NOTHING = 0;
    /** {@link #await}: at least one message the filter accepted. */
    public static final int MATCHED = 1;
    /** {@link #await}: the socket overran ({@code ENOBUFS} or {@code NLMSG_OVERRUN}): messages were lost. */
    public static final int OVERRUN = 2;
    /** {@link #await}: receiving failed with another errno ({@link #lastErrno()}); the socket is of no more use. */
    public static final int FAILED = 3;

    /** Netlink's own advice for a receive buffer: a page at least, 8 KiB avoids truncation (netlink(7)). */
    public static final int BUFFER_BYTES = 64 * 1024;
    /** Datagrams drained in one batch at most, so that a storm cannot keep the caller from reacting. */
    private static final int MAX_BATCH = 256;
    private static final int ENOBUFS = Rtnetlink.ENOBUFS();

    private final NetlinkReceiver receiver;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final NetlinkParser parser = new NetlinkParser();
    private volatile long datagrams;
    private volatile long matched;
    private volatile long overruns;
    private volatile int lastErrno;

    /**
     * @param receiver where datagrams come from; the listener owns and closes it.
     */
    public LinkListener(final NetlinkReceiver receiver)
    {
        this.receiver = receiver;
        this.buffer = arena.allocate(BUFFER_BYTES, Long.BYTES);
    }

    /**
     * Opens a {@code NETLINK_ROUTE} socket bound to {@code RTMGRP_LINK}.
     *
     * @return the listener.
     * @throws NetlinkException when the socket cannot be opened or bound ({@link NetlinkException#isUnavailable()}
     *                          tells a namespace or policy refusal from a bug).
     */
    public static LinkListener open()
    {
        return new LinkListener(NetlinkSocket.open(NetlinkSocket.linkGroup()));
    }

    /**
     * Waits up to {@code timeoutMs} for link messages, then takes everything already queued (up to a bound).
     *
     * @param timeoutMs how long to wait for the first datagram; 0 takes only what is queued.
     * @param filter    which messages count.
     * @return {@link #OVERRUN} when messages were lost (whatever else came), else {@link #MATCHED} when the filter
     *         accepted one, else {@link #FAILED} when receiving failed, else {@link #NOTHING}.
     */
    public int await(final int timeoutMs, final LinkFilter filter)
    {
        boolean accepted = false;
        boolean lost = false;
        boolean failed = false;
        int wait = Math.max(0, timeoutMs);
        for (int i = 0; i < MAX_BATCH; i++)
        {
            final int length = receiver.receive(buffer, wait);
            wait = 0;
            if (length == 0)
            {
                break;
            }
            if (length < 0)
            {
                if (-length == ENOBUFS)
                {
                    // The kernel dropped messages for us; the socket stays usable.
                    lost = true;
                    continue;
                }
                lastErrno = -length;
                failed = true;
                break;
            }
            datagrams++;
            parser.wrap(buffer, length);
            while (parser.next())
            {
                if (!accepted && filter.accept(parser.message()))
                {
                    accepted = true;
                }
            }
            lost |= parser.overrun();
        }
        if (lost)
        {
            overruns++;
            return OVERRUN;
        }
        if (accepted)
        {
            matched++;
            return MATCHED;
        }
        return failed ? FAILED : NOTHING;
    }

    /**
     * @return datagrams received.
     */
    public long datagrams()
    {
        return datagrams;
    }

    /**
     * @return batches with at least one accepted message.
     */
    public long matched()
    {
        return matched;
    }

    /**
     * @return batches in which the socket overran.
     */
    public long overruns()
    {
        return overruns;
    }

    /**
     * @return messages skipped because they were truncated or inconsistent.
     */
    public long malformed()
    {
        return parser.malformed();
    }

    /**
     * @return the errno of the last failed receive ({@link #FAILED}), or 0.
     */
    public int lastErrno()
    {
        return lastErrno;
    }

    /**
     * Closes the socket and frees the buffer; idempotent. Call it from the thread that called {@link #await}.
     */
    public void close()
    {
        receiver.close();
        if (arena.scope().isAlive())
        {
            arena.close();
        }
    }
}
