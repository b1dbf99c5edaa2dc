package io.exabond.page;

import java.nio.ByteOrder;

import static io.exabond.page.PageLayout.GRPINFO_EXANIC_ID_OFFSET;
import static io.exabond.page.PageLayout.GRPINFO_EXANIC_ID_SIZE;
import static io.exabond.page.PageLayout.GRPINFO_EXANIC_PORT_OFFSET;
import static io.exabond.page.PageLayout.GRPINFO_EXANIC_PORT_SIZE;
import static io.exabond.page.PageLayout.GRPINFO_FLAGS_OFFSET;
import static io.exabond.page.PageLayout.GRPINFO_FLAGS_SIZE;
import static io.exabond.page.PageLayout.GRPINFO_FLAG_ACTIVE;
import static io.exabond.page.PageLayout.GRPINFO_SIZE;

/**
 * Decoding of word 0, the group info, from its raw 32-bit value: static, allocation-free helpers for the hot
 * path. On the little-endian hosts the driver runs on, {@code raw = flags | exanic_id << 16 | exanic_port << 24}.
 * When the ACTIVE flag is clear the id and port still hold the last active slave and must be ignored, so
 * {@link #isActive(int)} is the question to ask first.
 */
public final class GroupInfo
{
    // raw is the union's 32-bit view of the fields, loaded in native order: the shifts follow from the fields'
    // byte offsets (16 and 24 for id and port on little-endian); static finals, so the JIT folds them to literals.
    private static final int FLAGS_SHIFT = shift(GRPINFO_FLAGS_OFFSET, GRPINFO_FLAGS_SIZE);
    private static final int FLAGS_MASK = mask(GRPINFO_FLAGS_SIZE);
    private static final int EXANIC_ID_SHIFT = shift(GRPINFO_EXANIC_ID_OFFSET, GRPINFO_EXANIC_ID_SIZE);
    private static final int EXANIC_ID_MASK = mask(GRPINFO_EXANIC_ID_SIZE);
    private static final int EXANIC_PORT_SHIFT = shift(GRPINFO_EXANIC_PORT_OFFSET, GRPINFO_EXANIC_PORT_SIZE);
    private static final int EXANIC_PORT_MASK = mask(GRPINFO_EXANIC_PORT_SIZE);

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
     * Builds word 0.
     *
     * @param active     whether the ACTIVE flag is set.
     * @param exanicId   0..255.
     * @param exanicPort 0..255.
     * @return the raw word.
     */
    public static int encode(final boolean active, final int exanicId, final int exanicPort)
    {
        if ((exanicId & ~EXANIC_ID_MASK) != 0 || (exanicPort & ~EXANIC_PORT_MASK) != 0)
        {
            throw new IllegalArgumentException("exanic id must be 0.." + EXANIC_ID_MASK + " and port 0.." +
                EXANIC_PORT_MASK + ": id=" + exanicId + " port=" + exanicPort);
        }
        return (active ? GRPINFO_FLAG_ACTIVE : 0) << FLAGS_SHIFT | exanicId << EXANIC_ID_SHIFT |
            exanicPort << EXANIC_PORT_SHIFT;
    }

    private static int shift(final int offset, final int size)
    {
        final boolean littleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        return (littleEndian ? offset : GRPINFO_SIZE - offset - size) * Byte.SIZE;
    }

    private static int mask(final int size)
    {
        return (int)((1L << size * Byte.SIZE) - 1);
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
