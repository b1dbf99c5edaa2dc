package io.exabond.stress.proof;

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
 * ABI.md writer step 4: a reader that sees the new word 0 (acquire load, as {@code BondPage.groupInfoAcquire()})
 * always finds a block whose generation includes that change. The reader spins until it sees the new word 0, so
 * that it reads the block as early as possible after it; r1 = 1 when word 0 was the new one (always, once it
 * returns), r2 = the generation of the snapshot taken after it (-1 when none was consistent).
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "new word 0 and the block of that change")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "new word 0 but a block from before the change")
@Outcome(id = "1, -1", expect = FORBIDDEN, desc = "no consistent snapshot within 10 s")
@State
public class WordZeroOrderTest
{
    private static final int NEW_RAW = GroupInfoEncoder.encode(true, 0, 1);
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final MemorySegment page = StressPage.allocate();
    private final PagePublisher publisher = PagePublisher.inMemory(page, StressPage.bond(2), 0);
    private final StatusBlockReader reader = new StatusBlockReader(page);
    private final StatusSnapshot snapshot = new StatusSnapshot();

    /**
     * One failover to member 1: block first, then word 0 with release.
     */
    @Actor
    public void publisher()
    {
        publisher.publishActive(1);
    }

    /**
     * Waits for the new word 0 (the writer always stores it), then takes a snapshot.
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
