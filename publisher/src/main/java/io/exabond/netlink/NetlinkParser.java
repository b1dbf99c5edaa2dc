package io.exabond.netlink;

import io.exabond.netlink.generated.Rtnetlink;
import io.exabond.netlink.generated.ifinfomsg;
import io.exabond.netlink.generated.nlmsghdr;
import io.exabond.netlink.generated.rtattr;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * Walks a buffer of netlink messages, as one {@code recv(2)} on a {@code NETLINK_ROUTE} socket fills it, and
 * yields the link messages ({@code RTM_NEWLINK}, {@code RTM_DELLINK}) one at a time in a reused {@link LinkMessage}.
 * <p>
 * Every read is bounds-checked against the buffer and the message's own length, and every read is unaligned, so
 * that no content can make it throw: a header whose {@code nlmsg_len} is shorter than a header or runs past the
 * buffer ends the walk (nothing after it can be trusted to be a message boundary); a link message too short for
 * its {@code ifinfomsg}, an attribute whose {@code rta_len} is below 4 or runs past its message, an
 * {@code IFLA_IFNAME} that is empty or longer than 15 characters, or an {@code IFLA_MASTER} or {@code IFLA_EVENT}
 * shorter than 4 bytes makes the parser skip that message and count it as {@link #malformed()}: nothing of a partial
 * parse is reported. Unknown attributes and other message types ({@code NLMSG_DONE}, {@code NLMSG_ERROR}, routes,
 * addresses) are skipped; {@code NLMSG_OVERRUN} sets {@link #overrun()}. Values are in host byte order, as netlink
 * sends them.
 * <p>
 * Allocation-free after construction. Threading: one thread.
 */
public final class NetlinkParser
{
    /** {@code RTM_NEWLINK}. */
    public static final int RTM_NEWLINK = Rtnetlink.RTM_NEWLINK();
    /** {@code RTM_DELLINK}. */
    public static final int RTM_DELLINK = Rtnetlink.RTM_DELLINK();
    /** {@code IFLA_EVENT_BONDING_FAILOVER}: the value of {@code IFLA_EVENT} when a bond changed its active slave. */
    public static final int IFLA_EVENT_BONDING_FAILOVER = Rtnetlink.IFLA_EVENT_BONDING_FAILOVER();

    private static final int NLMSG_OVERRUN = Rtnetlink.NLMSG_OVERRUN();
    private static final int IFLA_IFNAME = Rtnetlink.IFLA_IFNAME();
    private static final int IFLA_MASTER = Rtnetlink.IFLA_MASTER();
    private static final int IFLA_EVENT = Rtnetlink.IFLA_EVENT();
    private static final long HDRLEN = NetlinkMacros.NLMSG_HDRLEN;
    private static final long LEN_OFFSET = nlmsghdr.nlmsg_len$offset();
    private static final long TYPE_OFFSET = nlmsghdr.nlmsg_type$offset();
    private static final long FLAGS_OFFSET = nlmsghdr.nlmsg_flags$offset();
    private static final long IFINDEX_OFFSET = NetlinkMacros.NLMSG_HDRLEN + ifinfomsg.ifi_index$offset();
    private static final long IFI_FLAGS_OFFSET = NetlinkMacros.NLMSG_HDRLEN + ifinfomsg.ifi_flags$offset();
    private static final long RTA_LEN_OFFSET = rtattr.rta_len$offset();
    private static final long RTA_TYPE_OFFSET = rtattr.rta_type$offset();
    private static final int RTA_HDRLEN = NetlinkMacros.RTA_HDRLEN;

    private final LinkMessage message = new LinkMessage();
    private MemorySegment buffer = MemorySegment.NULL;
    private long limit;
    private long offset;
    private long links;
    private long malformed;
    private long ignored;
    private boolean overrun;

    /**
     * Starts a walk over the first {@code length} bytes of a buffer (clamped to its size).
     *
     * @param buffer the bytes one receive gave.
     * @param length how many of them are valid.
     */
    public void wrap(final MemorySegment buffer, final long length)
    {
        this.buffer = buffer;
        this.limit = Math.max(0, Math.min(length, buffer.byteSize()));
        this.offset = 0;
        this.overrun = false;
    }

    /**
     * Moves to the next complete link message of the buffer.
     *
     * @return true when {@link #message()} now holds one; false at the end of the buffer.
     */
    public boolean next()
    {
        while (limit - offset >= HDRLEN)
        {
            final long start = offset;
            final long length = Integer.toUnsignedLong(buffer.get(JAVA_INT_UNALIGNED, start + LEN_OFFSET));
            if (length < HDRLEN || length > limit - start)
            {
                // No trustworthy boundary follows a bad length: the rest of the buffer is dropped.
                malformed++;
                offset = limit;
                return false;
            }
            offset = start + Math.min(NetlinkMacros.nlmsgAlign((int)length), limit - start);
            final int type = Short.toUnsignedInt(buffer.get(JAVA_SHORT_UNALIGNED, start + TYPE_OFFSET));
            if (type == RTM_NEWLINK || type == RTM_DELLINK)
            {
                if (parseLink(start, length, type))
                {
                    links++;
                    return true;
                }
                malformed++;
            }
            else
            {
                if (type == NLMSG_OVERRUN)
                {
                    overrun = true;
                }
                ignored++;
            }
        }
        if (offset < limit)
        {
            // Fewer bytes than a header: a message cut short.
            malformed++;
            offset = limit;
        }
        return false;
    }

    /**
     * @return the message {@link #next()} moved to; the same object every time.
     */
    public LinkMessage message()
    {
        return message;
    }

    /**
     * @return link messages yielded since construction.
     */
    public long links()
    {
        return links;
    }

    /**
     * @return messages (or buffer tails) skipped because they were truncated or inconsistent, since construction.
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * @return well-formed messages of other types skipped, since construction.
     */
    public long ignored()
    {
        return ignored;
    }

    /**
     * @return true when the buffer walked so far held an {@code NLMSG_OVERRUN}: messages were lost.
     */
    public boolean overrun()
    {
        return overrun;
    }

    private boolean parseLink(final long start, final long length, final int type)
    {
        if (length < NetlinkMacros.IFLA_RTA_OFFSET)
        {
            return false;
        }
        message.reset(type, Short.toUnsignedInt(buffer.get(JAVA_SHORT_UNALIGNED, start + FLAGS_OFFSET)),
            buffer.get(JAVA_INT_UNALIGNED, start + IFINDEX_OFFSET), buffer.get(JAVA_INT_UNALIGNED,
            start + IFI_FLAGS_OFFSET));
        final long end = start + length;
        long attribute = start + NetlinkMacros.IFLA_RTA_OFFSET;
        while (end - attribute >= RTA_HDRLEN)
        {
            final int rtaLength = Short.toUnsignedInt(buffer.get(JAVA_SHORT_UNALIGNED, attribute + RTA_LEN_OFFSET));
            if (rtaLength < RTA_HDRLEN || rtaLength > end - attribute)
            {
                return false;
            }
            final int rtaType = Short.toUnsignedInt(buffer.get(JAVA_SHORT_UNALIGNED, attribute + RTA_TYPE_OFFSET));
            final long payload = attribute + RTA_HDRLEN;
            final int payloadLength = rtaLength - RTA_HDRLEN;
            if (rtaType == IFLA_IFNAME)
            {
                if (!readName(payload, payloadLength))
                {
                    return false;
                }
            }
            else if (rtaType == IFLA_MASTER || rtaType == IFLA_EVENT)
            {
                if (payloadLength < Integer.BYTES)
                {
                    return false;
                }
                final int value = buffer.get(JAVA_INT_UNALIGNED, payload);
                if (rtaType == IFLA_MASTER)
                {
                    message.master(value);
                }
                else
                {
                    message.event(value);
                }
            }
            attribute += NetlinkMacros.rtaAlign(rtaLength);
        }
        return true;
    }

    private boolean readName(final long payload, final int payloadLength)
    {
        final byte[] name = message.ifnameBuffer();
        int length = 0;
        while (length < payloadLength && length < name.length)
        {
            final byte b = buffer.get(JAVA_BYTE, payload + length);
            if (b == 0)
            {
                break;
            }
            name[length++] = b;
        }
        if (length == 0 || length >= LinkMessage.IFNAMSIZ)
        {
            return false;
        }
        message.ifnameLength(length);
        return true;
    }
}
