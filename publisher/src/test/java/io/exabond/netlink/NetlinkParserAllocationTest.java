package io.exabond.netlink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walking a failover batch and matching its messages against a bond's names allocates nothing once compiled: some
 * window of 10,000 walks allocates zero bytes (windows, not one count, so that a compilation or a safepoint in one
 * of them does not fail the test).
 */
@Timeout(120)
class NetlinkParserAllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldWalkAndMatchMessagesWithoutAllocating()
    {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        final byte[] batch = NetlinkSeeds.seeds().get("failover-batch");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buffer = arena.allocate(batch.length, 8).copyFrom(MemorySegment.ofArray(batch));
            final NetlinkParser parser = new NetlinkParser();
            final String bond = "bond0";
            final String slave = "eth3";
            final List<Long> windows = new ArrayList<>();
            long matched = 0;
            for (int window = 0; window < 30; window++)
            {
                final long before = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++)
                {
                    parser.wrap(buffer, batch.length);
                    while (parser.next())
                    {
                        final LinkMessage message = parser.message();
                        if (message.ifindex() == 5 || message.master() == 5 || message.ifnameEquals(bond) ||
                            message.ifnameEquals(slave))
                        {
                            matched++;
                        }
                    }
                }
                windows.add(THREADS.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(30L * 10_000 * 6, matched);
            assertTrue(windows.contains(0L), "bytes allocated by windows of 10,000 walks: " + windows);
        }
    }
}
