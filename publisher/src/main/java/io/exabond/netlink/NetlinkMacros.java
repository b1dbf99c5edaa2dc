package io.exabond.netlink;

import io.exabond.netlink.generated.Rtnetlink;
import io.exabond.netlink.generated.ifinfomsg;
import io.exabond.netlink.generated.nlmsghdr;
import io.exabond.netlink.generated.rtattr;

/**
 * The function-like macros of {@code <linux/netlink.h>} and {@code <linux/rtnetlink.h>} that a link listener needs,
 * written by hand because jextract generates only object-like macros. Each is named after its C macro and computes
 * the same value; {@code NetlinkAbiDriftTest} checks them against gcc's results. Alignments come from the generated
 * {@code NLMSG_ALIGNTO} and {@code RTA_ALIGNTO}, sizes from the generated layouts.
 */
public final class NetlinkMacros
{
    private static final int NLMSG_ALIGNTO = Rtnetlink.NLMSG_ALIGNTO();
    private static final int RTA_ALIGNTO = Rtnetlink.RTA_ALIGNTO();

    /** {@code NLMSG_HDRLEN}: the aligned size of {@code struct nlmsghdr}. */
    public static final int NLMSG_HDRLEN = nlmsgAlign((int)nlmsghdr.sizeof());
    /** {@code RTA_LENGTH(0)}: the size of an attribute with no payload. */
    public static final int RTA_HDRLEN = rtaAlign((int)rtattr.sizeof());
    /** {@code NLMSG_SPACE(sizeof(struct ifinfomsg))}: where a link message's first attribute starts. */
    public static final int IFLA_RTA_OFFSET = NLMSG_HDRLEN + nlmsgAlign((int)ifinfomsg.sizeof());

    private NetlinkMacros()
    {
    }

    /**
     * {@code NLMSG_ALIGN(len)}.
     *
     * @param length a length in bytes, non-negative.
     * @return it rounded up to the netlink message alignment.
     */
    public static int nlmsgAlign(final int length)
    {
        return (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
    }

    /**
     * {@code NLMSG_LENGTH(len)}.
     *
     * @param payload the payload's length.
     * @return the {@code nlmsg_len} of a message with that payload.
     */
    public static int nlmsgLength(final int payload)
    {
        return payload + NLMSG_HDRLEN;
    }

    /**
     * {@code NLMSG_SPACE(len)}.
     *
     * @param payload the payload's length.
     * @return the bytes a message with that payload takes in a buffer, padding included.
     */
    public static int nlmsgSpace(final int payload)
    {
        return nlmsgAlign(nlmsgLength(payload));
    }

    /**
     * {@code RTA_ALIGN(len)}.
     *
     * @param length a length in bytes, non-negative.
     * @return it rounded up to the attribute alignment.
     */
    public static int rtaAlign(final int length)
    {
        return (length + RTA_ALIGNTO - 1) & ~(RTA_ALIGNTO - 1);
    }

    /**
     * {@code RTA_LENGTH(len)}.
     *
     * @param payload the payload's length.
     * @return the {@code rta_len} of an attribute with that payload.
     */
    public static int rtaLength(final int payload)
    {
        return payload + RTA_HDRLEN;
    }

    /**
     * {@code RTA_SPACE(len)}.
     *
     * @param payload the payload's length.
     * @return the bytes an attribute with that payload takes, padding included.
     */
    public static int rtaSpace(final int payload)
    {
        return rtaAlign(rtaLength(payload));
    }
}
