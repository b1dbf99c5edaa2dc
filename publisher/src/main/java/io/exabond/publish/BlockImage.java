package io.exabond.publish;

import java.util.Arrays;

import static io.exabond.page.PageLayout.IFNAMSIZ;

/**
 * The status block as its publisher means it, field by field, and which fields differ from the page: a setter marks
 * a field only when its value changes, and {@link #write(StatusBlockWriter)} stores the marked ones alone (with the
 * members that changed, {@link MemberImage}). So a heartbeat stores {@code heartbeat_ns} and nothing else, and a
 * failover its generation, {@code active_raw}, two member flags and its two timestamps.
 * <p>
 * The block's fixed header (magic, version, size) and {@code seq} are the writer's ({@link StatusBlockWriter}).
 * Confined to its publisher.
 */
final class BlockImage
{
    private static final int GENERATION = 1;
    private static final int CHANGED_NS = 1 << 1;
    private static final int HEARTBEAT_NS = 1 << 2;
    private static final int ACTIVE_RAW = 1 << 3;
    private static final int MONITORS = 1 << 4;
    private static final int MEMBER_COUNT = 1 << 5;
    private static final int BOND_NAME = 1 << 6;
    private static final int ALL = (1 << 7) - 1;

    private final MemberImage members = new MemberImage();
    private final byte[] bondName = new byte[IFNAMSIZ];
    private long generation;
    private long changedNs;
    private long heartbeatNs;
    private int activeRaw;
    private int monitorIntervalMs;
    private int miimonMs;
    private int arpIntervalMs;
    private int memberCount;
    private int dirty;

    /**
     * Takes a bond's name, monitor intervals and members; the active member keeps its flag while still listed.
     *
     * @param bond the bond.
     */
    void describe(final BondDescription bond)
    {
        final byte[] name = MemberImage.nameBytes(bond.bondName());
        if (!Arrays.equals(name, bondName))
        {
            System.arraycopy(name, 0, bondName, 0, IFNAMSIZ);
            dirty |= BOND_NAME;
        }
        if (bond.monitorIntervalMs() != monitorIntervalMs || bond.miimonMs() != miimonMs ||
            bond.arpIntervalMs() != arpIntervalMs)
        {
            monitorIntervalMs = bond.monitorIntervalMs();
            miimonMs = bond.miimonMs();
            arpIntervalMs = bond.arpIntervalMs();
            dirty |= MONITORS;
        }
        members.members(bond.members());
        if (members.count() != memberCount)
        {
            memberCount = members.count();
            dirty |= MEMBER_COUNT;
        }
    }

    void generation(final long value)
    {
        if (value != generation)
        {
            generation = value;
            dirty |= GENERATION;
        }
    }

    void changedNs(final long value)
    {
        if (value != changedNs)
        {
            changedNs = value;
            dirty |= CHANGED_NS;
        }
    }

    void heartbeatNs(final long value)
    {
        if (value != heartbeatNs)
        {
            heartbeatNs = value;
            dirty |= HEARTBEAT_NS;
        }
    }

    void activeRaw(final int value)
    {
        if (value != activeRaw)
        {
            activeRaw = value;
            dirty |= ACTIVE_RAW;
        }
    }

    /**
     * @param index the active member, or -1 for none.
     */
    void active(final int index)
    {
        members.active(index);
    }

    /**
     * @param index  a member.
     * @param linkUp its link state.
     */
    void linkUp(final int index, final boolean linkUp)
    {
        members.linkUp(index, linkUp);
    }

    /**
     * Marks every field and all 16 member slots: for a block written whole (a new one, or one a publisher resumes,
     * whose previous writer may have listed other members).
     */
    void markAll()
    {
        dirty = ALL;
        members.markAll();
    }

    /**
     * Stores the fields and members that differ from the page, inside the caller's seqlock write.
     *
     * @param writer the page's writer.
     */
    void write(final StatusBlockWriter writer)
    {
        final int fields = dirty;
        dirty = 0;
        if ((fields & GENERATION) != 0)
        {
            writer.putGeneration(generation);
        }
        if ((fields & HEARTBEAT_NS) != 0)
        {
            writer.putHeartbeatNs(heartbeatNs);
        }
        if ((fields & ACTIVE_RAW) != 0)
        {
            writer.putActiveRaw(activeRaw);
        }
        if ((fields & MONITORS) != 0)
        {
            writer.putMonitorIntervals(monitorIntervalMs, miimonMs, arpIntervalMs);
        }
        if ((fields & MEMBER_COUNT) != 0)
        {
            writer.putMemberCount(memberCount);
        }
        if ((fields & BOND_NAME) != 0)
        {
            writer.putBondName(bondName);
        }
        members.write(writer);
        if ((fields & CHANGED_NS) != 0)
        {
            writer.putChangedNs(changedNs);
        }
    }

    /**
     * Stores one instant as both {@code changed_ns} and {@code heartbeat_ns} (a change is a monitor pass too), inside
     * the caller's seqlock write: for the timestamps a publisher takes after the rest of a change is stored.
     *
     * @param writer the page's writer.
     * @param nowNs  the instant.
     */
    void stampChange(final StatusBlockWriter writer, final long nowNs)
    {
        changedNs = nowNs;
        heartbeatNs = nowNs;
        dirty &= ~(CHANGED_NS | HEARTBEAT_NS);
        writer.putHeartbeatNs(nowNs);
        writer.putChangedNs(nowNs);
    }
}
