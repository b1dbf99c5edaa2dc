package io.exabond.poller;

/**
 * Why a publisher counts as stalled.
 */
public enum StallReason
{
    /** {@code heartbeat_ns} is older than 3 monitor intervals. */
    HEARTBEAT_STALE,
    /** {@code seq} stayed odd past the stall timeout: the publisher died or stopped mid-write. */
    SEQLOCK_STUCK
}
