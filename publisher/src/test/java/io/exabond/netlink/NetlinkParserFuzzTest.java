package io.exabond.netlink;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The netlink parser on arbitrary receive buffers: it must never throw, yield only link messages whose fields it
 * could read whole (a name of 1 to 15 bytes without NUL), count everything it skipped, and be consistent with
 * itself: a prefix of a buffer yields a prefix of the buffer's messages, since the message cut by the end is
 * dropped and the ones before it read the same.
 * <p>
 * Seeds (real-looking messages built by {@link NetlinkMessages}: a failover batch with {@code IFLA_EVENT} 3, a
 * slave's link loss, {@code RTM_DELLINK}, {@code NLMSG_DONE}, and broken variants) and past findings:
 * {@code src/test/resources/io/exabond/netlink/NetlinkParserFuzzTestInputs/<method>/}; {@code NetlinkSeeds}
 * writes the seeds.
 */
class NetlinkParserFuzzTest
{
    @FuzzTest(maxDuration = "30s")
    void shouldParseAnyBuffer(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buffer = arena.allocate(Math.max(1, input.length), 8);
            MemorySegment.copy(input, 0, buffer, ValueLayout.JAVA_BYTE, 0, input.length);

            final NetlinkParser parser = new NetlinkParser();
            final List<String> all = parse(parser, buffer, input.length);
            final long counted = parser.links() + parser.malformed() + parser.ignored();
            assertEquals(all.size(), parser.links());
            assertTrue(counted <= input.length / 16 + 1, "each count takes a header or is the tail");

            final NetlinkParser prefixParser = new NetlinkParser();
            final int cut = input.length == 0 ? 0 : (input[0] & 0xFF) * input.length / 256;
            final List<String> prefix = parse(prefixParser, buffer, cut);
            assertTrue(prefix.size() <= all.size() && all.subList(0, prefix.size()).equals(prefix),
                () -> "the first " + cut + " bytes gave " + prefix + ", not a prefix of " + all);
        }
    }

    private static List<String> parse(final NetlinkParser parser, final MemorySegment buffer, final int length)
    {
        parser.wrap(buffer, length);
        final List<String> seen = new ArrayList<>();
        while (parser.next())
        {
            final LinkMessage message = parser.message();
            assertTrue(message.type() == NetlinkParser.RTM_NEWLINK || message.type() == NetlinkParser.RTM_DELLINK);
            if (message.hasIfname())
            {
                final String name = message.ifname();
                assertTrue(!name.isEmpty() && name.length() <= 15 && name.indexOf('\0') < 0, name);
                assertTrue(message.ifnameEquals(name));
            }
            seen.add(message.toString());
        }
        return seen;
    }
}
