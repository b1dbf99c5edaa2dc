package io.exabond.page;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Word-0 decoding on any 32-bit value, and encoding on any id and port: the fields stay in their ranges, decoding
 * inverts encoding, and {@link GroupInfo#encode} refuses exactly the values a byte cannot hold.
 */
class GroupInfoFuzzTest
{
    @FuzzTest(maxDuration = "10s")
    void shouldDecodeAnyWord0(final FuzzedDataProvider data)
    {
        final int raw = data.consumeInt();
        final int id = GroupInfo.exanicId(raw);
        final int port = GroupInfo.exanicPort(raw);
        final int flags = GroupInfo.flags(raw);
        assertTrue(id >= 0 && id <= 255 && port >= 0 && port <= 255 && flags >= 0 && flags <= 0xFFFF);
        assertEquals(raw, flags | id << 16 | port << 24);
        assertEquals((flags & PageLayout.GRPINFO_FLAG_ACTIVE) != 0, GroupInfo.isActive(raw));
        assertEquals(raw & ~0xFFFE, GroupInfo.encode(GroupInfo.isActive(raw), id, port));
        final String text = GroupInfo.describe(raw);
        assertTrue(text.contains("exanic" + id + ":" + port), text);

        final int anyId = data.consumeInt();
        final int anyPort = data.consumeInt();
        if (anyId >= 0 && anyId <= 255 && anyPort >= 0 && anyPort <= 255)
        {
            final int encoded = GroupInfo.encode(true, anyId, anyPort);
            assertEquals(anyId, GroupInfo.exanicId(encoded));
            assertEquals(anyPort, GroupInfo.exanicPort(encoded));
        }
        else
        {
            assertThrows(IllegalArgumentException.class, () -> GroupInfo.encode(true, anyId, anyPort));
        }
    }
}
