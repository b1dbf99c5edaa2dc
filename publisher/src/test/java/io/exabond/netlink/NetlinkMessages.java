package io.exabond.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds netlink messages as the kernel lays them out (host byte order, 4-byte alignment), for the parser's unit
 * tests, the bridge's tests over canned buffers and the fuzz target's seeds. Deliberately independent of the code
 * under test: sizes are written out (16-byte nlmsghdr, 16-byte ifinfomsg, 4-byte rtattr) rather than taken from
 * {@link NetlinkMacros}, which the drift test checks against C.
 */
public final class NetlinkMessages
{
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_EVENT = 44;
    public static final int IFF_UP = 1;
    public static final int IFF_RUNNING = 0x40;

    private NetlinkMessages()
    {
    }

    /**
     * @param type    nlmsg_type.
     * @param ifindex ifi_index.
     * @param attrs   attributes from {@link #attr}, {@link #ifname}, {@link #u32}, already padded.
     * @return one RTM_NEWLINK / RTM_DELLINK message, padded to 4.
     */
    public static byte[] link(final int type, final int ifindex, final byte[]... attrs)
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final ByteBuffer ifinfo = order(ByteBuffer.allocate(16));
        ifinfo.put((byte)0).put((byte)0).putShort((short)1).putInt(ifindex).putInt(IFF_UP | IFF_RUNNING).putInt(0);
        body.writeBytes(ifinfo.array());
        for (final byte[] attr : attrs)
        {
            body.writeBytes(attr);
        }
        return message(type, body.toByteArray());
    }

    /**
     * @param type    nlmsg_type.
     * @param payload what follows the header.
     * @return the message, padded to 4.
     */
    public static byte[] message(final int type, final byte[] payload)
    {
        final int length = 16 + payload.length;
        final ByteBuffer header = order(ByteBuffer.allocate(align(length)));
        header.putInt(length).putShort((short)type).putShort((short)0).putInt(0).putInt(0).put(payload);
        return header.array();
    }

    /**
     * @return an NLMSG_DONE with a zero error code.
     */
    public static byte[] done()
    {
        return message(NLMSG_DONE, new byte[4]);
    }

    /**
     * @param type    rta_type.
     * @param payload its payload.
     * @return the attribute, padded to 4.
     */
    public static byte[] attr(final int type, final byte[] payload)
    {
        final int length = 4 + payload.length;
        final ByteBuffer attr = order(ByteBuffer.allocate(align(length)));
        attr.putShort((short)length).putShort((short)type).put(payload);
        return attr.array();
    }

    /**
     * @param name an interface name.
     * @return IFLA_IFNAME with its terminating NUL, as the kernel sends it.
     */
    public static byte[] ifname(final String name)
    {
        final byte[] text = name.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] payload = new byte[text.length + 1];
        System.arraycopy(text, 0, payload, 0, text.length);
        return attr(IFLA_IFNAME, payload);
    }

    /**
     * @param type  rta_type.
     * @param value a u32.
     * @return the attribute.
     */
    public static byte[] u32(final int type, final int value)
    {
        return attr(type, order(ByteBuffer.allocate(4)).putInt(value).array());
    }

    /**
     * @param ifindex the bond's index.
     * @param name    its name.
     * @param event   IFLA_EVENT, e.g. 3 for BONDING_FAILOVER.
     * @return RTM_NEWLINK of a bond as the driver sends it on a failover (with an OPERSTATE the parser ignores).
     */
    public static byte[] bondEvent(final int ifindex, final String name, final int event)
    {
        return link(RTM_NEWLINK, ifindex, ifname(name), attr(IFLA_OPERSTATE, new byte[] {6}), u32(IFLA_EVENT, event));
    }

    /**
     * @param ifindex the slave's index.
     * @param name    its name.
     * @param master  the bond's index.
     * @return RTM_NEWLINK of a slave.
     */
    public static byte[] slave(final int ifindex, final String name, final int master)
    {
        return link(RTM_NEWLINK, ifindex, ifname(name), attr(IFLA_OPERSTATE, new byte[] {6}), u32(IFLA_MASTER,
            master));
    }

    /**
     * @param parts byte arrays.
     * @return them one after the other.
     */
    public static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static int align(final int length)
    {
        return (length + 3) & ~3;
    }

    private static ByteBuffer order(final ByteBuffer buffer)
    {
        return buffer.order(ByteOrder.nativeOrder());
    }
}
