package io.exabond.poller;

import java.lang.foreign.MemorySegment;

/**
 * Gives the jcstress proofs the poller's own read of the status block's first line ({@link BlockHeader}), which is
 * package-private in the library: this class sits in the same package, on the class path of the stress module only.
 */
public final class BlockHeaderProbe
{
    private final BlockHeader header = new BlockHeader();

    /**
     * One attempt, as the poller makes it on a change and at a liveness check.
     *
     * @param page the page.
     * @return true when the fields are one write's.
     */
    public boolean read(final MemorySegment page)
    {
        return header.read(page);
    }

    /**
     * @return {@code generation} as last read.
     */
    public long generation()
    {
        return header.generation;
    }

    /**
     * @return {@code changed_ns} as last read.
     */
    public long changedNs()
    {
        return header.changedNs;
    }

    /**
     * @return {@code heartbeat_ns} as last read.
     */
    public long heartbeatNs()
    {
        return header.heartbeatNs;
    }

    /**
     * @return {@code active_raw} as last read.
     */
    public int activeRaw()
    {
        return header.activeRaw;
    }

    /**
     * @return {@code monitor_interval_ms} as last read.
     */
    public int monitorIntervalMs()
    {
        return header.monitorIntervalMs;
    }
}
