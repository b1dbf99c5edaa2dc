package io.exabond.sysfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class SysfsTextTest
{
    @Test
    void shouldParseNumbersWithAndWithoutTrailingNewline()
    {
        assertEquals(100, SysfsText.nonNegativeInt("100\n"));
        assertEquals(100, SysfsText.nonNegativeInt("100"));
        assertEquals(0, SysfsText.nonNegativeInt("0\n"));
    }

    @Test
    void shouldReportGarbageNumbersAsUnknown()
    {
        for (final String garbage : new String[] {null, "", "\n", "abc\n", "-1\n", "1 2\n", "12x", "99999999999",
            "0x10", "\u0000\u0001"})
        {
            assertEquals(SysfsText.UNKNOWN, SysfsText.nonNegativeInt(garbage), "for '" + garbage + "'");
        }
    }

    @Test
    void shouldSplitListsWithAndWithoutTrailingNewline()
    {
        assertEquals(List.of("eth2", "eth3"), SysfsText.words("eth2 eth3\n"));
        assertEquals(List.of("eth2", "eth3"), SysfsText.words("eth2 eth3"));
        assertEquals(List.of(), SysfsText.words(""));
        assertEquals(List.of(), SysfsText.words(null));
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), SysfsText.commaList("10.0.0.1 10.0.0.2\n"));
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), SysfsText.commaList("10.0.0.1,10.0.0.2"));
        assertEquals(List.of(), SysfsText.commaList("\n"));
    }

    @Test
    void shouldReadSingleWordsOnly()
    {
        assertEquals("eth2", SysfsText.singleWord("eth2\n"));
        assertEquals("eth2", SysfsText.singleWord("eth2"));
        assertNull(SysfsText.singleWord(""));
        assertNull(SysfsText.singleWord("eth2 eth3\n"));
    }

    @Test
    void shouldFindUeventValues()
    {
        final String uevent = "DEVTYPE=vlan\nINTERFACE=eth0.100\nIFINDEX=7\n";
        assertEquals("vlan", SysfsText.ueventValue(uevent, "DEVTYPE"));
        assertEquals("7", SysfsText.ueventValue("IFINDEX=7", "IFINDEX"));
        assertNull(SysfsText.ueventValue("INTERFACE=eth0\n", "DEVTYPE"));
        assertNull(SysfsText.ueventValue("garbage without equals\n", "DEVTYPE"));
        assertNull(SysfsText.ueventValue(null, "DEVTYPE"));
    }

    @Test
    void shouldAcceptOnlyWellFormedMacs()
    {
        assertEquals("64:3f:5f:01:00:02", SysfsText.mac("64:3F:5F:01:00:02\n"));
        assertEquals("64:3f:5f:01:00:02", SysfsText.mac("64:3f:5f:01:00:02"));
        assertNull(SysfsText.mac("64:3f:5f:01:00\n"));
        assertNull(SysfsText.mac("zz:3f:5f:01:00:02\n"));
        assertNull(SysfsText.mac(null));
    }

    @Test
    void shouldParseBondModes()
    {
        final BondMode mode = BondMode.parse("active-backup 1\n");
        assertEquals("active-backup", mode.name());
        assertEquals(1, mode.number());
        assertTrue(mode.isActiveBackup());
        assertTrue(BondMode.parse("active-backup 1").isActiveBackup());
        assertFalse(BondMode.parse("balance-rr 0\n").isActiveBackup());
        assertEquals(-1, BondMode.parse("garbage\n").number());
        assertFalse(BondMode.parse("garbage\n").isActiveBackup());
        assertNull(BondMode.parse("\n"));
        assertNull(BondMode.parse(null));
    }

    @Test
    void shouldDeriveALocallyAdministeredMac()
    {
        assertEquals("66:3f:5f:01:00:02", Macs.locallyAdministered("64:3f:5f:01:00:02"));
        assertEquals("02:00:00:00:00:01", Macs.locallyAdministered("02:00:00:00:00:00"));
        assertEquals("02:00:00:00:00:00", Macs.locallyAdministered("01:00:00:00:00:00"));
    }
}
