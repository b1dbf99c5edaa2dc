package io.exabond.poller;

import io.exabond.internal.LibC;
import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages and bonds for poller tests.
 */
final class TestPages
{
    private TestPages()
    {
    }

    static MemorySegment page(final Arena arena)
    {
        final long size = Math.max(LibC.pageSize(), PageLayout.MIN_PAGE_SIZE);
        return arena.allocate(size, size);
    }

    /**
     * A context that checks liveness and generation at every clock read and reads the clock at most every
     * {@code polls} polls, so that a test knows within how many polls a check runs (the count only falls when polls
     * are slow, which means more checks).
     */
    static FailoverPollerContext checkingContext(
        final MemorySegment page, final FailoverListener listener, final int polls)
    {
        return new FailoverPollerContext()
            .bond("bond0", page, "test page")
            .listener(listener)
            .counters(null)
            .maxPollsPerClockRead(polls)
            .livenessCheckIntervalNs(0)
            .stallTimeoutNs(1_000_000L);
    }

    static BondDescription bond(final int members, final int monitorIntervalMs)
    {
        final List<Member> list = new ArrayList<>();
        for (int i = 0; i < members; i++)
        {
            list.add(new Member("exa" + i, i / 2, i % 2, true, i == 0));
        }
        return new BondDescription("bond0", monitorIntervalMs, 100, 0, list);
    }
}
