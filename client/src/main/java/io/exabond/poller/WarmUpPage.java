package io.exabond.poller;

import io.exabond.page.PageLayout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import static io.exabond.page.PageLayout.ACTIVE_RAW_OFFSET;
import static io.exabond.page.PageLayout.BLOCK_SIZE_OFFSET;
import static io.exabond.page.PageLayout.BOND_NAME_OFFSET;
import static io.exabond.page.PageLayout.CHANGED_NS_OFFSET;
import static io.exabond.page.PageLayout.GENERATION_OFFSET;
import static io.exabond.page.PageLayout.HEARTBEAT_NS_OFFSET;
import static io.exabond.page.PageLayout.MEMBERS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_COUNT_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_ID_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_PORT_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAGS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAG_ACTIVE;
import static io.exabond.page.PageLayout.MEMBER_IFNAME_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_LINK_UP_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_SIZE;
import static io.exabond.page.PageLayout.MONITOR_INTERVAL_MS_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_SIZE;
import static io.exabond.page.PageLayout.STATUS_MAGIC;
import static io.exabond.page.PageLayout.STATUS_VERSION;
import static io.exabond.page.PageLayout.VERSION_OFFSET;

/**
 * The private page the warm-up fails over: a seqlock writer of three members, in the order the ABI prescribes
 * (seq odd, payload, seq even with release, then word 0 with release). The client library holds no publisher (the
 * publishers are another artifact that depends on this one), and the warm-up must also stage states that no
 * well-behaved publisher leaves on purpose (a write in progress, a block ahead of word 0), so it writes its own.
 */
final class WarmUpPage
{
    static final int MEMBERS = 3;

    private static final VarHandle RAW = PageLayout.GRPINFO_RAW_HANDLE;
    private static final VarHandle MAGIC = PageLayout.MAGIC_HANDLE;
    private static final VarHandle SEQ = PageLayout.SEQ_HANDLE;
    private static final long WORD0 = PageLayout.GRPINFO_OFFSET;
    private static final long BLOCK = STATUS_BLOCK_OFFSET;

    private final MemorySegment page;
    private long seq;
    private long generation;
    private int activeRaw;

    WarmUpPage(final MemorySegment page)
    {
        this.page = page;
        page.asSlice(BLOCK, STATUS_BLOCK_SIZE).fill((byte)0);
        page.set(ValueLayout.JAVA_SHORT, BLOCK + BLOCK_SIZE_OFFSET, (short)STATUS_BLOCK_SIZE);
        page.set(ValueLayout.JAVA_SHORT, BLOCK + VERSION_OFFSET, (short)STATUS_VERSION);
        page.set(ValueLayout.JAVA_INT, BLOCK + MONITOR_INTERVAL_MS_OFFSET, 100);
        page.set(ValueLayout.JAVA_BYTE, BLOCK + MEMBER_COUNT_OFFSET, (byte)MEMBERS);
        writeName(BLOCK + BOND_NAME_OFFSET, "warmup");
        for (int i = 0; i < MEMBERS; i++)
        {
            final long member = BLOCK + MEMBERS_OFFSET + (long)i * MEMBER_SIZE;
            writeName(member + MEMBER_IFNAME_OFFSET, "warm" + i);
            page.set(ValueLayout.JAVA_BYTE, member + MEMBER_EXANIC_ID_OFFSET, (byte)(i / 2));
            page.set(ValueLayout.JAVA_BYTE, member + MEMBER_EXANIC_PORT_OFFSET, (byte)(i % 2));
            page.set(ValueLayout.JAVA_BYTE, member + MEMBER_LINK_UP_OFFSET, (byte)1);
        }
        activeRaw = rawOf(0);
        write(false);
        MAGIC.setRelease(page, BLOCK, STATUS_MAGIC);
        RAW.setRelease(page, WORD0, activeRaw);
    }

    /**
     * @param index a member, 0 to {@link #MEMBERS} - 1.
     * @return word 0 naming it as the active slave.
     */
    static int rawOf(final int index)
    {
        // Writing word 0 is a publisher's job, and the client holds no publisher: the one formula, on the layout's
        // shifts.
        return PageLayout.GRPINFO_FLAG_ACTIVE << PageLayout.GRPINFO_FLAGS_SHIFT |
            index / 2 << PageLayout.GRPINFO_EXANIC_ID_SHIFT | index % 2 << PageLayout.GRPINFO_EXANIC_PORT_SHIFT;
    }

    /**
     * Publishes a change of active member, word 0 last.
     *
     * @param index the new active member.
     */
    void publishActive(final int index)
    {
        final int raw = rawOf(index);
        if (raw != activeRaw)
        {
            generation++;
            activeRaw = raw;
            write(true);
        }
    }

    /**
     * Writes the block with a heartbeat a minute old, as a publisher that stopped would have left it.
     */
    void staleHeartbeat()
    {
        final long s = seq;
        SEQ.set(page, BLOCK, s + 1);
        VarHandle.storeStoreFence();
        page.set(ValueLayout.JAVA_LONG, BLOCK + HEARTBEAT_NS_OFFSET, System.nanoTime() - 60_000_000_000L);
        SEQ.setRelease(page, BLOCK, s + 2);
        seq = s + 2;
    }

    /**
     * @return the block's sequence, to stage a write in progress by storing it plus one.
     */
    long seq()
    {
        return seq;
    }

    /**
     * @param value a sequence to store plainly, odd to stage a write in progress.
     */
    void storeSeq(final long value)
    {
        SEQ.set(page, BLOCK, value);
    }

    /**
     * @param raw a word 0 to store plainly, out of step with the block.
     */
    void storeWord0(final int raw)
    {
        RAW.set(page, WORD0, raw);
    }

    /**
     * @return word 0 as last stored.
     */
    int word0()
    {
        return (int)RAW.get(page, WORD0);
    }

    private void write(final boolean activeChanged)
    {
        final long s = seq;
        SEQ.set(page, BLOCK, s + 1);
        VarHandle.storeStoreFence();
        final long now = System.nanoTime();
        page.set(ValueLayout.JAVA_LONG, BLOCK + GENERATION_OFFSET, generation);
        page.set(ValueLayout.JAVA_LONG, BLOCK + CHANGED_NS_OFFSET, now);
        page.set(ValueLayout.JAVA_LONG, BLOCK + HEARTBEAT_NS_OFFSET, now);
        page.set(ValueLayout.JAVA_INT, BLOCK + ACTIVE_RAW_OFFSET, activeRaw);
        for (int i = 0; i < MEMBERS; i++)
        {
            final long flags = BLOCK + MEMBERS_OFFSET + (long)i * MEMBER_SIZE + MEMBER_FLAGS_OFFSET;
            page.set(ValueLayout.JAVA_BYTE, flags, (byte)(rawOf(i) == activeRaw ? MEMBER_FLAG_ACTIVE : 0));
        }
        SEQ.setRelease(page, BLOCK, s + 2);
        seq = s + 2;
        if (activeChanged)
        {
            RAW.setRelease(page, WORD0, activeRaw);
        }
    }

    private void writeName(final long offset, final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, page, ValueLayout.JAVA_BYTE, offset, bytes.length);
    }
}
