package io.exabond.netlink;

import io.exabond.testing.Gcc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetlinkSeedsTest
{
    @Test
    void shouldHaveCommittedTheSeedsThatNetlinkSeedsBuilds() throws IOException
    {
        final Path dir = Gcc.projectRoot().resolve(NetlinkSeeds.DIR);
        for (final Map.Entry<String, byte[]> seed : NetlinkSeeds.seeds().entrySet())
        {
            final Path file = dir.resolve(seed.getKey());
            assertTrue(Files.isRegularFile(file), file + " is missing: run NetlinkSeeds.main from the project root");
            assertArrayEquals(seed.getValue(), Files.readAllBytes(file), file + " differs from NetlinkSeeds");
        }
    }

    @Test
    void shouldSeedAFailoverOfTheBondWithItsEvent()
    {
        final byte[] seed = NetlinkSeeds.seeds().get("bond-failover-event-3");
        final NetlinkParser parser = new NetlinkParser();
        parser.wrap(Arena.ofAuto().allocate(seed.length, 8).copyFrom(MemorySegment.ofArray(seed)), seed.length);
        assertTrue(parser.next());
        assertEquals(NetlinkParser.IFLA_EVENT_BONDING_FAILOVER, parser.message().event());
        assertEquals("bond0", parser.message().ifname());
    }
}
