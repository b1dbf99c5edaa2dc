package io.exabond.bench;

import io.exabond.page.BondPage;

import static io.exabond.bench.UnsafeAccess.UNSAFE;

/**
 * {@link AddressPoller} with {@code Unsafe.getIntVolatile} for the read and nothing else changed: its floor. (The
 * periodic check of both is the closed check alone, where {@link UnsafePoller}'s reads the status block, which costs
 * about a nanosecond per poll once spread over 1024 polls.)
 */
public final class UnsafeMinimalPoller
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
    public UnsafeMinimalPoller(final BondPage page, final int checkIntervalPolls)
    {
        this.page = page;
        this.address = page.segment().address();
        this.checkIntervalPolls = checkIntervalPolls;
        this.untilCheck = checkIntervalPolls;
        this.cachedRaw = UNSAFE.getIntVolatile(null, address);
    }

    /**
     * @return 1 when word 0 changed, else 0.
     */
    public int poll()
    {
        final int raw = UNSAFE.getIntVolatile(null, address);
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
