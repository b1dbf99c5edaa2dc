package io.exabond.publish;

import io.exabond.page.PageLayout;
import io.exabond.page.StatusBlockReader;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static io.exabond.page.PageLayout.ACTIVE_RAW_OFFSET;
import static io.exabond.page.PageLayout.ARP_INTERVAL_MS_OFFSET;
import static io.exabond.page.PageLayout.BLOCK_SIZE_OFFSET;
import static io.exabond.page.PageLayout.BOND_NAME_OFFSET;
import static io.exabond.page.PageLayout.CHANGED_NS_OFFSET;
import static io.exabond.page.PageLayout.GENERATION_OFFSET;
import static io.exabond.page.PageLayout.HEARTBEAT_NS_OFFSET;
import static io.exabond.page.PageLayout.IFNAMSIZ;
import static io.exabond.page.PageLayout.MEMBERS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_COUNT_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAGS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_SIZE;
import static io.exabond.page.PageLayout.MIIMON_MS_OFFSET;
import static io.exabond.page.PageLayout.MONITOR_INTERVAL_MS_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_SIZE;
import static io.exabond.page.PageLayout.STATUS_MAGIC;
import static io.exabond.page.PageLayout.STATUS_VERSION;
import static io.exabond.page.PageLayout.VERSION_OFFSET;

/**
 * The writer side of the status block's seqlock (ABI.md section 3), the mirror of {@link StatusBlockReader}: one
 * update is {@link #beginWrite()} ({@code seq} odd, then a store-store fence), plain stores of the fields that
 * changed ({@code put...}), and {@link #endWrite()} ({@code seq} even with release); a change of active slave then
 * stores word 0 with {@link #storeGroupInfoRelease(int)}, after the even {@code seq}, so that a reader that sees
 * word 0 change finds a block at least as new. A new block is written outside the seqlock and made visible by its
 * magic, stored last ({@link #storeMagicRelease()}).
 * <p>
 * It decides nothing: which fields change and when word 0 moves is the publisher's business ({@link PagePublisher}).
 * Single writer: it owns {@code seq} and keeps its own copy, so it never reads it back from the page. Confined to one
 * thread at a time.
 */
public final class StatusBlockWriter
{
    // The seqlock's handles come from the generated struct layouts: each takes its struct's offset in the page.
    private static final VarHandle RAW = PageLayout.GRPINFO_RAW_HANDLE;
    private static final VarHandle MAGIC = PageLayout.MAGIC_HANDLE;
    private static final VarHandle SEQ = PageLayout.SEQ_HANDLE;
    private static final long WORD0 = PageLayout.GRPINFO_OFFSET;
    private static final long BLOCK = STATUS_BLOCK_OFFSET;

    private final MemorySegment page;
    private long seq;

    /**
     * @param page a page of at least {@link PageLayout#MIN_PAGE_SIZE} bytes, 8-byte aligned, that this writer alone
     *             writes.
     */
    public StatusBlockWriter(final MemorySegment page)
    {
        if (page.byteSize() < PageLayout.MIN_PAGE_SIZE || page.address() % 8 != 0)
        {
            throw new IllegalArgumentException("a page needs at least " + PageLayout.MIN_PAGE_SIZE +
                " bytes, 8-byte aligned");
        }
        this.page = page;
    }

    /**
     * @return the block's magic, loaded with acquire ordering: {@link PageLayout#STATUS_MAGIC} on a page that holds
     *         a block already.
     */
    public int magicAcquire()
    {
        return (int)MAGIC.getAcquire(page, BLOCK);
    }

    /**
     * @return word 0 as the page holds it, loaded with acquire ordering.
     */
    public int groupInfoAcquire()
    {
        return (int)RAW.getAcquire(page, WORD0);
    }

    /**
     * Takes over the {@code seq} of the block a previous writer left: a writer killed mid-write left it odd, and it
     * is stepped past, so that parity keeps its meaning.
     */
    public void resume()
    {
        final long old = (long)SEQ.getAcquire(page, BLOCK);
        seq = (old & 1) == 0 ? old : old + 1;
    }

    /**
     * @return the block's {@code generation} (for a writer that {@link #resume() resumes} it).
     */
    public long generation()
    {
        return page.get(ValueLayout.JAVA_LONG, BLOCK + GENERATION_OFFSET);
    }

    /**
     * @return the block's {@code changed_ns} (for a writer that {@link #resume() resumes} it).
     */
    public long changedNs()
    {
        return page.get(ValueLayout.JAVA_LONG, BLOCK + CHANGED_NS_OFFSET);
    }

    /**
     * Starts a new block: zeroes it ({@code seq} 0 with it) and stores its version and size. Readers ignore it until
     * {@link #storeMagicRelease()}.
     */
    public void clearBlock()
    {
        seq = 0;
        page.asSlice(BLOCK, STATUS_BLOCK_SIZE).fill((byte)0);
        page.set(ValueLayout.JAVA_SHORT, BLOCK + VERSION_OFFSET, (short)STATUS_VERSION);
        page.set(ValueLayout.JAVA_SHORT, BLOCK + BLOCK_SIZE_OFFSET, (short)STATUS_BLOCK_SIZE);
    }

    /**
     * Makes a new block visible: its magic, with release ordering after every store of the block.
     */
    public void storeMagicRelease()
    {
        MAGIC.setRelease(page, BLOCK, STATUS_MAGIC);
    }

    /**
     * Writer step 1: {@code seq} odd, then a store-store fence, so that no store of the update can become visible
     * before it.
     */
    public void beginWrite()
    {
        SEQ.set(page, BLOCK, seq + 1);
        VarHandle.storeStoreFence();
    }

    /**
     * Writer step 3: {@code seq} even with release ordering, so that every store of the update is visible before it.
     */
    public void endWrite()
    {
        final long even = seq + 2;
        SEQ.setRelease(page, BLOCK, even);
        seq = even;
    }

    /**
     * Writer step 4, for an update that changes the active slave, after {@link #endWrite()}; also the store of word
     * 0 = 0 that releases a page, as the driver makes it.
     *
     * @param raw word 0.
     */
    public void storeGroupInfoRelease(final int raw)
    {
        RAW.setRelease(page, WORD0, raw);
    }

    /**
     * One update of the block (writer steps 1 to 4): the fields of {@code image} that differ from the page between an
     * odd and an even {@code seq}, and for a change of active slave the timestamps last and word 0 after the even
     * {@code seq}.
     *
     * @param image         what the block should say.
     * @param activeChanged true when word 0 changes.
     * @param raw           the new word 0, stored only when it changes.
     */
    void update(final BlockImage image, final boolean activeChanged, final int raw)
    {
        beginWrite();
        image.write(this);
        if (activeChanged)
        {
            // Taken as late as possible, right before the stores that publish the change, so that changed_ns
            // measures the change and not this publisher's own copying of the block. The full fence drains the
            // payload's stores first: a store is visible only after every earlier one, so without it the word-0
            // store would wait for each payload line a reader had cached to be taken back from it, and a reader that
            // copies the whole block on a change (the Java poller) would pay for that in its own latency where one
            // that reads three fields (the C poller) would not. A change is a monitor pass too: the heartbeat
            // carries the same instant.
            VarHandle.fullFence();
            image.stampChange(this, System.nanoTime());
        }
        endWrite();
        if (activeChanged)
        {
            storeGroupInfoRelease(raw);
        }
    }

    /**
     * Writes a new block whole, outside the seqlock, makes it visible by its magic, and stores word 0 after it.
     *
     * @param image what the block should say, every field marked ({@link BlockImage#markAll()}).
     * @param raw   word 0.
     */
    void create(final BlockImage image, final int raw)
    {
        clearBlock();
        image.write(this);
        storeMagicRelease();
        storeGroupInfoRelease(raw);
    }

    /**
     * @param generation the {@code generation} field.
     */
    public void putGeneration(final long generation)
    {
        page.set(ValueLayout.JAVA_LONG, BLOCK + GENERATION_OFFSET, generation);
    }

    /**
     * @param changedNs the {@code changed_ns} field.
     */
    public void putChangedNs(final long changedNs)
    {
        page.set(ValueLayout.JAVA_LONG, BLOCK + CHANGED_NS_OFFSET, changedNs);
    }

    /**
     * @param heartbeatNs the {@code heartbeat_ns} field.
     */
    public void putHeartbeatNs(final long heartbeatNs)
    {
        page.set(ValueLayout.JAVA_LONG, BLOCK + HEARTBEAT_NS_OFFSET, heartbeatNs);
    }

    /**
     * @param activeRaw the {@code active_raw} field: the word 0 that the block describes.
     */
    public void putActiveRaw(final int activeRaw)
    {
        page.set(ValueLayout.JAVA_INT, BLOCK + ACTIVE_RAW_OFFSET, activeRaw);
    }

    /**
     * @param monitorIntervalMs the {@code monitor_interval_ms} field.
     * @param miimonMs          the {@code miimon_ms} field.
     * @param arpIntervalMs     the {@code arp_interval_ms} field.
     */
    public void putMonitorIntervals(final int monitorIntervalMs, final int miimonMs, final int arpIntervalMs)
    {
        page.set(ValueLayout.JAVA_INT, BLOCK + MONITOR_INTERVAL_MS_OFFSET, monitorIntervalMs);
        page.set(ValueLayout.JAVA_INT, BLOCK + MIIMON_MS_OFFSET, miimonMs);
        page.set(ValueLayout.JAVA_INT, BLOCK + ARP_INTERVAL_MS_OFFSET, arpIntervalMs);
    }

    /**
     * @param memberCount the {@code member_count} field, 0..16.
     */
    public void putMemberCount(final int memberCount)
    {
        page.set(ValueLayout.JAVA_BYTE, BLOCK + MEMBER_COUNT_OFFSET, (byte)memberCount);
    }

    /**
     * @param name the {@code bond_name} field: {@link PageLayout#IFNAMSIZ} bytes, NUL-padded.
     */
    public void putBondName(final byte[] name)
    {
        MemorySegment.copy(name, 0, page, ValueLayout.JAVA_BYTE, BLOCK + BOND_NAME_OFFSET, IFNAMSIZ);
    }

    /**
     * @param slot  the member's index, 0..15.
     * @param image encoded members, {@link PageLayout#MEMBER_SIZE} bytes each.
     * @param at    where the member's bytes start in {@code image}.
     */
    public void putMember(final int slot, final byte[] image, final int at)
    {
        MemorySegment.copy(image, at, page, ValueLayout.JAVA_BYTE, memberAt(slot), MEMBER_SIZE);
    }

    /**
     * @param slot  the member's index, 0..15.
     * @param flags its {@code flags} byte alone (active, primary).
     */
    public void putMemberFlags(final int slot, final byte flags)
    {
        page.set(ValueLayout.JAVA_BYTE, memberAt(slot) + MEMBER_FLAGS_OFFSET, flags);
    }

    private static long memberAt(final int slot)
    {
        return BLOCK + MEMBERS_OFFSET + (long)slot * MEMBER_SIZE;
    }
}
