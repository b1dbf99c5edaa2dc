package io.exabond.page;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GroupInfoTest
{
    @ParameterizedTest(name = "raw {0} -> active={1} id={2} port={3}")
    @CsvSource({
        "0x00000000, false, 0,   0",
        "0x00000001, true,  0,   0",
        "0x01000001, true,  0,   1",
        "0x01020001, true,  2,   1",
        "0x01020000, false, 2,   1",
        "0xFFFF0001, true,  255, 255",
        "0x0003FFFE, false, 3,   0",
    })
    void shouldDecodeWordZeroAsLittleEndianFlagsIdPort(
        final String raw, final boolean active, final int id, final int port)
    {
        final int value = Integer.parseUnsignedInt(raw.substring(2), 16);

        assertEquals(active, GroupInfo.isActive(value));
        assertEquals(id, GroupInfo.exanicId(value));
        assertEquals(port, GroupInfo.exanicPort(value));
    }

    @Test
    void shouldEncodeWhatItDecodes()
    {
        for (int id = 0; id < 256; id += 17)
        {
            for (int port = 0; port < 256; port += 15)
            {
                final int raw = GroupInfo.encode(true, id, port);
                assertEquals(id, GroupInfo.exanicId(raw));
                assertEquals(port, GroupInfo.exanicPort(raw));
                assertEquals(1, GroupInfo.flags(raw));
            }
        }
    }

    @Test
    void shouldKeepLastIdAndPortButReportNoActiveSlaveWhenFlagIsClear()
    {
        final int raw = GroupInfo.encode(false, 4, 2);

        assertEquals(false, GroupInfo.isActive(raw));
        assertEquals(4, GroupInfo.exanicId(raw));
        assertEquals(2, GroupInfo.exanicPort(raw));
        assertEquals("none (last exanic4:2)", GroupInfo.describe(raw));
        assertEquals("exanic4:2", GroupInfo.describe(GroupInfo.encode(true, 4, 2)));
    }

    @Test
    void shouldRefuseIdsAndPortsOutsideAByte()
    {
        assertThrows(IllegalArgumentException.class, () -> GroupInfo.encode(true, 256, 0));
        assertThrows(IllegalArgumentException.class, () -> GroupInfo.encode(true, 0, -1));
    }
}
