package io.exabond.publish;

import io.exabond.page.PageLayout;

import java.nio.charset.StandardCharsets;

/**
 * A slave of a bond as a publisher lists it in the status block.
 *
 * @param ifname     the slave's interface name, 1..15 ASCII characters.
 * @param exanicId   SmartNIC number, or {@link PageLayout#EXANIC_NONE} when the slave is not a SmartNIC port.
 * @param exanicPort port on that SmartNIC, or {@link PageLayout#EXANIC_NONE} likewise.
 * @param linkUp     whether its link is up.
 * @param primary    whether it is the bond's primary slave.
 */
public record Member(String ifname, int exanicId, int exanicPort, boolean linkUp, boolean primary)
{
    /**
     * Checks the fields against what the block can hold.
     */
    public Member
    {
        final byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length >= PageLayout.IFNAMSIZ)
        {
            throw new IllegalArgumentException("interface name '" + ifname + "' must have 1 to " +
                (PageLayout.IFNAMSIZ - 1) + " characters");
        }
        if ((exanicId & ~0xFF) != 0 || (exanicPort & ~0xFF) != 0)
        {
            throw new IllegalArgumentException(
                "exanic id and port of " + ifname + " must be 0..255: id=" + exanicId + " port=" + exanicPort);
        }
    }

    /**
     * @return true when this member is a SmartNIC port.
     */
    public boolean isSmartNicPort()
    {
        return exanicId != PageLayout.EXANIC_NONE || exanicPort != PageLayout.EXANIC_NONE;
    }

    /**
     * @return word 0 that names this member as the active slave.
     */
    public int activeGroupInfo()
    {
        return GroupInfoEncoder.encode(true, exanicId, exanicPort);
    }

    /**
     * @return the same member with another link state.
     * @param up the new link state.
     */
    public Member withLinkUp(final boolean up)
    {
        return new Member(ifname, exanicId, exanicPort, up, primary);
    }
}
