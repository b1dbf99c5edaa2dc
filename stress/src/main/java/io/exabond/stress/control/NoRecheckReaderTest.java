package io.exabond.stress.control;

import io.exabond.stress.CounterWriter;
import io.exabond.stress.RawCopy;
import io.exabond.stress.StressPage;
import io.exabond.stress.Verdict;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.lang.foreign.MemorySegment;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * NEGATIVE CONTROL, expected to FAIL: the reader of {@code SeqlockSnapshotTest} without ABI.md reader steps 3 and 4
 * (no fence, no recheck of {@code seq}). A write that starts during the copy goes unnoticed, so jcstress must
 * observe the FORBIDDEN outcome; if it does not, the proof test cannot tell a broken reader from a good one.
 */
@JCStressTest
@Outcome(id = "[0-9]+", expect = ACCEPTABLE, desc = "a consistent snapshot of one write")
@Outcome(id = "-2", expect = ACCEPTABLE_INTERESTING, desc = "seq was odd at the start")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "accepted a snapshot that mixes two writes (expected here)")
@State
public class NoRecheckReaderTest
{
    static final int WRITES = 64;

    private final MemorySegment page = StressPage.allocate();
    private final CounterWriter writer = new CounterWriter(page);
    private final RawCopy copy = new RawCopy();

    /**
     * {@value #WRITES} writes of the protocol, so that a copy overlaps one often.
     */
    @Actor
    public void writer()
    {
        for (int i = 1; i <= WRITES; i++)
        {
            writer.write(i);
        }
    }

    /**
     * Acquire seq, copy, and trust the copy.
     *
     * Starts once the writer has begun (see {@link CounterWriter#awaitFirstWrite}).
     *
     * @param r the value all fields agree on, or a verdict.
     */
    @Actor
    public void reader(final I_Result r)
    {
        CounterWriter.awaitFirstWrite(page);
        final long s1 = (long)StressPage.SEQ.getAcquire(page, StressPage.BLOCK);
        if ((s1 & 1) != 0)
        {
            r.r1 = Verdict.RETRY;
            return;
        }
        copy.copy(page);
        r.r1 = copy.verdict();
    }
}
