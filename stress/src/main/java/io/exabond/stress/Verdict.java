package io.exabond.stress;

import io.exabond.page.StatusSnapshot;

import static io.exabond.page.PageLayout.MAX_MEMBERS;

/**
 * Judges a copy of a block written by {@link CounterWriter}: every field must hold the same counter value.
 */
public final class Verdict
{
    /** The reader refused the copy (seq odd or changed): it would retry. */
    public static final int RETRY = -2;
    /** The reader accepted a copy that mixes two writes. */
    public static final int MIXED = -1;

    private Verdict()
    {
    }

    /**
     * @param s a snapshot that {@code StatusBlockReader.tryRead} accepted.
     * @return the counter value when all fields agree, else {@link #MIXED}.
     */
    public static int of(final StatusSnapshot s)
    {
        final long v = s.generation();
        boolean same = s.changedNs() == v && s.heartbeatNs() == v && s.activeRaw() == (int)v &&
            s.monitorIntervalMs() == (int)v && s.miimonMs() == (int)v && s.arpIntervalMs() == (int)v &&
            s.memberCount() == MAX_MEMBERS;
        final int b = (int)v & 0xFF;
        for (int i = 0; same && i < MAX_MEMBERS; i++)
        {
            same = s.memberExanicId(i) == b && s.memberExanicPort(i) == b && s.memberFlags(i) == b &&
                s.isMemberLinkUp(i) == (b == 1);
        }
        return same ? (int)v : MIXED;
    }

    /**
     * @param s a snapshot whose health fields a reader accepted.
     * @return the counter value when generation, heartbeat_ns, active_raw and monitor_interval_ms agree, else
     * {@link #MIXED}.
     */
    public static int ofHealth(final StatusSnapshot s)
    {
        final long v = s.generation();
        final boolean same = s.heartbeatNs() == v && s.activeRaw() == (int)v && s.monitorIntervalMs() == (int)v;
        return same ? (int)v : MIXED;
    }

    /**
     * @param generation        the copied generation.
     * @param changedNs         the copied changed_ns.
     * @param heartbeatNs       the copied heartbeat_ns.
     * @param activeRaw         the copied active_raw.
     * @param monitorIntervalMs the copied monitor_interval_ms.
     * @return the counter value when the five agree, else {@link #MIXED}.
     */
    public static int ofHeader(final long generation, final long changedNs, final long heartbeatNs,
        final int activeRaw, final int monitorIntervalMs)
    {
        return changedNs == generation ? ofHealth(generation, heartbeatNs, activeRaw, monitorIntervalMs) : MIXED;
    }

    /**
     * @param generation        the copied generation.
     * @param heartbeatNs       the copied heartbeat_ns.
     * @param activeRaw         the copied active_raw.
     * @param monitorIntervalMs the copied monitor_interval_ms.
     * @return the counter value when the four agree, else {@link #MIXED}.
     */
    public static int ofHealth(final long generation, final long heartbeatNs, final int activeRaw,
        final int monitorIntervalMs)
    {
        final boolean same = heartbeatNs == generation && activeRaw == (int)generation &&
            monitorIntervalMs == (int)generation;
        return same ? (int)generation : MIXED;
    }

    /**
     * @param fields  the copied 64-bit and 32-bit fields, in block order.
     * @param members the copied member bytes (exanic_id, exanic_port, link_up, flags of each member).
     * @return the counter value when all fields agree, else {@link #MIXED}.
     */
    public static int of(final long[] fields, final byte[] members)
    {
        final long v = fields[0];
        for (int i = 1; i < fields.length; i++)
        {
            if (fields[i] != v && fields[i] != (int)v)
            {
                return MIXED;
            }
        }
        for (final byte b : members)
        {
            if (b != (byte)v)
            {
                return MIXED;
            }
        }
        return (int)v;
    }
}
