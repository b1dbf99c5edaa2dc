package io.exabond.fault;

import io.exabond.internal.PageMapping;
import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.List;

/**
 * A publisher frozen in the middle of a write, for the tests that kill it there: it publishes a bond, then makes
 * {@code seq} odd as step 1 of a write does, prints {@code MID-WRITE} and sleeps (60 s at most, so that it never
 * outlives a test run by much) until it is killed. Arguments: the page file.
 */
public final class StuckWriterMain
{
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

    private StuckWriterMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Path path = Path.of(args[0]);
        try (PagePublisher publisher = PagePublisher.create(path, bond(), 0);
            PageMapping mapping = PageMapping.map(path, true, ""))
        {
            publisher.publishActive(1);
            final MemorySegment page = mapping.segment();
            final long seq = PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET;
            LONG.setRelease(page, seq, (long)LONG.getAcquire(page, seq) + 1);
            System.out.println("MID-WRITE seq=" + (long)LONG.getAcquire(page, seq));
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    static BondDescription bond()
    {
        return new BondDescription("bond0", 20, 20, 0,
            List.of(new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, true, false)));
    }
}
