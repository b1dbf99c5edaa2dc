package io.exabond.sysfs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkStateTest
{
    @Test
    void shouldTellAdminDownByTheUpFlag()
    {
        assertEquals(LinkState.ADMIN_DOWN, LinkState.of("0x1402\n", null, "down\n"));
        assertEquals(LinkState.ADMIN_DOWN, LinkState.of("0x1002\n", "0\n", "down\n"), "the flag wins");
    }

    @Test
    void shouldTellNoCarrierOfAnInterfaceThatIsUp()
    {
        assertEquals(LinkState.NO_CARRIER, LinkState.of("0x1403\n", "0\n", "down\n"));
        assertEquals(LinkState.NO_CARRIER, LinkState.of("0x1003\n", null, "lowerlayerdown\n"));
    }

    @Test
    void shouldSeeAnInterfaceUpWithACarrier()
    {
        assertEquals(LinkState.UP, LinkState.of("0x1403\n", "1\n", "up\n"));
        assertEquals(LinkState.UP, LinkState.of("0x1003\n", "1\n", "unknown\n"), "a dummy's operstate");
    }

    @Test
    void shouldTellTheStatesWithoutFlagsAsTheRealDriversCapturesHoldThem()
    {
        assertEquals(LinkState.NO_CARRIER, LinkState.of(null, "0\n", "down\n"), "carrier is readable only when up");
        assertEquals(LinkState.ADMIN_DOWN, LinkState.of(null, null, "down\n"), "carrier unreadable: down");
        assertEquals(LinkState.UP, LinkState.of(null, "1\n", "up\n"));
    }

    @Test
    void shouldNotGuessFromGarbage()
    {
        assertEquals(LinkState.UNKNOWN, LinkState.of(null, null, null));
        assertEquals(LinkState.UNKNOWN, LinkState.of("up\n", "x\n", "down\n"));
        assertEquals(LinkState.UNKNOWN, LinkState.of("0x1003\n", "2\n", "dormant\n"));
    }
}
