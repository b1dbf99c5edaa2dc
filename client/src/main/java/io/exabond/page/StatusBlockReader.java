package io.exabond.page;

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
import static io.exabond.page.PageLayout.MAX_MEMBERS;
import static io.exabond.page.PageLayout.MEMBERS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_COUNT_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_SIZE;
import static io.exabond.page.PageLayout.MIIMON_MS_OFFSET;
import static io.exabond.page.PageLayout.MONITOR_INTERVAL_MS_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;
import static io.exabond.page.PageLayout.STATUS_MAGIC;
import static io.exabond.page.PageLayout.VERSION_OFFSET;

/**
 * The reader side of the status block's seqlock (ABI.md section 3): copies the block into a caller-owned
 * {@link StatusSnapshot} and accepts the copy only when {@code seq} was even and unchanged around it.
 * <p>
 * It never writes to the page, never allocates and never throws on account of the page's contents: a torn or
 * inconsistent copy is retried, {@code member_count} is bounded before use, and a {@code seq} that stays odd
 * (a publisher that died mid-write) ends in {@link Status#STALLED} after the caller's timeout. One reader may be
 * shared by threads that each use their own snapshot holder.
 */
public final class StatusBlockReader
{
    /** How long {@link #read(StatusSnapshot)} waits for a write in progress before it reports a stall. */
    public static final long DEFAULT_STALL_TIMEOUT_NS = 50_000_000L;

    // The seqlock's handles come from the generated struct layout and add the field's offset to the block's.
    private static final VarHandle MAGIC = PageLayout.MAGIC_HANDLE;
    private static final VarHandle SEQ = PageLayout.SEQ_HANDLE;
    private static final long BLOCK = STATUS_BLOCK_OFFSET;

    /** The outcome of a read. */
    public enum Status
    {
        /** The holder has a consistent copy of the block. */
        CONSISTENT,
        /** No block on the page (magic is 0): a kernel page; use word 0 alone. */
        NO_BLOCK,
        /** {@code seq} did not settle before the timeout: the publisher stalled or died mid-write. */
        STALLED,
        /** Something other than a known block is there; {@link #problem()} says what. */
        INVALID
    }

    private final MemorySegment page;

    /**
     * @param page a mapped page of at least {@link PageLayout#MIN_PAGE_SIZE} bytes.
     */
    public StatusBlockReader(final MemorySegment page)
    {
        if (page.byteSize() < PageLayout.MIN_PAGE_SIZE)
        {
            throw new IllegalArgumentException("a page must have at least " + PageLayout.MIN_PAGE_SIZE +
                " bytes, this one has " + page.byteSize());
        }
        this.page = page;
    }

    /**
     * @return the block's magic, loaded with acquire ordering (it is stored last, with release, at creation).
     */
    public int magicAcquire()
    {
        return (int)MAGIC.getAcquire(page, BLOCK);
    }

    /**
     * @return true when the page has a status block of a version this reader understands.
     */
    public boolean hasBlock()
    {
        return magicAcquire() == STATUS_MAGIC && problem() == null;
    }

    /**
     * {@link #read(StatusSnapshot, long)} with {@link #DEFAULT_STALL_TIMEOUT_NS}.
     *
     * @param into the holder to fill.
     * @return the outcome.
     */
    public Status read(final StatusSnapshot into)
    {
        return read(into, DEFAULT_STALL_TIMEOUT_NS);
    }

    /**
     * Takes a consistent snapshot, retrying torn copies until {@code timeoutNs} has passed.
     *
     * @param into      the holder to fill; on any outcome but {@link Status#CONSISTENT} its contents are undefined.
     * @param timeoutNs how long to wait for a write in progress to finish.
     * @return the outcome.
     */
    public Status read(final StatusSnapshot into, final long timeoutNs)
    {
        final int magic = magicAcquire();
        if (magic == 0)
        {
            return Status.NO_BLOCK;
        }
        if (magic != STATUS_MAGIC)
        {
            return Status.INVALID;
        }
        final int version = page.get(ValueLayout.JAVA_SHORT, BLOCK + VERSION_OFFSET) & 0xFFFF;
        final int blockSize = page.get(ValueLayout.JAVA_SHORT, BLOCK + BLOCK_SIZE_OFFSET) & 0xFFFF;
        if (PageLayout.checkVersion(version, blockSize, page.byteSize()) != null)
        {
            return Status.INVALID;
        }
        into.version = version;
        into.blockSize = blockSize;

        int retries = 0;
        long deadline = 0;
        while (!tryRead(into))
        {
            if (retries == 0)
            {
                deadline = System.nanoTime() + timeoutNs;
            }
            else if (System.nanoTime() - deadline > 0)
            {
                into.retries = retries;
                return Status.STALLED;
            }
            retries++;
            Thread.onSpinWait();
        }
        into.retries = retries;
        return Status.CONSISTENT;
    }

    /**
     * One attempt of the seqlock protocol, for callers with their own retry policy. Assumes the block is present
     * and valid ({@link #hasBlock()}).
     *
     * @param into the holder to fill.
     * @return true when the copy is consistent; false when a write was in progress or overlapped the copy.
     */
    public boolean tryRead(final StatusSnapshot into)
    {
        final long s1 = (long)SEQ.getAcquire(page, BLOCK);
        if ((s1 & 1) != 0)
        {
            return false;
        }

        into.generation = page.get(ValueLayout.JAVA_LONG, BLOCK + GENERATION_OFFSET);
        into.changedNs = page.get(ValueLayout.JAVA_LONG, BLOCK + CHANGED_NS_OFFSET);
        into.heartbeatNs = page.get(ValueLayout.JAVA_LONG, BLOCK + HEARTBEAT_NS_OFFSET);
        into.activeRaw = page.get(ValueLayout.JAVA_INT, BLOCK + ACTIVE_RAW_OFFSET);
        into.monitorIntervalMs = page.get(ValueLayout.JAVA_INT, BLOCK + MONITOR_INTERVAL_MS_OFFSET);
        into.miimonMs = page.get(ValueLayout.JAVA_INT, BLOCK + MIIMON_MS_OFFSET);
        into.arpIntervalMs = page.get(ValueLayout.JAVA_INT, BLOCK + ARP_INTERVAL_MS_OFFSET);
        final int memberCount = Math.min(
            page.get(ValueLayout.JAVA_BYTE, BLOCK + MEMBER_COUNT_OFFSET) & 0xFF, MAX_MEMBERS);
        into.memberCount = memberCount;
        MemorySegment.copy(page, ValueLayout.JAVA_BYTE, BLOCK + BOND_NAME_OFFSET, into.bondName, 0, IFNAMSIZ);
        MemorySegment.copy(
            page, ValueLayout.JAVA_BYTE, BLOCK + MEMBERS_OFFSET, into.members, 0, memberCount * MEMBER_SIZE);

        VarHandle.acquireFence();
        final long s2 = (long)SEQ.getAcquire(page, BLOCK);
        into.seq = s1;
        return s1 == s2;
    }

    /**
     * Explains why a block is not usable; allocates, so call it after {@link Status#INVALID}.
     *
     * @return a sentence with the app's and the file's values, or null when the block is usable or absent.
     */
    public String problem()
    {
        final int magic = magicAcquire();
        if (magic == 0)
        {
            return null;
        }
        if (magic != STATUS_MAGIC)
        {
            return String.format(
                "no exabond status block at offset %d: magic app=0x%08x file=0x%08x", STATUS_BLOCK_OFFSET,
                STATUS_MAGIC, magic);
        }
        final int version = page.get(ValueLayout.JAVA_SHORT, BLOCK + VERSION_OFFSET) & 0xFFFF;
        final int blockSize = page.get(ValueLayout.JAVA_SHORT, BLOCK + BLOCK_SIZE_OFFSET) & 0xFFFF;
        return PageLayout.checkVersion(version, blockSize, page.byteSize());
    }
}
