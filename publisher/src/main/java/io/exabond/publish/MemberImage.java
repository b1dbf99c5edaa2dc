package io.exabond.publish;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

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
 * The member area of the status block as the page holds it (ABI.md: 16 members of 32 bytes, names NUL-padded, the
 * active flag on the active member), and which parts of it differ from the page: whole member slots, or only the
 * flags byte of a member whose active flag moved. {@link #write(StatusBlockWriter)} stores those parts alone, so
 * that a failover writes two flag bytes and a heartbeat none; a member removed is zeroed once, and the slots beyond
 * the members are never written again after that.
 * <p>
 * Encoding allocates (the names); a change of active member and {@link #write} do not. Confined to its publisher.
 */
final class MemberImage
{
    private static final int ALL_SLOTS = (1 << MAX_MEMBERS) - 1;

    private final byte[] bytes = new byte[MAX_MEMBERS * MEMBER_SIZE];
    private final byte[] encoded = new byte[MEMBER_SIZE];
    private int count;
    private int active = -1;
    /** Bit i: slot i's 32 bytes differ from the page. */
    private int dirtySlots;
    /** Bit i: only slot i's flags byte differs from the page. */
    private int dirtyFlags;

    /**
     * Encodes the members in order; a slot whose bytes do not change stays clean, the slots of members removed are
     * zeroed. The active member keeps its flag while it is still listed, else there is none.
     *
     * @param members at most 16.
     */
    void members(final List<Member> members)
    {
        final int newCount = members.size();
        if (active >= newCount)
        {
            active = -1;
        }
        for (int i = 0; i < newCount; i++)
        {
            encode(members.get(i), i == active, encoded);
            final int at = i * MEMBER_SIZE;
            if (!Arrays.equals(encoded, 0, MEMBER_SIZE, bytes, at, at + MEMBER_SIZE))
            {
                System.arraycopy(encoded, 0, bytes, at, MEMBER_SIZE);
                dirtySlots |= 1 << i;
            }
        }
        for (int i = newCount; i < count; i++)
        {
            Arrays.fill(bytes, i * MEMBER_SIZE, (i + 1) * MEMBER_SIZE, (byte)0);
            dirtySlots |= 1 << i;
        }
        count = newCount;
    }

    /**
     * Moves the active flag.
     *
     * @param index the active member, or -1 for none.
     */
    void active(final int index)
    {
        if (index == active)
        {
            return;
        }
        if (active >= 0)
        {
            bytes[active * MEMBER_SIZE + MEMBER_FLAGS_OFFSET] &= (byte)~MEMBER_FLAG_ACTIVE;
            dirtyFlags |= 1 << active;
        }
        if (index >= 0)
        {
            bytes[index * MEMBER_SIZE + MEMBER_FLAGS_OFFSET] |= (byte)MEMBER_FLAG_ACTIVE;
            dirtyFlags |= 1 << index;
        }
        active = index;
    }

    /**
     * @param index  a member.
     * @param linkUp its link state.
     */
    void linkUp(final int index, final boolean linkUp)
    {
        final int at = index * MEMBER_SIZE + MEMBER_LINK_UP_OFFSET;
        final byte value = (byte)(linkUp ? 1 : 0);
        if (bytes[at] != value)
        {
            bytes[at] = value;
            dirtySlots |= 1 << index;
        }
    }

    /**
     * @return members listed.
     */
    int count()
    {
        return count;
    }

    /**
     * Marks all 16 slots for writing, the unused ones as zeros: for a block written whole.
     */
    void markAll()
    {
        dirtySlots = ALL_SLOTS;
    }

    /**
     * Stores what differs from the page, inside the caller's seqlock write.
     *
     * @param writer the page's writer.
     */
    void write(final StatusBlockWriter writer)
    {
        // Two flat loops over set bits: the failover path (flags only) runs the second one twice.
        int slots = dirtySlots;
        while (slots != 0)
        {
            final int slot = Integer.numberOfTrailingZeros(slots);
            writer.putMember(slot, bytes, slot * MEMBER_SIZE);
            slots &= slots - 1;
        }
        int flags = dirtyFlags & ~dirtySlots;
        while (flags != 0)
        {
            final int slot = Integer.numberOfTrailingZeros(flags);
            writer.putMemberFlags(slot, bytes[slot * MEMBER_SIZE + MEMBER_FLAGS_OFFSET]);
            flags &= flags - 1;
        }
        dirtySlots = 0;
        dirtyFlags = 0;
    }

    /**
     * @param name an interface name.
     * @return its {@link io.exabond.page.PageLayout#IFNAMSIZ} bytes, NUL-padded (ASCII; longer names are cut).
     */
    static byte[] nameBytes(final String name)
    {
        final byte[] padded = new byte[IFNAMSIZ];
        final byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, padded, 0, Math.min(ascii.length, IFNAMSIZ));
        return padded;
    }

    private static void encode(final Member member, final boolean isActive, final byte[] into)
    {
        Arrays.fill(into, (byte)0);
        System.arraycopy(nameBytes(member.ifname()), 0, into, MEMBER_IFNAME_OFFSET, IFNAMSIZ);
        into[MEMBER_EXANIC_ID_OFFSET] = (byte)member.exanicId();
        into[MEMBER_EXANIC_PORT_OFFSET] = (byte)member.exanicPort();
        into[MEMBER_LINK_UP_OFFSET] = (byte)(member.linkUp() ? 1 : 0);
        into[MEMBER_FLAGS_OFFSET] = (byte)((member.primary() ? MEMBER_FLAG_PRIMARY : 0) |
            (isActive ? MEMBER_FLAG_ACTIVE : 0));
    }
}
