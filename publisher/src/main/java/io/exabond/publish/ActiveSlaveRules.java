package io.exabond.publish;

import io.exabond.page.GroupInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The publishing rules of ABI.md, apart from how they are written: which member is active, the word 0 that says so,
 * and the generation, which counts one change of active slave each time word 0 changes or another member (by
 * interface name) becomes active. With no active slave the ACTIVE flag clears and the last id and port stay. Between
 * two members that are not SmartNIC ports word 0 stays {@code ACTIVE|255:255}, so such a change is counted but shows
 * in the block alone. Confined to its publisher.
 */
final class ActiveSlaveRules
{
    /** What {@link #describe} found: no change of active slave. */
    static final int UNCHANGED = 0;
    /** Another member is active, but word 0 stays the same: the change shows in the block alone. */
    static final int CHANGED_IN_BLOCK = 1;
    /** Word 0 changes. */
    static final int CHANGED_WORD0 = 2;

    private BondDescription bond;
    private Member[] members;
    private int activeIndex = -1;
    private int activeRaw;
    private long generation;

    /**
     * @param bond the bond as first described.
     */
    ActiveSlaveRules(final BondDescription bond)
    {
        members(bond);
    }

    /**
     * Starts on a page. A new block starts at generation 0; on a page that holds a block (a restarted publisher) the
     * generation continues, and counts one change when word 0 differs from what the page shows.
     *
     * @param index       the initial active member, or -1.
     * @param previousRaw word 0 as the page holds it.
     * @param resume      true when the page holds a block to continue.
     * @param resumed     the generation of that block.
     * @return true when a resumed block's word 0 changes.
     */
    boolean start(final int index, final int previousRaw, final boolean resume, final long resumed)
    {
        checkIndex(index, members.length);
        activeIndex = index;
        activeRaw = rawFor(index, previousRaw);
        generation = resume ? resumed : 0;
        if (resume && activeRaw != previousRaw)
        {
            generation++;
            return true;
        }
        return false;
    }

    /**
     * Makes a member active.
     *
     * @param index the member, or -1 for no active slave.
     * @return true when word 0 changes (the generation counted it); false when the same slave was active already.
     */
    boolean activate(final int index)
    {
        checkIndex(index, members.length);
        final int raw = rawFor(index, activeRaw);
        activeIndex = index;
        if (raw == activeRaw)
        {
            return false;
        }
        generation++;
        activeRaw = raw;
        return true;
    }

    /**
     * Takes a new description of the bond (members added, removed or changed) and its active member.
     *
     * @param newBond the bond as it is now.
     * @param index   its active member, or -1.
     * @return {@link #UNCHANGED}, {@link #CHANGED_IN_BLOCK} or {@link #CHANGED_WORD0}; both changes count a generation.
     */
    int describe(final BondDescription newBond, final int index)
    {
        checkIndex(index, newBond.members().size());
        final String previousName = activeIndex >= 0 ? members[activeIndex].ifname() : null;
        members(newBond);
        final int raw = rawFor(index, activeRaw);
        final String name = index >= 0 ? members[index].ifname() : null;
        activeIndex = index;
        final boolean rawChanged = raw != activeRaw;
        activeRaw = raw;
        if (rawChanged || !Objects.equals(previousName, name))
        {
            generation++;
            return rawChanged ? CHANGED_WORD0 : CHANGED_IN_BLOCK;
        }
        return UNCHANGED;
    }

    /**
     * @param index  a member.
     * @param linkUp its new link state.
     */
    void linkUp(final int index, final boolean linkUp)
    {
        if (index < 0 || index >= members.length)
        {
            throw new IllegalArgumentException("no member " + index + " of " + members.length);
        }
        members[index] = members[index].withLinkUp(linkUp);
    }

    BondDescription bond()
    {
        return bond;
    }

    List<Member> members()
    {
        return new ArrayList<>(List.of(members));
    }

    int activeIndex()
    {
        return activeIndex;
    }

    int activeRaw()
    {
        return activeRaw;
    }

    long generation()
    {
        return generation;
    }

    /**
     * @param index the initial active member index to check.
     * @param count members.
     * @throws IllegalArgumentException when it is not -1 or a member.
     */
    static void checkIndex(final int index, final int count)
    {
        if (index < -1 || index >= count)
        {
            throw new IllegalArgumentException("active member index " + index + " is not -1 or 0.." + (count - 1));
        }
    }

    private void members(final BondDescription newBond)
    {
        bond = newBond;
        members = newBond.members().toArray(new Member[0]);
    }

    private int rawFor(final int index, final int previousRaw)
    {
        if (index < 0)
        {
            return GroupInfoEncoder.encode(false, GroupInfo.exanicId(previousRaw), GroupInfo.exanicPort(previousRaw));
        }
        return members[index].activeGroupInfo();
    }
}
