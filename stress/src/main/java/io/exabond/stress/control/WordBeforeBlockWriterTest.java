package io.exabond.stress.control;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.publish.PagePublisher;
import io.exabond.stress.StressPage;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * NEGATIVE CONTROL, expected to FAIL: the reader of {@code WordZeroOrderTest} against a writer that breaks ABI.md
 * writer step 4 by storing the new word 0 before the block. A reader then sees the new word 0 with the old
 * block, which must show as the FORBIDDEN outcome; it proves that the proof test can see an ordering bug.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "new word 0 and the block of that change")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "new word 0 but a block from before the change (expected here)")
@Outcome(id = "1, -1", expect = FORBIDDEN, desc = "no consistent snapshot within 10 s")
@State
public class WordBeforeBlockWriterTest
{
    private static final int NEW_RAW = GroupInfoEncoder.encode(true, 0, 1);
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final MemorySegment page = StressPage.allocate();
    private final PagePublisher publisher = PagePublisher.inMemory(page, StressPage.bond(2), 0);
    private final StatusBlockReader reader = new StatusBlockReader(page);
    private final StatusSnapshot snapshot = new StatusSnapshot();

    /**
     * The broken order: word 0 as soon as the change is known, then the block, here after a heartbeat pass
     * that was due (the publisher stores word 0 again, unchanged, at the end).
     */
    @Actor
    public void publisher()
    {
        StressPage.RAW.setRelease(page, StressPage.WORD0, NEW_RAW);
        publisher.heartbeat();
        publisher.publishActive(1);
    }

    /**
     * Waits for the new word 0 (the writer always stores it), then takes a snapshot, exactly as in the proof test.
     *
     * @param r whether word 0 was new, and the snapshot's generation.
     */
    @Actor
    public void reader(final II_Result r)
    {
        int raw;
        while ((raw = (int)StressPage.RAW.getAcquire(page, StressPage.WORD0)) != NEW_RAW)
        {
            Thread.onSpinWait();
        }
        final StatusBlockReader.Status status = reader.read(snapshot, TIMEOUT_NS);
        r.r1 = raw == NEW_RAW ? 1 : 0;
        r.r2 = status == StatusBlockReader.Status.CONSISTENT ? (int)snapshot.generation() : -1;
    }
}
