package io.exabond.poller;

/**
 * The generation accounting of one poller: which generation of the status block the poller last paired with
 * word 0, and how many failovers it knows it missed. Every failover published is either reported (a change of word
 * 0) or counted as missed (a generation jump), exactly once, also across changes whose block could not be read.
 * Confined to the polling thread; allocation-free.
 */
final class GenerationAccount
{
    private long lastGeneration;
    private boolean baselineKnown;
    private long reportedSinceBaseline;
    private boolean resync;
    private long missedTotal;

    /**
     * @return the generation last paired with word 0.
     */
    long lastGeneration()
    {
        return lastGeneration;
    }

    /**
     * @return failovers known to have been missed.
     */
    long missedTotal()
    {
        return missedTotal;
    }

    /**
     * Forgets the baseline, for a new page whose block counts from its own start; the missed total stays.
     */
    void reset()
    {
        lastGeneration = 0;
        baselineKnown = false;
        reportedSinceBaseline = 0;
        resync = false;
    }

    /**
     * @param missed failovers found missed, added to {@link #missedTotal()}.
     */
    void countMissed(final long missed)
    {
        missedTotal += missed;
    }

    /**
     * A generation read consistently together with the word 0 it describes, outside a change: the baseline.
     *
     * @param generation the block's generation.
     */
    void baseline(final long generation)
    {
        lastGeneration = generation;
        baselineKnown = true;
    }

    /**
     * Word 0 changed: until the change is paired with its block, the account is out of step.
     *
     * @param hasBlock whether the page has a block to pair with.
     */
    void beginChange(final boolean hasBlock)
    {
        resync = hasBlock;
    }

    /**
     * The change was paired with its block.
     *
     * @param generation the block's generation.
     * @param fresh      true when the block was seen for the first time, so there is no baseline to jump from.
     * @return failovers published since the last generation known and not reported yet, this one included.
     */
    long paired(final long generation, final boolean fresh)
    {
        // Changes reported untimed while the block could not be read count as reported.
        final long jump = fresh || !baselineKnown ? 1 : generation - lastGeneration - reportedSinceBaseline;
        lastGeneration = generation;
        baselineKnown = true;
        reportedSinceBaseline = 0;
        resync = false;
        return jump;
    }

    /**
     * The change is reported. When it could not be paired it is counted, so that the generation jump found once
     * the block is readable again does not count it as missed.
     */
    void endChange()
    {
        if (resync)
        {
            reportedSinceBaseline++;
        }
    }

    /**
     * A consistent read of the block by the low-rate check, whose {@code active_raw} is word 0 as last seen and
     * still is: word 0 and block describe one state.
     *
     * @param generation the block's generation.
     * @return failovers published and neither reported nor counted yet (A to B to A, or changes published while the
     * block could not be read); 0 or less when none.
     */
    long settled(final long generation)
    {
        final long unreported;
        if (resync)
        {
            unreported = baselineKnown ? generation - lastGeneration - reportedSinceBaseline : 0;
            reportedSinceBaseline = 0;
            resync = false;
        }
        else
        {
            // Without a baseline (the block was mid-write whenever the poller tried to pair it) there is no jump.
            unreported = baselineKnown ? generation - lastGeneration : 0;
        }
        lastGeneration = generation;
        baselineKnown = true;
        return unreported;
    }
}
