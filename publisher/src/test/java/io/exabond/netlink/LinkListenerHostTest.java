package io.exabond.netlink;

import io.exabond.testing.Gcc;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real {@code NETLINK_ROUTE} socket on this host: changing the loopback interface's MTU makes the kernel send
 * {@code RTM_NEWLINK} for {@code lo} to {@code RTMGRP_LINK}, and the listener must see it with lo's index and name.
 * Needs root (to change the MTU) and {@code ip}; skipped with the reason otherwise. The MTU is put back in
 * {@code finally}.
 */
@Timeout(60)
class LinkListenerHostTest
{
    private static final Path LO = Path.of("/sys/class/net/lo");

    @Test
    void shouldHearTheKernelAnnounceAChangeOfLoopback() throws Exception
    {
        Assumptions.assumeTrue(isRoot(), "not root: changing lo's MTU to make the kernel send RTM_NEWLINK needs it");
        Assumptions.assumeTrue(Files.isDirectory(LO), "no " + LO);
        final int loIndex = Integer.parseInt(read("ifindex"));
        final String mtu = read("mtu");
        final String otherMtu = Integer.toString(Integer.parseInt(mtu) - 1);

        final List<String> seen = new ArrayList<>();
        try (LinkListener listener = LinkListener.open())
        {
            try
            {
                ip("link", "set", "lo", "mtu", otherMtu);
                final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                int outcome = LinkListener.NOTHING;
                while (outcome != LinkListener.MATCHED && System.nanoTime() < deadline)
                {
                    outcome = listener.await(500, message ->
                    {
                        seen.add(message.toString());
                        return message.ifindex() == loIndex && message.ifnameEquals("lo");
                    });
                    assertTrue(outcome != LinkListener.FAILED, "receive failed: errno " + listener.lastErrno());
                }
                assertEquals(LinkListener.MATCHED, outcome, "no RTM_NEWLINK for lo (index " + loIndex + "); " +
                    "saw " + seen);
                assertTrue(listener.datagrams() >= 1);
                assertEquals(0, listener.malformed(), "the kernel's own messages parse whole");
            }
            finally
            {
                ip("link", "set", "lo", "mtu", mtu);
            }
        }
        assertEquals(mtu, read("mtu"), "lo's MTU restored");
    }

    @Test
    void shouldTimeOutQuietlyWhenNothingHappens()
    {
        Assumptions.assumeTrue(Files.isDirectory(LO), "no " + LO);
        try (LinkListener listener = LinkListener.open())
        {
            final long start = System.nanoTime();
            final int outcome = listener.await(50, message -> false);
            final long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(outcome == LinkListener.NOTHING, "outcome " + outcome);
            assertTrue(tookMs >= 40, "waited " + tookMs + " ms");
        }
        catch (final NetlinkException e)
        {
            Assumptions.abort("netlink is not available here: " + e.getMessage());
        }
    }

    private static boolean isRoot() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII))
        {
            if (line.startsWith("Uid:"))
            {
                return "0".equals(line.substring(4).trim().split("\\s+")[1]);
            }
        }
        return false;
    }

    private static String read(final String attribute) throws IOException
    {
        return Files.readString(LO.resolve(attribute), StandardCharsets.US_ASCII).trim();
    }

    private static void ip(final String... arguments)
    {
        final List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        Gcc.run(Duration.ofSeconds(20), command).assertSuccess();
    }
}
