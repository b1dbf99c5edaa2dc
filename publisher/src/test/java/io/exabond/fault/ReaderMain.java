package io.exabond.fault;

import io.exabond.page.BondPage;

import java.nio.file.Path;

/**
 * A reader process for {@link ConcurrentReadersTest}: maps the page read-only, takes snapshots for the given
 * milliseconds and prints one line {@code RESULT snapshots=... torn=... ...}. Arguments: page file, duration ms.
 */
public final class ReaderMain
{
    private ReaderMain()
    {
    }

    public static void main(final String[] args)
    {
        try (BondPage page = BondPage.open(Path.of(args[0])))
        {
            final SnapshotChecker checker = new SnapshotChecker(page.segment());
            final long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000L;
            System.out.println("READING");
            System.out.flush();
            while (System.nanoTime() - end < 0)
            {
                checker.readOnce(ConcurrentReadersTest.STALL_TIMEOUT_NS);
            }
            System.out.println("RESULT " + checker.summary());
        }
    }
}
