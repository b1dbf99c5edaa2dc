package io.exabond.page;

import static io.exabond.page.PageLayout.GRPINFO_FLAG_ACTIVE;

/**
 * Decoding of word 0, the group info, from its raw 32-bit value: static, allocation-free helpers for the hot
 * path. On the little-endian hosts the driver runs on, {@code raw = flags | exanic_id << 16 | exanic_port << 24}.
 * When the ACTIVE flag is clear the id and port still hold the last active slave and must be ignored, so
 * {@link #isActive(int)} is the question to ask first.
 */
public final class GroupInfo
{
    private GroupInfo()
    {
    }

    /**
     * @param raw word 0.
     * @return true when the bond has an active slave.
     */
    public static boolean isActive(final int raw)
    {
        return (raw & GRPINFO_FLAG_ACTIVE) != 0;
    }

    /**
     * @param raw word 0.
     * @return the 16-bit flags field.
     */
    public static int flags(final int raw)
    {
        return raw & 0xFFFF;
    }

    /**
     * @param raw word 0.
     * @return the SmartNIC number (N of exanicN) of the active, or last active, slave.
     */
    public static int exanicId(final int raw)
    {
        return (raw >>> 16) & 0xFF;
    }

    /**
     * @param raw word 0.
     * @return the port of the active, or last active, slave on its SmartNIC.
     */
    public static int exanicPort(final int raw)
    {
        return raw >>> 24;
    }

    /**
     * Builds word 0.
     *
     * @param active     whether the ACTIVE flag is set.
     * @param exanicId   0..255.
     * @param exanicPort 0..255.
     * @return the raw word.
     */
    public static int encode(final boolean active, final int exanicId, final int exanicPort)
    {
        if ((exanicId & ~0xFF) != 0 || (exanicPort & ~0xFF) != 0)
        {
            throw new IllegalArgumentException(
                "exanic id and port must be 0..255: id=" + exanicId + " port=" + exanicPort);
        }
        return (active ? GRPINFO_FLAG_ACTIVE : 0) | exanicId << 16 | exanicPort << 24;
    }

    /**
     * Human-readable form; allocates, so not for the hot path.
     *
     * @param raw word 0.
     * @return e.g. {@code "exanic0:1"}, or {@code "none (last exanic0:1)"} when no slave is active.
     */
    public static String describe(final int raw)
    {
        final String port = "exanic" + exanicId(raw) + ":" + exanicPort(raw);
        return isActive(raw) ? port : "none (last " + port + ")";
    }
}
