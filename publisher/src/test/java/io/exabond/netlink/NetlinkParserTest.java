package io.exabond.netlink;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.exabond.netlink.NetlinkMessages.IFLA_EVENT;
import static io.exabond.netlink.NetlinkMessages.IFLA_IFNAME;
import static io.exabond.netlink.NetlinkMessages.IFLA_MASTER;
import static io.exabond.netlink.NetlinkMessages.RTM_DELLINK;
import static io.exabond.netlink.NetlinkMessages.RTM_NEWLINK;
import static io.exabond.netlink.NetlinkMessages.attr;
import static io.exabond.netlink.NetlinkMessages.bondEvent;
import static io.exabond.netlink.NetlinkMessages.concat;
import static io.exabond.netlink.NetlinkMessages.done;
import static io.exabond.netlink.NetlinkMessages.ifname;
import static io.exabond.netlink.NetlinkMessages.link;
import static io.exabond.netlink.NetlinkMessages.slave;
import static io.exabond.netlink.NetlinkMessages.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetlinkParserTest
{
    private final NetlinkParser parser = new NetlinkParser();

    @Test
    void shouldReadAFailoverBatchAsTheDriverSendsIt()
    {
        final List<String> seen = parse(concat(slave(3, "eth2", 5), slave(4, "eth3", 5), bondEvent(5, "bond0", 3),
            bondEvent(5, "bond0", 4), bondEvent(5, "bond0", 6), bondEvent(5, "bond0", 5)));

        assertEquals(List.of(
            "RTM_NEWLINK ifindex 3 eth2 master 5 event -1",
            "RTM_NEWLINK ifindex 4 eth3 master 5 event -1",
            "RTM_NEWLINK ifindex 5 bond0 master -1 event 3",
            "RTM_NEWLINK ifindex 5 bond0 master -1 event 4",
            "RTM_NEWLINK ifindex 5 bond0 master -1 event 6",
            "RTM_NEWLINK ifindex 5 bond0 master -1 event 5"), seen);
        assertEquals(0, parser.malformed());
        assertEquals(6, parser.links());
    }

    @Test
    void shouldReadDelLinkAndSkipOtherTypes()
    {
        final List<String> seen = parse(concat(done(), link(RTM_DELLINK, 9, ifname("bond1")),
            NetlinkMessages.message(24, new byte[12])));

        assertEquals(List.of("RTM_DELLINK ifindex 9 bond1 master -1 event -1"), seen);
        assertEquals(2, parser.ignored());
        assertEquals(0, parser.malformed());
    }

    @Test
    void shouldFlagAnOverrunMessage()
    {
        parse(NetlinkMessages.message(NetlinkMessages.NLMSG_OVERRUN, new byte[0]));
        assertTrue(parser.overrun());
        parse(done());
        assertFalse(parser.overrun(), "per buffer");
    }

    @Test
    void shouldSkipUnknownAttributes()
    {
        final List<String> seen = parse(link(RTM_NEWLINK, 2, attr(999, new byte[7]), ifname("lo"),
            attr(0x8000 | 50, new byte[8]), u32(IFLA_EVENT, 3)));
        assertEquals(List.of("RTM_NEWLINK ifindex 2 lo master -1 event 3"), seen);
    }

    @Test
    void shouldDropTheRestOfABufferAfterALengthThatRunsPastIt()
    {
        final byte[] good = bondEvent(5, "bond0", 3);
        final byte[] bad = bondEvent(5, "bond0", 4);
        putInt(bad, 0, bad.length + 4);

        assertEquals(List.of("RTM_NEWLINK ifindex 5 bond0 master -1 event 3"), parse(concat(good, bad)));
        assertEquals(1, parser.malformed());
        assertEquals(List.of(), parse(concat(bad, good)).subList(0, 0), "no exception when it overlaps the next");
    }

    @Test
    void shouldDropALengthShorterThanAHeader()
    {
        final byte[] bad = bondEvent(5, "bond0", 3);
        putInt(bad, 0, 15);
        assertEquals(List.of(), parse(concat(bad, bondEvent(5, "bond0", 4))));
        assertEquals(1, parser.malformed());
        putInt(bad, 0, 0);
        assertEquals(List.of(), parse(bad), "a zero length must not loop");
    }

    @Test
    void shouldSkipATruncatedBufferTail()
    {
        final byte[] message = bondEvent(5, "bond0", 3);
        for (int cut = 1; cut < message.length; cut++)
        {
            final long before = parser.malformed();
            assertEquals(List.of(), parse(Arrays.copyOf(message, cut)), "cut at " + cut);
            assertEquals(before + 1, parser.malformed(), "counted once, cut at " + cut);
        }
    }

    @Test
    void shouldSkipALinkMessageTooShortForItsHeader()
    {
        final byte[] message = NetlinkMessages.message(RTM_NEWLINK, new byte[12]);
        assertEquals(List.of("RTM_NEWLINK ifindex 5 bond0 master -1 event 3"), parse(concat(message,
            bondEvent(5, "bond0", 3))));
        assertEquals(1, parser.malformed());
        assertEquals(1, parser.links(), "the next message is still read");
    }

    @Test
    void shouldSkipAMessageWithAZeroLengthOrOverlongAttribute()
    {
        final byte[] zero = link(RTM_NEWLINK, 5, ifname("bond0"), u32(IFLA_EVENT, 3));
        putShort(zero, 32, 0);
        final byte[] overlong = link(RTM_NEWLINK, 5, ifname("bond0"), u32(IFLA_EVENT, 3));
        putShort(overlong, 32, 200);
        final byte[] three = link(RTM_NEWLINK, 5, ifname("bond0"), u32(IFLA_EVENT, 3));
        putShort(three, 32, 3);

        assertEquals(List.of("RTM_NEWLINK ifindex 7 eth9 master -1 event -1"), parse(concat(zero, overlong, three,
            link(RTM_NEWLINK, 7, ifname("eth9")))));
        assertEquals(3, parser.malformed());
    }

    @Test
    void shouldSkipAMessageWithAShortOrEmptyValue()
    {
        final List<String> seen = parse(concat(
            link(RTM_NEWLINK, 5, attr(IFLA_MASTER, new byte[2])),
            link(RTM_NEWLINK, 5, attr(IFLA_EVENT, new byte[0])),
            link(RTM_NEWLINK, 5, attr(IFLA_IFNAME, new byte[0])),
            link(RTM_NEWLINK, 5, attr(IFLA_IFNAME, new byte[] {0})),
            link(RTM_NEWLINK, 5, attr(IFLA_IFNAME, ascii("sixteen-chars-xx"))),
            link(RTM_NEWLINK, 6, attr(IFLA_IFNAME, ascii("fifteen-chars-x")))));

        assertEquals(List.of("RTM_NEWLINK ifindex 6 fifteen-chars-x master -1 event -1"), seen,
            "a name without its NUL is taken when it fits");
        assertEquals(5, parser.malformed());
    }

    @Test
    void shouldCompareNamesWithoutAllocating()
    {
        parser.wrap(segment(slave(3, "eth2", 5)), Long.MAX_VALUE);
        assertTrue(parser.next());
        final LinkMessage message = parser.message();
        assertTrue(message.ifnameEquals("eth2"));
        assertFalse(message.ifnameEquals("eth"));
        assertFalse(message.ifnameEquals("eth22"));
        assertFalse(message.ifnameEquals("eth3"));
        assertEquals(5, message.master());
        assertEquals(RTM_NEWLINK, message.type());
        assertEquals(NetlinkMessages.IFF_UP | NetlinkMessages.IFF_RUNNING, message.ifiFlags());
    }

    @Test
    void shouldReadMessagesAtAnyAlignmentOfTheBuffer()
    {
        final byte[] message = bondEvent(5, "bond0", 3);
        final byte[] shifted = new byte[message.length + 1];
        System.arraycopy(message, 0, shifted, 1, message.length);
        parser.wrap(MemorySegment.ofArray(shifted).asSlice(1), message.length);
        assertTrue(parser.next());
        assertEquals(3, parser.message().event());
    }

    private List<String> parse(final byte[] bytes)
    {
        parser.wrap(segment(bytes), bytes.length);
        final List<String> seen = new ArrayList<>();
        while (parser.next())
        {
            seen.add(parser.message().toString());
        }
        return seen;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static MemorySegment segment(final byte[] bytes)
    {
        return Arena.ofAuto().allocate(Math.max(1, bytes.length), 8).copyFrom(MemorySegment.ofArray(bytes));
    }

    private static void putInt(final byte[] bytes, final int offset, final int value)
    {
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putInt(offset, value);
    }

    private static void putShort(final byte[] bytes, final int offset, final int value)
    {
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putShort(offset, (short)value);
    }
}
