package io.exabond.bench;

import io.exabond.page.PageLayout;
import io.exabond.page.StatusSnapshot;

import static io.exabond.bench.UnsafeAccess.BYTE_ARRAY_BASE;
import static io.exabond.bench.UnsafeAccess.UNSAFE;
import static io.exabond.page.PageLayout.ACTIVE_RAW_OFFSET;
import static io.exabond.page.PageLayout.ARP_INTERVAL_MS_OFFSET;
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
import static io.exabond.page.PageLayout.SEQ_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;

/**
 * The baseline of the poll benchmark: {@code FailoverPoller}'s loop written on {@code sun.misc.Unsafe} against a raw
 * address, doing the same work: the no-change path is one volatile load, one compare and one countdown; a change takes
 * a seqlock snapshot of the same fields, waits for word 0 and block to pair, and counts missed failovers from the
 * generation; every {@code checkIntervalPolls} polls a health check copies the block and looks at the heartbeat.
 * What it leaves out is only what needs no memory access: listener dispatch through an interface and the event
 * holder's bookkeeping (a change here bumps counters instead).
 */
public final class UnsafePoller
{
    private static final int MAX_CATCH_UP_ATTEMPTS = 1000;
    private static final long WORD0 = PageLayout.GRPINFO_OFFSET;

    private final long address;
    private final int checkIntervalPolls;
    private final byte[] bondName = new byte[IFNAMSIZ];
    private final byte[] members = new byte[MAX_MEMBERS * MEMBER_SIZE];
    private long seq;
    private long generation;
    private long changedNs;
    private long heartbeatNs;
    private int activeRaw;
    private int monitorIntervalMs;
    private int miimonMs;
    private int arpIntervalMs;
    private int memberCount;

    private int cachedRaw;
    private int untilCheck;
    private long lastGeneration;
    private long failovers;
    private long missed;
    private long lastDetectedNs;
    private boolean stale;

    /**
     * @param address            the page's address; it holds a status block.
     * @param checkIntervalPolls polls between two health checks.
     */
    public UnsafePoller(final long address, final int checkIntervalPolls)
    {
        this.address = address;
        this.checkIntervalPolls = checkIntervalPolls;
        this.untilCheck = checkIntervalPolls;
        while (!tryRead())
        {
            Thread.onSpinWait();
        }
        cachedRaw = activeRaw;
        lastGeneration = generation;
    }

    /**
     * @return 1 when a change was noticed or the health check found something, else 0.
     */
    public int poll()
    {
        final int raw = UNSAFE.getIntVolatile(null, address + WORD0);
        if (raw != cachedRaw)
        {
            return onWordChanged(raw);
        }
        if (--untilCheck == 0)
        {
            return check();
        }
        return 0;
    }

    /**
     * @return changes noticed.
     */
    public long failovers()
    {
        return failovers;
    }

    /**
     * @return failovers missed, from generation jumps.
     */
    public long missed()
    {
        return missed;
    }

    /**
     * @return the generation of the last snapshot.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * @return the page's seq in the last consistent snapshot.
     */
    public long seq()
    {
        return seq;
    }

    private int onWordChanged(final int observed)
    {
        lastDetectedNs = System.nanoTime();
        int raw = observed;
        int attempts = 0;
        boolean paired = false;
        while (attempts++ < MAX_CATCH_UP_ATTEMPTS)
        {
            if (tryRead())
            {
                paired = activeRaw == raw;
                if (paired)
                {
                    break;
                }
                raw = UNSAFE.getIntVolatile(null, address + WORD0);
            }
            Thread.onSpinWait();
        }
        if (paired)
        {
            final long jump = generation - lastGeneration;
            lastGeneration = generation;
            missed += jump > 1 ? jump - 1 : 0;
        }
        cachedRaw = raw;
        failovers++;
        return 1;
    }

    private int check()
    {
        untilCheck = checkIntervalPolls;
        if (!tryRead())
        {
            return 0;
        }
        final long now = System.nanoTime();
        final boolean nowStale = now - heartbeatNs > StatusSnapshot.staleAfterNs(monitorIntervalMs);
        final int work = nowStale != stale ? 1 : 0;
        stale = nowStale;
        if (generation != lastGeneration && activeRaw == cachedRaw &&
            UNSAFE.getIntVolatile(null, address + WORD0) == cachedRaw)
        {
            missed += generation - lastGeneration;
            lastGeneration = generation;
            return 1;
        }
        return work;
    }

    private boolean tryRead()
    {
        final long block = address + STATUS_BLOCK_OFFSET;
        final long s1 = UNSAFE.getLongVolatile(null, block + SEQ_OFFSET);
        if ((s1 & 1) != 0)
        {
            return false;
        }
        generation = UNSAFE.getLong(block + GENERATION_OFFSET);
        changedNs = UNSAFE.getLong(block + CHANGED_NS_OFFSET);
        heartbeatNs = UNSAFE.getLong(block + HEARTBEAT_NS_OFFSET);
        activeRaw = UNSAFE.getInt(block + ACTIVE_RAW_OFFSET);
        monitorIntervalMs = UNSAFE.getInt(block + MONITOR_INTERVAL_MS_OFFSET);
        miimonMs = UNSAFE.getInt(block + MIIMON_MS_OFFSET);
        arpIntervalMs = UNSAFE.getInt(block + ARP_INTERVAL_MS_OFFSET);
        memberCount = Math.min(UNSAFE.getByte(block + MEMBER_COUNT_OFFSET) & 0xFF, PageLayout.MAX_MEMBERS);
        UNSAFE.copyMemory(null, block + BOND_NAME_OFFSET, bondName, BYTE_ARRAY_BASE, IFNAMSIZ);
        UNSAFE.copyMemory(null, block + MEMBERS_OFFSET, members, BYTE_ARRAY_BASE, (long)memberCount * MEMBER_SIZE);
        UNSAFE.loadFence();
        final long s2 = UNSAFE.getLongVolatile(null, block + SEQ_OFFSET);
        seq = s1;
        return s1 == s2;
    }
}
