package io.exabond.netlink;

import io.exabond.netlink.generated.Rtnetlink;
import io.exabond.netlink.generated.ifinfomsg;
import io.exabond.netlink.generated.nlmsgerr;
import io.exabond.netlink.generated.nlmsghdr;
import io.exabond.netlink.generated.rtattr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * Sets a network interface administratively up or down through rtnetlink, as {@code ip link set IF down} does: one
 * {@code RTM_NEWLINK} request on a {@code NETLINK_ROUTE} socket that names the interface by {@code IFLA_IFNAME}
 * (index 0), changes only {@code IFF_UP} ({@code ifi_change}), and asks for the kernel's acknowledgement
 * ({@code NLM_F_ACK}), which carries the errno of the change. A request returns once the kernel has made the change:
 * for a slave of a bond, its link is down then, and the bonding driver notices at its next {@code miimon} pass.
 * <p>
 * Changing a link needs {@code CAP_NET_ADMIN} in the interface's network namespace; without it the kernel answers
 * {@code EPERM} before it looks at the request. {@link #check(String)} sends a request that changes nothing, to learn
 * both that and whether the interface exists, before anything is changed.
 * <p>
 * Threading: one thread at a time. Requests allocate nothing after {@link #open()}.
 */
public final class LinkControl implements AutoCloseable
{
    /** {@code IFF_UP} of {@code <linux/if.h>}: the interface is administratively up. */
    public static final int IFF_UP = 0x1;
    /** {@code NLM_F_REQUEST} of {@code <linux/netlink.h>}: a request. */
    public static final int NLM_F_REQUEST = 0x1;
    /** {@code NLM_F_ACK} of {@code <linux/netlink.h>}: answer with an acknowledgement, an error of 0 on success. */
    public static final int NLM_F_ACK = 0x4;
    /** {@code AF_UNSPEC} of {@code <sys/socket.h>}: the family of a link request. */
    public static final int AF_UNSPEC = 0;
    /** {@code ETIMEDOUT} of {@code <errno.h>}: what a missing acknowledgement is reported as. */
    public static final int ETIMEDOUT = 110;
    /** How long to wait for the kernel's acknowledgement: it answers a link request at once, under the RTNL lock. */
    public static final int ACK_TIMEOUT_MS = 5_000;
    /** The longest interface name: {@code IFNAMSIZ} less the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 15;

    private static final int NLMSG_ERROR = Rtnetlink.NLMSG_ERROR();
    private static final int RTM_NEWLINK = Rtnetlink.RTM_NEWLINK();
    private static final int IFLA_IFNAME = Rtnetlink.IFLA_IFNAME();
    private static final int HDRLEN = NetlinkMacros.NLMSG_HDRLEN;
    private static final int REQUEST_BYTES =
        NetlinkMacros.IFLA_RTA_OFFSET + NetlinkMacros.rtaSpace(MAX_NAME_LENGTH + 1);
    /** An error acknowledgement echoes the request: room for it and more. */
    private static final int REPLY_BYTES = 8192;

    private final NetlinkSocket socket;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment request;
    private final MemorySegment reply;
    private int sequence;

    private LinkControl(final NetlinkSocket socket)
    {
        this.socket = socket;
        this.request = arena.allocate(REQUEST_BYTES, Long.BYTES);
        this.reply = arena.allocate(REPLY_BYTES, Long.BYTES);
    }

    /**
     * Opens a {@code NETLINK_ROUTE} socket bound to no multicast group: it receives only the answers to its requests.
     *
     * @return the link control.
     * @throws NetlinkException when the socket cannot be opened.
     */
    public static LinkControl open()
    {
        return new LinkControl(NetlinkSocket.open(0));
    }

    /**
     * Sets an interface administratively up or down ({@code IFF_UP}), and returns once the kernel acknowledged it.
     *
     * @param ifname the interface's name.
     * @param up     true to set it up, false to set it down.
     * @throws NetlinkException         with the kernel's errno: {@code EPERM} without {@code CAP_NET_ADMIN},
     *                                  {@code ENODEV} when there is no such interface; {@code ETIMEDOUT} when no
     *                                  acknowledgement came within {@link #ACK_TIMEOUT_MS}.
     * @throws IllegalArgumentException when the name cannot be an interface's.
     */
    public void setUp(final String ifname, final boolean up)
    {
        request("RTM_NEWLINK " + ifname + (up ? " up" : " down"), ifname, up ? IFF_UP : 0, IFF_UP);
    }

    /**
     * Sends a link request that changes nothing (no flag in {@code ifi_change}): the kernel checks the caller's
     * {@code CAP_NET_ADMIN} and looks the interface up, and answers as a real change would be answered.
     *
     * @param ifname the interface's name.
     * @throws NetlinkException         {@code EPERM} without {@code CAP_NET_ADMIN}, {@code ENODEV} when there is no
     *                                  such interface.
     * @throws IllegalArgumentException when the name cannot be an interface's.
     */
    public void check(final String ifname)
    {
        request("RTM_NEWLINK " + ifname + " (changing nothing)", ifname, 0, 0);
    }

    /**
     * Closes the socket; idempotent.
     */
    public void close()
    {
        socket.close();
        if (arena.scope().isAlive())
        {
            arena.close();
        }
    }

    private void request(final String call, final String ifname, final int flags, final int change)
    {
        final byte[] name = name(ifname);
        final int seq = ++sequence;
        request.fill((byte)0);
        final int length = NetlinkMacros.IFLA_RTA_OFFSET + NetlinkMacros.rtaLength(name.length + 1);
        nlmsghdr.nlmsg_len(request, length);
        nlmsghdr.nlmsg_type(request, (short)RTM_NEWLINK);
        nlmsghdr.nlmsg_flags(request, (short)(NLM_F_REQUEST | NLM_F_ACK));
        nlmsghdr.nlmsg_seq(request, seq);
        final MemorySegment link = request.asSlice(HDRLEN, ifinfomsg.sizeof());
        ifinfomsg.ifi_family(link, (byte)AF_UNSPEC);
        ifinfomsg.ifi_index(link, 0);
        ifinfomsg.ifi_flags(link, flags);
        ifinfomsg.ifi_change(link, change);
        final MemorySegment attribute = request.asSlice(NetlinkMacros.IFLA_RTA_OFFSET, rtattr.sizeof());
        rtattr.rta_len(attribute, (short)NetlinkMacros.rtaLength(name.length + 1));
        rtattr.rta_type(attribute, (short)IFLA_IFNAME);
        MemorySegment.copy(name, 0, request, JAVA_BYTE, NetlinkMacros.IFLA_RTA_OFFSET + NetlinkMacros.RTA_HDRLEN,
            name.length);
        socket.send(request, NetlinkMacros.nlmsgAlign(length));
        final int error = awaitAck(call, seq);
        if (error != 0)
        {
            throw new NetlinkException(call, error);
        }
    }

    /**
     * @return 0 for success, else the positive errno the kernel answered.
     */
    private int awaitAck(final String call, final int seq)
    {
        final long deadline = System.nanoTime() + ACK_TIMEOUT_MS * 1_000_000L;
        while (true)
        {
            final long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0)
            {
                throw new NetlinkException(call + ": no acknowledgement within " + ACK_TIMEOUT_MS + " ms", ETIMEDOUT);
            }
            final int received = socket.receive(reply, (int)Math.max(1, leftMs));
            if (received < 0)
            {
                throw new NetlinkException(call + ": receiving the acknowledgement", -received);
            }
            int offset = 0;
            while (received - offset >= HDRLEN)
            {
                final int length = reply.get(JAVA_INT_UNALIGNED, offset + nlmsghdr.nlmsg_len$offset());
                if (length < HDRLEN || length > received - offset)
                {
                    break;
                }
                final int type = Short.toUnsignedInt(reply.get(JAVA_SHORT_UNALIGNED,
                    offset + nlmsghdr.nlmsg_type$offset()));
                final int messageSeq = reply.get(JAVA_INT_UNALIGNED, offset + nlmsghdr.nlmsg_seq$offset());
                if (type == NLMSG_ERROR && messageSeq == seq && length >= HDRLEN + Integer.BYTES)
                {
                    return -reply.get(JAVA_INT_UNALIGNED, offset + HDRLEN + nlmsgerr.error$offset());
                }
                offset += NetlinkMacros.nlmsgAlign(length);
            }
        }
    }

    private static byte[] name(final String ifname)
    {
        final byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length > MAX_NAME_LENGTH || !ifname.chars().allMatch(c -> c > ' ' && c < 0x7F))
        {
            throw new IllegalArgumentException("'" + ifname + "' cannot be an interface name: 1 to " +
                MAX_NAME_LENGTH + " printable ASCII characters without spaces");
        }
        return name;
    }
}
