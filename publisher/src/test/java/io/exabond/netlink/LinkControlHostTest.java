package io.exabond.netlink;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LinkControl} against this host's kernel, with requests that change nothing: a request without a flag to
 * change, and loopback set up while it is up. The kernel's acknowledgements show that the request is well formed and
 * that its answer is read: 0 with {@code CAP_NET_ADMIN}, {@code EPERM} without; {@code ENODEV} for a name no
 * interface has. Taking a real link down is left to the QEMU system test (system-tests/real-bond).
 */
@Timeout(60)
class LinkControlHostTest
{
    private static final int EPERM = 1;
    private static final int ENODEV = 19;
    private static final Path LO = Path.of("/sys/class/net/lo");

    @Test
    void shouldHaveARequestThatChangesNothingAcknowledged() throws IOException
    {
        Assumptions.assumeTrue(Files.isDirectory(LO), "no " + LO);
        final String flagsBefore = flags();
        try (LinkControl links = LinkControl.open())
        {
            if (hasNetAdmin())
            {
                links.check("lo");
            }
            else
            {
                assertEquals(EPERM, assertThrows(NetlinkException.class, () -> links.check("lo")).errno());
            }
        }
        assertEquals(flagsBefore, flags(), "nothing changed");
    }

    @Test
    void shouldSetLoopbackUpWhileItIsUpAlready() throws IOException
    {
        Assumptions.assumeTrue(hasNetAdmin(), "no CAP_NET_ADMIN: a link request needs it");
        Assumptions.assumeTrue(Files.isDirectory(LO), "no " + LO);
        Assumptions.assumeTrue((Integer.decode(flags()) & LinkControl.IFF_UP) != 0, "lo is not up on this host");
        try (LinkControl links = LinkControl.open())
        {
            links.setUp("lo", true);
            links.setUp("lo", true);
        }
        assertTrue((Integer.decode(flags()) & LinkControl.IFF_UP) != 0, "lo is still up: " + flags());
    }

    @Test
    void shouldReportTheKernelsErrnoForAnInterfaceThatDoesNotExist()
    {
        try (LinkControl links = LinkControl.open())
        {
            final NetlinkException e = assertThrows(NetlinkException.class, () -> links.setUp("exabondnone0", false));
            assertEquals(hasNetAdmin() ? ENODEV : EPERM, e.errno(), e.getMessage());
            assertTrue(e.getMessage().startsWith("RTM_NEWLINK exabondnone0 down failed: "), e.getMessage());
            assertEquals(hasNetAdmin() ? ENODEV : EPERM, assertThrows(NetlinkException.class,
                () -> links.check("exabondnone0")).errno(), "the next request gets its own answer");
        }
    }

    @Test
    void shouldRefuseANameThatCannotBeAnInterfacesBeforeSendingAnything()
    {
        try (LinkControl links = LinkControl.open())
        {
            for (final String name : new String[] {"", "sixteen-chars-xx", "a b", "b\u00f6nd", "eth\n0"})
            {
                assertThrows(IllegalArgumentException.class, () -> links.setUp(name, false), name);
            }
        }
    }

    private static String flags() throws IOException
    {
        return Files.readString(LO.resolve("flags"), StandardCharsets.US_ASCII).strip();
    }

    /** {@code CAP_NET_ADMIN} (bit 12) in this process's effective capabilities: root in a container may lack it. */
    private static boolean hasNetAdmin()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("CapEff:"))
                {
                    return (Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16) & (1L << 12)) != 0;
                }
            }
        }
        catch (final IOException e)
        {
            return false;
        }
        return false;
    }
}
