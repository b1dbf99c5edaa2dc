package io.exabond.stress;

import io.exabond.page.PageLayout;
import io.exabond.publish.PagePublisher;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static io.exabond.page.PageLayout.MAX_MEMBERS;
import static io.exabond.page.PageLayout.MEMBERS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_ID_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_PORT_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAGS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_LINK_UP_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_SIZE;
import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;

/**
 * A writer with the exact seqlock protocol of {@code StatusBlockWriter} (ABI.md writer steps 1 to 3) that stores
 * one counter value into every payload field the reader copies, so that any snapshot mixing two writes shows
 * unequal fields. The block itself (magic, version, size, 16 members) is created by a real {@link PagePublisher}.
 * Single-threaded, like the publisher.
 */
public final class CounterWriter
{
    private static final long BLOCK = STATUS_BLOCK_OFFSET;
    /** {@code seq} after construction: the publisher's creation leaves 0, the write of value 0 makes it 2. */
    private static final long INITIAL_SEQ = 2;

    private final MemorySegment page;
    private long seq;

    /**
     * Creates a block with 16 members on the page and writes value 0 into every payload field.
     *
     * @param page zeroed memory of at least {@link PageLayout#MIN_PAGE_SIZE} bytes.
     */
    public CounterWriter(final MemorySegment page)
    {
        this.page = page;
        PagePublisher.inMemory(page, StressPage.bond(MAX_MEMBERS), 0).close();
        this.seq = (long)StressPage.SEQ.getAcquire(page, StressPage.BLOCK);
        write(0);
        if (seq != INITIAL_SEQ)
        {
            throw new IllegalStateException("seq " + seq + " after construction, expected " + INITIAL_SEQ);
        }
    }

    /**
     * Spins until the first {@link #write} after construction has begun, so that a reader's copy starts while
     * the writer is busy rather than long before or after it: jcstress starts the actors close together, but not
     * within the few microseconds that the writes take. It ends at once when the writes are already done.
     *
     * @param page the page of a {@link CounterWriter}.
     */
    public static void awaitFirstWrite(final MemorySegment page)
    {
        while ((long)StressPage.SEQ.getAcquire(page, StressPage.BLOCK) == INITIAL_SEQ)
        {
            Thread.onSpinWait();
        }
    }

    /**
     * One update: {@code seq} odd, store-store fence, the payload, {@code seq} even with release.
     *
     * @param value stored into every payload field (truncated to the field's width).
     */
    public void write(final long value)
    {
        final long s = seq;
        StressPage.SEQ.set(page, StressPage.BLOCK, s + 1);
        VarHandle.storeStoreFence();
        writePayload(value);
        StressPage.SEQ.setRelease(page, StressPage.BLOCK, s + 2);
        seq = s + 2;
    }

    private void writePayload(final long value)
    {
        final int word = (int)value;
        final byte b = (byte)value;
        page.set(ValueLayout.JAVA_LONG, BLOCK + PageLayout.GENERATION_OFFSET, value);
        page.set(ValueLayout.JAVA_LONG, BLOCK + PageLayout.CHANGED_NS_OFFSET, value);
        page.set(ValueLayout.JAVA_LONG, BLOCK + PageLayout.HEARTBEAT_NS_OFFSET, value);
        page.set(ValueLayout.JAVA_INT, BLOCK + PageLayout.ACTIVE_RAW_OFFSET, word);
        page.set(ValueLayout.JAVA_INT, BLOCK + PageLayout.MONITOR_INTERVAL_MS_OFFSET, word);
        page.set(ValueLayout.JAVA_INT, BLOCK + PageLayout.MIIMON_MS_OFFSET, word);
        page.set(ValueLayout.JAVA_INT, BLOCK + PageLayout.ARP_INTERVAL_MS_OFFSET, word);
        // member_count stays 16: it is the length of the copy, not a value to compare.
        for (int i = 0; i < MAX_MEMBERS; i++)
        {
            final long at = BLOCK + MEMBERS_OFFSET + (long)i * MEMBER_SIZE;
            page.set(ValueLayout.JAVA_BYTE, at + MEMBER_EXANIC_ID_OFFSET, b);
            page.set(ValueLayout.JAVA_BYTE, at + MEMBER_EXANIC_PORT_OFFSET, b);
            page.set(ValueLayout.JAVA_BYTE, at + MEMBER_LINK_UP_OFFSET, b);
            page.set(ValueLayout.JAVA_BYTE, at + MEMBER_FLAGS_OFFSET, b);
        }
    }
}
