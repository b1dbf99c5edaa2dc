package io.exabond.stress.control;

import io.exabond.page.PageLayout;
import io.exabond.stress.CounterWriter;
import io.exabond.stress.StressPage;
import io.exabond.stress.Verdict;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * NEGATIVE CONTROL, expected to FAIL: the read of the block's first line that {@code HeaderLineReadTest} proves
 * ({@code BlockHeader}, four of its fields) without ABI.md reader steps 3 and 4 (no fence, no recheck of
 * {@code seq}). A write that starts during the copy of the four fields goes unnoticed, so jcstress must observe the
 * FORBIDDEN outcome; if it does not, the proof cannot tell a broken health read from a good one.
 */
@JCStressTest
@Outcome(id = "[0-9]+", expect = ACCEPTABLE, desc = "the health fields of one write")
@Outcome(id = "-2", expect = ACCEPTABLE_INTERESTING, desc = "seq was odd at the start")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "accepted fields of two writes (expected here)")
@State
public class NoRecheckHealthReaderTest
{
    static final int WRITES = 64;
    private static final long BLOCK = PageLayout.STATUS_BLOCK_OFFSET;

    private final MemorySegment page = StressPage.allocate();
    private final CounterWriter writer = new CounterWriter(page);

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
     * Acquire seq, copy the four fields, and trust them.
     *
     * Starts once the writer has begun (see {@link CounterWriter#awaitFirstWrite}).
     *
     * @param r the value the four fields agree on, or a verdict.
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
        final long generation = page.get(ValueLayout.JAVA_LONG, BLOCK + PageLayout.GENERATION_OFFSET);
        final long heartbeatNs = page.get(ValueLayout.JAVA_LONG, BLOCK + PageLayout.HEARTBEAT_NS_OFFSET);
        final int activeRaw = page.get(ValueLayout.JAVA_INT, BLOCK + PageLayout.ACTIVE_RAW_OFFSET);
        final int monitorIntervalMs = page.get(ValueLayout.JAVA_INT, BLOCK + PageLayout.MONITOR_INTERVAL_MS_OFFSET);
        r.r1 = Verdict.ofHealth(generation, heartbeatNs, activeRaw, monitorIntervalMs);
    }
}
