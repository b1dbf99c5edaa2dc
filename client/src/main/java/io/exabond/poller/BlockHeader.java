package io.exabond.poller;

import io.exabond.page.PageLayout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static io.exabond.page.PageLayout.ACTIVE_RAW_OFFSET;
import static io.exabond.page.PageLayout.CHANGED_NS_OFFSET;
import static io.exabond.page.PageLayout.GENERATION_OFFSET;
import static io.exabond.page.PageLayout.HEARTBEAT_NS_OFFSET;
import static io.exabond.page.PageLayout.MONITOR_INTERVAL_MS_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;

/**
 * The fields of the status block's first cache line that a poller needs ({@code seq}, {@code generation},
 * {@code changed_ns}, {@code heartbeat_ns}, {@code active_raw}, {@code monitor_interval_ms}: block offsets 8 to 47),
 * read by one attempt of the seqlock (ABI.md section 3): acquire {@code seq}, plain copy, acquire fence, re-read
 * {@code seq}. Never spins: a write in progress makes {@link #read(MemorySegment)} return false, and the poller tries
 * again later instead of waiting on its polling thread. One line, not the whole block (about ten lines: bond name and
 * sixteen members), so that a change costs the reader one cache-line transfer and leaves the writer's other lines
 * alone; the members are read only when a listener asks ({@link FailoverEvent#readStatus}).
 * <p>
 * Without a branch between the two loads of {@code seq}: a caller compiled by a warm-up that cannot stage every torn
 * read then has no untaken branch here to deoptimize on. Confined to the polling thread; allocation-free.
 */
final class BlockHeader
{
    private static final VarHandle SEQ = PageLayout.SEQ_HANDLE;
    private static final long BLOCK = STATUS_BLOCK_OFFSET;

    long seq;
    long generation;
    long changedNs;
    long heartbeatNs;
    int activeRaw;
    int monitorIntervalMs;

    /**
     * One attempt; assumes the page has a valid block.
     *
     * @param page the page.
     * @return true when the fields are one write's; false when a write was in progress or overlapped the copy.
     */
    boolean read(final MemorySegment page)
    {
        final long s1 = (long)SEQ.getAcquire(page, BLOCK);
        generation = page.get(ValueLayout.JAVA_LONG, BLOCK + GENERATION_OFFSET);
        changedNs = page.get(ValueLayout.JAVA_LONG, BLOCK + CHANGED_NS_OFFSET);
        heartbeatNs = page.get(ValueLayout.JAVA_LONG, BLOCK + HEARTBEAT_NS_OFFSET);
        activeRaw = page.get(ValueLayout.JAVA_INT, BLOCK + ACTIVE_RAW_OFFSET);
        monitorIntervalMs = page.get(ValueLayout.JAVA_INT, BLOCK + MONITOR_INTERVAL_MS_OFFSET);
        VarHandle.acquireFence();
        final long s2 = (long)SEQ.getAcquire(page, BLOCK);
        seq = s1;
        return ((s1 & 1) | (s1 ^ s2)) == 0;
    }
}
