package io.exabond.stress;

import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages for the jcstress tests: native memory like a mapped page, big enough for the status block, and the bonds
 * the writers describe. One page per jcstress state, freed by the GC with its automatic arena.
 */
public final class StressPage
{
    /** Word 0, the handle {@code BondPage.groupInfoAcquire()} uses: coordinates (page, {@link #WORD0}). */
    public static final VarHandle RAW = PageLayout.GRPINFO_RAW_HANDLE;
    /** {@code seq}, the handle the publisher and reader use: coordinates (page, {@link #BLOCK}). */
    public static final VarHandle SEQ = PageLayout.SEQ_HANDLE;

    /** Page offset of word 0, the coordinate of {@link #RAW}. */
    public static final long WORD0 = PageLayout.GRPINFO_OFFSET;
    /** Page offset of the status block, the coordinate of {@link #SEQ}. */
    public static final long BLOCK = PageLayout.STATUS_BLOCK_OFFSET;
    /** Page offset of {@code seq}, for plain loads. */
    public static final long SEQ_AT = BLOCK + PageLayout.SEQ_OFFSET;

    private StressPage()
    {
    }

    /**
     * @return zeroed native memory of {@link PageLayout#MIN_PAGE_SIZE} bytes, 64-byte aligned like a page.
     */
    public static MemorySegment allocate()
    {
        return Arena.ofAuto().allocate(PageLayout.MIN_PAGE_SIZE, 64);
    }

    /**
     * @param memberCount members, 2..16.
     * @return a bond whose member {@code i} is {@code exanic0:i}.
     */
    public static BondDescription bond(final int memberCount)
    {
        final List<Member> members = new ArrayList<>();
        for (int i = 0; i < memberCount; i++)
        {
            members.add(new Member("eth" + i, 0, i, true, i == 0));
        }
        return new BondDescription("bond0", 100, 100, 0, members);
    }
}
