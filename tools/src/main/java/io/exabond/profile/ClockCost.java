package io.exabond.profile;

import java.util.Arrays;

/**
 * The cost of one {@link System#nanoTime()} read ({@code clock_gettime(CLOCK_MONOTONIC)} through the vDSO): part of
 * every latency the poller reports, since detection takes one read after the load that saw the change.
 */
public final class ClockCost
{
    private ClockCost()
    {
    }

    /**
     * @return the median, over 21 runs of 200 000 back-to-back reads, of the time per read in ns.
     */
    public static double measureNs()
    {
        final int reads = 200_000;
        final double[] perRead = new double[21];
        long sink = 0;
        for (int warm = 0; warm < 5; warm++)
        {
            sink += run(reads);
        }
        for (int i = 0; i < perRead.length; i++)
        {
            final long start = System.nanoTime();
            sink += run(reads);
            perRead[i] = (System.nanoTime() - start) / (double)reads;
        }
        Arrays.sort(perRead);
        return sink == 42 ? perRead[0] : perRead[perRead.length / 2];
    }

    private static long run(final int reads)
    {
        long sum = 0;
        for (int i = 0; i < reads; i++)
        {
            sum += System.nanoTime();
        }
        return sum;
    }
}
