package io.exabond.page;

import java.nio.charset.StandardCharsets;

import static io.exabond.page.PageLayout.IFNAMSIZ;
import static io.exabond.page.PageLayout.MAX_MEMBERS;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_ID_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_PORT_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAGS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAG_ACTIVE;
import static io.exabond.page.PageLayout.MEMBER_FLAG_PRIMARY;
import static io.exabond.page.PageLayout.MEMBER_IFNAME_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_LINK_UP_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_SIZE;

/**
 * A consistent copy of a status block, filled by {@link StatusBlockReader#read(StatusSnapshot, long)}.
 * <p>
 * The holder is owned by the caller and reused: each read overwrites it, so read the fields you need before
 * the next read. Filling it allocates nothing. It is not thread-safe: one thread fills and reads it. The
 * numeric accessors are allocation-free; those that return a {@link String} allocate and are meant for
 * display. Values are only meaningful after a read that returned {@link StatusBlockReader.Status#CONSISTENT}.
 */
public final class StatusSnapshot
{
    int version;
    int blockSize;
    long seq;
    long generation;
    long changedNs;
    long heartbeatNs;
    int activeRaw;
    int monitorIntervalMs;
    int miimonMs;
    int arpIntervalMs;
    int memberCount;
    int retries;
    final byte[] bondName = new byte[IFNAMSIZ];
    final byte[] members = new byte[MAX_MEMBERS * MEMBER_SIZE];

    /**
     * An empty holder, to be filled by {@link StatusBlockReader#read(StatusSnapshot, long)}; allocate it once, off
     * the hot path, and reuse it.
     */
    public StatusSnapshot()
    {
    }

    /**
     * @return the block's {@code version}.
     */
    public int version()
    {
        return version;
    }

    /**
     * @return the block's {@code block_size}.
     */
    public int blockSize()
    {
        return blockSize;
    }

    /**
     * @return the even {@code seq} of the copy.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * @return active-slave changes published since the block was created.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * @return {@code CLOCK_MONOTONIC} ns ({@link System#nanoTime()}) taken by the publisher just before it
     * published the last change.
     */
    public long changedNs()
    {
        return changedNs;
    }

    /**
     * @return {@code CLOCK_MONOTONIC} ns of the publisher's last monitor pass.
     */
    public long heartbeatNs()
    {
        return heartbeatNs;
    }

    /**
     * @return the word 0 that this block describes.
     */
    public int activeRaw()
    {
        return activeRaw;
    }

    /**
     * @return how often, in ms, the publisher looks at the bond.
     */
    public int monitorIntervalMs()
    {
        return monitorIntervalMs;
    }

    /**
     * @return the bond's MII monitor interval in ms, 0 when off.
     */
    public int miimonMs()
    {
        return miimonMs;
    }

    /**
     * @return the bond's ARP monitor interval in ms, 0 when off.
     */
    public int arpIntervalMs()
    {
        return arpIntervalMs;
    }

    /**
     * @return members listed, already bounded to 0..16.
     */
    public int memberCount()
    {
        return memberCount;
    }

    /**
     * @return how many torn copies the read that filled this holder discarded.
     */
    public int retries()
    {
        return retries;
    }

    /**
     * @param nowNs a {@link System#nanoTime()} value.
     * @return ns since the publisher's last monitor pass.
     */
    public long heartbeatAgeNs(final long nowNs)
    {
        return nowNs - heartbeatNs;
    }

    /**
     * The rule of ABI.md: a publisher whose heartbeat is older than 3 monitor intervals is stalled.
     *
     * @param nowNs a {@link System#nanoTime()} value.
     * @return true when the heartbeat is stale.
     */
    public boolean isHeartbeatStale(final long nowNs)
    {
        return heartbeatAgeNs(nowNs) > staleAfterNs();
    }

    /**
     * @return the heartbeat age beyond which the publisher counts as stalled: 3 monitor intervals.
     */
    public long staleAfterNs()
    {
        return staleAfterNs(monitorIntervalMs);
    }

    /**
     * The stall rule of ABI.md: a heartbeat older than 3 monitor intervals. {@code monitor_interval_ms} is a
     * {@code uint32_t}; 0, which no publisher should write, counts as 200 ms, the driver's value for a monitor
     * that is off (docs/driver-facts.md), so that a reader never calls a live publisher stalled after 3 ms.
     *
     * @param monitorIntervalMs the block's {@code monitor_interval_ms}, as stored (unsigned).
     * @return the heartbeat age in ns beyond which the publisher counts as stalled.
     */
    public static long staleAfterNs(final int monitorIntervalMs)
    {
        final long intervalMs = monitorIntervalMs == 0 ? 200 : Integer.toUnsignedLong(monitorIntervalMs);
        return 3L * intervalMs * 1_000_000L;
    }

    /**
     * @param index 0..{@link #memberCount()}-1.
     * @return the member's SmartNIC number, 255 when it is not a SmartNIC port.
     */
    public int memberExanicId(final int index)
    {
        return memberByte(index, MEMBER_EXANIC_ID_OFFSET);
    }

    /**
     * @param index 0..{@link #memberCount()}-1.
     * @return the member's port, 255 when it is not a SmartNIC port.
     */
    public int memberExanicPort(final int index)
    {
        return memberByte(index, MEMBER_EXANIC_PORT_OFFSET);
    }

    /**
     * @param index 0..{@link #memberCount()}-1.
     * @return true when the member's link is up.
     */
    public boolean isMemberLinkUp(final int index)
    {
        return memberByte(index, MEMBER_LINK_UP_OFFSET) == 1;
    }

    /**
     * @param index 0..{@link #memberCount()}-1.
     * @return the member's flags byte.
     */
    public int memberFlags(final int index)
    {
        return memberByte(index, MEMBER_FLAGS_OFFSET);
    }

    /**
     * @param index 0..{@link #memberCount()}-1.
     * @return true when the member is the active slave.
     */
    public boolean isMemberActive(final int index)
    {
        return (memberFlags(index) & MEMBER_FLAG_ACTIVE) != 0;
    }

    /**
     * @param index 0..{@link #memberCount()}-1.
     * @return true when the member is the primary slave.
     */
    public boolean isMemberPrimary(final int index)
    {
        return (memberFlags(index) & MEMBER_FLAG_PRIMARY) != 0;
    }

    /**
     * @param index 0..{@link #memberCount()}-1.
     * @return the member's interface name; allocates.
     */
    public String memberIfname(final int index)
    {
        checkIndex(index);
        return cString(members, index * MEMBER_SIZE + MEMBER_IFNAME_OFFSET, IFNAMSIZ);
    }

    /**
     * @return the bond's interface name; allocates.
     */
    public String bondName()
    {
        return cString(bondName, 0, IFNAMSIZ);
    }

    private int memberByte(final int index, final int offset)
    {
        checkIndex(index);
        return members[index * MEMBER_SIZE + offset] & 0xFF;
    }

    private void checkIndex(final int index)
    {
        if (index < 0 || index >= memberCount)
        {
            throw new IndexOutOfBoundsException("member " + index + " of " + memberCount);
        }
    }

    static String cString(final byte[] bytes, final int offset, final int maxLength)
    {
        int length = 0;
        while (length < maxLength && bytes[offset + length] != 0)
        {
            length++;
        }
        return new String(bytes, offset, length, StandardCharsets.US_ASCII);
    }
}
