package io.exabond.stress;

import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages for the jcstress tests: native memory like a mapped page, big enough for the status block, and the bonds
 * the writers describe. One page per jcstress state, freed by the GC with its automatic arena.
 */
public final class StressPage
{
    /** Word 0 with the acquire load {@code BondPage.groupInfoAcquire()} uses. */
    public static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();
    /** {@code seq} and the other 64-bit fields, as the publisher and reader access them. */
    public static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

    /** Page offset of {@code seq}. */
    public static final long SEQ = PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET;

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
