package io.exabond.stress;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.exabond.page.PageLayout.ACTIVE_RAW_OFFSET;
import static io.exabond.page.PageLayout.ARP_INTERVAL_MS_OFFSET;
import static io.exabond.page.PageLayout.CHANGED_NS_OFFSET;
import static io.exabond.page.PageLayout.GENERATION_OFFSET;
import static io.exabond.page.PageLayout.HEARTBEAT_NS_OFFSET;
import static io.exabond.page.PageLayout.MAX_MEMBERS;
import static io.exabond.page.PageLayout.MEMBERS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_ID_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_PORT_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAGS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_LINK_UP_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_SIZE;
import static io.exabond.page.PageLayout.MIIMON_MS_OFFSET;
import static io.exabond.page.PageLayout.MONITOR_INTERVAL_MS_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;

/**
 * The payload copy of {@code StatusBlockReader.tryRead} (plain loads of the same fields) for the deliberately
 * broken readers of the negative controls, which cannot fill a {@code StatusSnapshot}.
 */
public final class RawCopy
{
    private static final long BLOCK = STATUS_BLOCK_OFFSET;

    /** generation, changed_ns, heartbeat_ns, active_raw, monitor_interval_ms, miimon_ms, arp_interval_ms. */
    public final long[] fields = new long[7];
    /** exanic_id, exanic_port, link_up, flags of each of the 16 members. */
    public final byte[] members = new byte[4 * MAX_MEMBERS];

    /**
     * Copies the payload with plain loads.
     *
     * @param page the page.
     */
    public void copy(final MemorySegment page)
    {
        fields[0] = page.get(ValueLayout.JAVA_LONG, BLOCK + GENERATION_OFFSET);
        fields[1] = page.get(ValueLayout.JAVA_LONG, BLOCK + CHANGED_NS_OFFSET);
        fields[2] = page.get(ValueLayout.JAVA_LONG, BLOCK + HEARTBEAT_NS_OFFSET);
        fields[3] = page.get(ValueLayout.JAVA_INT, BLOCK + ACTIVE_RAW_OFFSET);
        fields[4] = page.get(ValueLayout.JAVA_INT, BLOCK + MONITOR_INTERVAL_MS_OFFSET);
        fields[5] = page.get(ValueLayout.JAVA_INT, BLOCK + MIIMON_MS_OFFSET);
        fields[6] = page.get(ValueLayout.JAVA_INT, BLOCK + ARP_INTERVAL_MS_OFFSET);
        for (int i = 0; i < MAX_MEMBERS; i++)
        {
            final long at = BLOCK + MEMBERS_OFFSET + (long)i * MEMBER_SIZE;
            members[4 * i] = page.get(ValueLayout.JAVA_BYTE, at + MEMBER_EXANIC_ID_OFFSET);
            members[4 * i + 1] = page.get(ValueLayout.JAVA_BYTE, at + MEMBER_EXANIC_PORT_OFFSET);
            members[4 * i + 2] = page.get(ValueLayout.JAVA_BYTE, at + MEMBER_LINK_UP_OFFSET);
            members[4 * i + 3] = page.get(ValueLayout.JAVA_BYTE, at + MEMBER_FLAGS_OFFSET);
        }
    }

    /**
     * @return the verdict of {@link Verdict#of(long[], byte[])} on the copy.
     */
    public int verdict()
    {
        return Verdict.of(fields, members);
    }
}
