package io.exabond.publish;

import static io.exabond.page.PageLayout.GRPINFO_EXANIC_ID_MASK;
import static io.exabond.page.PageLayout.GRPINFO_EXANIC_ID_SHIFT;
import static io.exabond.page.PageLayout.GRPINFO_EXANIC_PORT_MASK;
import static io.exabond.page.PageLayout.GRPINFO_EXANIC_PORT_SHIFT;
import static io.exabond.page.PageLayout.GRPINFO_FLAGS_SHIFT;
import static io.exabond.page.PageLayout.GRPINFO_FLAG_ACTIVE;

/**
 * Builds word 0, the group info (ABI.md section 2), from its fields: what a publisher stores, and the inverse of the
 * client's {@code GroupInfo} decoding, with the same shifts and masks ({@code PageLayout}).
 */
public final class GroupInfoEncoder
{
    private GroupInfoEncoder()
    {
    }

    /**
     * @param active     whether the ACTIVE flag is set.
     * @param exanicId   0..255.
     * @param exanicPort 0..255.
     * @return the raw word.
     * @throws IllegalArgumentException when the id or the port does not fit its byte.
     */
    public static int encode(final boolean active, final int exanicId, final int exanicPort)
    {
        if ((exanicId & ~GRPINFO_EXANIC_ID_MASK) != 0 || (exanicPort & ~GRPINFO_EXANIC_PORT_MASK) != 0)
        {
            throw new IllegalArgumentException("exanic id must be 0.." + GRPINFO_EXANIC_ID_MASK + " and port 0.." +
                GRPINFO_EXANIC_PORT_MASK + ": id=" + exanicId + " port=" + exanicPort);
        }
        return (active ? GRPINFO_FLAG_ACTIVE : 0) << GRPINFO_FLAGS_SHIFT | exanicId << GRPINFO_EXANIC_ID_SHIFT |
            exanicPort << GRPINFO_EXANIC_PORT_SHIFT;
    }
}
