package io.exabond.netlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

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

/**
 * The seed corpus of {@link NetlinkParserFuzzTest}: run {@code main} with the project root as working folder to
 * (re)write it. {@code NetlinkSeedsTest} checks that the committed files are what this class builds.
 */
public final class NetlinkSeeds
{
    /** Where Jazzer's JUnit integration looks for the inputs of {@code shouldParseAnyBuffer}. */
    public static final String DIR =
        "publisher/src/test/resources/io/exabond/netlink/NetlinkParserFuzzTestInputs/shouldParseAnyBuffer";

    private NetlinkSeeds()
    {
    }

    /**
     * @return the seeds by file name.
     */
    public static Map<String, byte[]> seeds()
    {
        final Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("bond-failover-event-3", bondEvent(5, "bond0", 3));
        seeds.put("failover-batch", concat(slave(3, "eth2", 5), slave(4, "eth3", 5), bondEvent(5, "bond0", 3),
            bondEvent(5, "bond0", 4), bondEvent(5, "bond0", 6), bondEvent(5, "bond0", 5)));
        seeds.put("slave-link-loss", concat(slave(3, "eth2", 5), slave(3, "eth2", 5), slave(4, "eth3", 5),
            bondEvent(5, "bond0", 3), bondEvent(5, "bond0", 4), bondEvent(5, "bond0", 5)));
        seeds.put("dellink-and-done", concat(link(RTM_DELLINK, 5, ifname("bond0")), done()));
        seeds.put("lo-mtu-change", link(RTM_NEWLINK, 1, ifname("lo"), u32(4, 65535)));
        seeds.put("unknown-and-nested-attributes", link(RTM_NEWLINK, 7, attr(0x8000 | 18, concat(attr(1,
            "bond\0".getBytes(StandardCharsets.US_ASCII)))), ifname("eth7"), u32(IFLA_MASTER, 5)));
        final byte[] truncated = bondEvent(5, "bond0", 3);
        seeds.put("truncated", Arrays.copyOf(truncated, truncated.length - 6));
        final byte[] zeroAttribute = link(RTM_NEWLINK, 5, ifname("bond0"), u32(IFLA_EVENT, 3));
        zeroAttribute[32] = 0;
        zeroAttribute[33] = 0;
        seeds.put("zero-length-attribute", zeroAttribute);
        seeds.put("empty-name", link(RTM_NEWLINK, 5, attr(IFLA_IFNAME, new byte[] {0})));
        seeds.put("empty", new byte[0]);
        return seeds;
    }

    /**
     * Writes the seeds.
     *
     * @param args unused.
     * @throws IOException when a file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path dir = Path.of(DIR);
        Files.createDirectories(dir);
        for (final Map.Entry<String, byte[]> seed : seeds().entrySet())
        {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }
}
