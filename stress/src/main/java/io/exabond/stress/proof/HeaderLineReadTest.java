package io.exabond.stress.proof;

import io.exabond.poller.BlockHeaderProbe;
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
 * ABI.md section 3, for the poller's read of the status block's first line on a change and at a liveness check
 * ({@code BlockHeader}, one attempt, never waiting): the five fields it accepts (generation, changed_ns,
 * heartbeat_ns, active_raw, monitor_interval_ms) are always one write's. The writer stores one counter value into every
 * payload field, 64 times; the reader accepts only five equal fields.
 */
@JCStressTest
@Outcome(id = "[0-9]+", expect = ACCEPTABLE, desc = "the health fields of one write")
@Outcome(id = "-2", expect = ACCEPTABLE_INTERESTING, desc = "a write overlapped the copy and the read refused it")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "the read accepted fields of two writes")
@State
public class HeaderLineReadTest
{
    static final int WRITES = 64;

    private final MemorySegment page = StressPage.allocate();
    private final CounterWriter writer = new CounterWriter(page);
    private final BlockHeaderProbe header = new BlockHeaderProbe();

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
     * One attempt of the poller's real read of the block's first line.
     *
     * Starts once the writer has begun (see {@link CounterWriter#awaitFirstWrite}).
     *
     * @param r the value the five fields agree on, or a verdict.
     */
    @Actor
    public void reader(final I_Result r)
    {
        CounterWriter.awaitFirstWrite(page);
        r.r1 = header.read(page) ? Verdict.ofHeader(header.generation(), header.changedNs(), header.heartbeatNs(),
            header.activeRaw(), header.monitorIntervalMs()) : Verdict.RETRY;
    }
}
