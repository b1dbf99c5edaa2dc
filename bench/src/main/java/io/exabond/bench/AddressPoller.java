package io.exabond.bench;

import io.exabond.internal.Word0;
import io.exabond.page.BondPage;

/**
 * The no-change path of {@code FailoverPoller.poll()} on the library's read by address: read word 0 with
 * {@code Word0.acquire(address)}, compare with the cached word, count down to a periodic check. A page's close shows
 * as a change (the tombstone's word), whose path checks {@link BondPage#isClosed()}: nothing is checked per poll.
 * The change path and the periodic check are reduced to that closed check (the benchmark never takes the first, and
 * the second runs once per 1024 polls, as {@link UnsafePoller}'s health check does).
 */
public final class AddressPoller
{
    private final BondPage page;
    private final long address;
    private final int checkIntervalPolls;
    private int cachedRaw;
    private int untilCheck;

    /**
     * @param page               the page, held so that its address stays mapped.
     * @param checkIntervalPolls polls between periodic checks.
     */
    public AddressPoller(final BondPage page, final int checkIntervalPolls)
    {
        this.page = page;
        this.address = page.segment().address();
        this.checkIntervalPolls = checkIntervalPolls;
        this.untilCheck = checkIntervalPolls;
        this.cachedRaw = Word0.acquire(address);
    }

    /**
     * @return 1 when word 0 changed, else 0.
     */
    public int poll()
    {
        final int raw = Word0.acquire(address);
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

    private int onWordChanged(final int raw)
    {
        if (page.isClosed())
        {
            throw new IllegalStateException("page " + page.path() + " is closed");
        }
        cachedRaw = raw;
        return 1;
    }

    private int check()
    {
        untilCheck = checkIntervalPolls;
        if (page.isClosed())
        {
            throw new IllegalStateException("page " + page.path() + " is closed");
        }
        return 0;
    }
}
