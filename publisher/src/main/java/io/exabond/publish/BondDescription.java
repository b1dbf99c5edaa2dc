package io.exabond.publish;

import io.exabond.page.PageLayout;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a publisher says about a bond besides its active slave.
 *
 * @param bondName          the bond's interface name, 1..15 ASCII characters.
 * @param monitorIntervalMs how often the publisher looks at the bond, at least 1.
 * @param miimonMs          the bond's MII monitor interval, 0 = off.
 * @param arpIntervalMs     the bond's ARP monitor interval, 0 = off.
 * @param members           the slaves, at most {@link PageLayout#MAX_MEMBERS}.
 */
public record BondDescription(String bondName, int monitorIntervalMs, int miimonMs, int arpIntervalMs,
    List<Member> members)
{
    /**
     * Checks the fields against what the block can hold.
     */
    public BondDescription
    {
        final int length = bondName.getBytes(StandardCharsets.US_ASCII).length;
        if (length == 0 || length >= PageLayout.IFNAMSIZ)
        {
            throw new IllegalArgumentException("bond name '" + bondName + "' must have 1 to " +
                (PageLayout.IFNAMSIZ - 1) + " characters");
        }
        if (monitorIntervalMs < 1)
        {
            throw new IllegalArgumentException("monitor interval must be at least 1 ms, not " + monitorIntervalMs);
        }
        if (miimonMs < 0 || arpIntervalMs < 0)
        {
            throw new IllegalArgumentException("monitor intervals cannot be negative");
        }
        if (members.size() > PageLayout.MAX_MEMBERS)
        {
            throw new IllegalArgumentException("a block lists at most " + PageLayout.MAX_MEMBERS + " members, not " +
                members.size());
        }
        members = List.copyOf(members);
    }
}
