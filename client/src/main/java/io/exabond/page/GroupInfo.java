package io.exabond.page;

import static io.exabond.page.PageLayout.GRPINFO_EXANIC_ID_MASK;
import static io.exabond.page.PageLayout.GRPINFO_EXANIC_ID_SHIFT;
import static io.exabond.page.PageLayout.GRPINFO_EXANIC_PORT_MASK;
import static io.exabond.page.PageLayout.GRPINFO_EXANIC_PORT_SHIFT;
import static io.exabond.page.PageLayout.GRPINFO_FLAGS_MASK;
import static io.exabond.page.PageLayout.GRPINFO_FLAGS_SHIFT;
import static io.exabond.page.PageLayout.GRPINFO_FLAG_ACTIVE;

/**
 * Decoding of word 0, the group info, from its raw 32-bit value: static, allocation-free helpers for the hot
 * path. On the little-endian hosts the driver runs on, {@code raw = flags | exanic_id << 16 | exanic_port << 24}.
 * When the ACTIVE flag is clear the id and port still hold the last active slave and must be ignored, so
 * {@link #isActive(int)} is the question to ask first.
 */
public final class GroupInfo
{
    // PageLayout's shifts and masks are static finals: the JIT folds them to literals.
    private static final int FLAGS_SHIFT = GRPINFO_FLAGS_SHIFT;
    private static final int FLAGS_MASK = GRPINFO_FLAGS_MASK;
    private static final int EXANIC_ID_SHIFT = GRPINFO_EXANIC_ID_SHIFT;
    private static final int EXANIC_ID_MASK = GRPINFO_EXANIC_ID_MASK;
    private static final int EXANIC_PORT_SHIFT = GRPINFO_EXANIC_PORT_SHIFT;
    private static final int EXANIC_PORT_MASK = GRPINFO_EXANIC_PORT_MASK;

    private GroupInfo()
    {
    }

    /**
     * @param raw word 0.
     * @return true when the bond has an active slave.
     */
    public static boolean isActive(final int raw)
    {
        return (raw & GRPINFO_FLAG_ACTIVE << FLAGS_SHIFT) != 0;
    }

    /**
     * @param raw word 0.
     * @return the 16-bit flags field.
     */
    public static int flags(final int raw)
    {
        return (raw >>> FLAGS_SHIFT) & FLAGS_MASK;
    }

    /**
     * @param raw word 0.
     * @return the SmartNIC number (N of exanicN) of the active, or last active, slave.
     */
    public static int exanicId(final int raw)
    {
        return (raw >>> EXANIC_ID_SHIFT) & EXANIC_ID_MASK;
    }

    /**
     * @param raw word 0.
     * @return the port of the active, or last active, slave on its SmartNIC.
     */
    public static int exanicPort(final int raw)
    {
        return (raw >>> EXANIC_PORT_SHIFT) & EXANIC_PORT_MASK;
    }

    /**
     * Builds word 0, for this package's tests: writing word 0 is a publisher's business
     * ({@code io.exabond.publish.GroupInfoEncoder}).
     *
     * @param active     whether the ACTIVE flag is set.
     * @param exanicId   0..255.
     * @param exanicPort 0..255.
     * @return the raw word.
     */
    static int encode(final boolean active, final int exanicId, final int exanicPort)
    {
        if ((exanicId & ~EXANIC_ID_MASK) != 0 || (exanicPort & ~EXANIC_PORT_MASK) != 0)
        {
            throw new IllegalArgumentException("exanic id must be 0.." + EXANIC_ID_MASK + " and port 0.." +
                EXANIC_PORT_MASK + ": id=" + exanicId + " port=" + exanicPort);
        }
        return (active ? GRPINFO_FLAG_ACTIVE : 0) << FLAGS_SHIFT | exanicId << EXANIC_ID_SHIFT |
            exanicPort << EXANIC_PORT_SHIFT;
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
