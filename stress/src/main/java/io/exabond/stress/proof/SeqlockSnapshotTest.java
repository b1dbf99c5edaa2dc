package io.exabond.stress.proof;

import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.stress.CounterWriter;
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
 * ABI.md section 3: a snapshot accepted by {@code StatusBlockReader.tryRead} never mixes two writes. The writer
 * stores one counter value into every payload field, 64 times; the reader accepts only all-equal copies.
 */
@JCStressTest
@Outcome(id = "[0-9]+", expect = ACCEPTABLE, desc = "a consistent snapshot of one write")
@Outcome(id = "-2", expect = ACCEPTABLE_INTERESTING, desc = "a write overlapped the copy and tryRead refused it")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "tryRead accepted a snapshot that mixes two writes")
@State
public class SeqlockSnapshotTest
{
    static final int WRITES = 64;

    private final MemorySegment page = StressPage.allocate();
    private final CounterWriter writer = new CounterWriter(page);
    private final StatusBlockReader reader = new StatusBlockReader(page);
    private final StatusSnapshot snapshot = new StatusSnapshot();

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
     * One attempt of the real reader.
     *
     * Starts once the writer has begun (see {@link CounterWriter#awaitFirstWrite}).
     *
     * @param r the value all fields agree on, or a verdict.
     */
    @Actor
    public void reader(final I_Result r)
    {
        CounterWriter.awaitFirstWrite(page);
        r.r1 = reader.tryRead(snapshot) ? Verdict.of(snapshot) : Verdict.RETRY;
    }
}
