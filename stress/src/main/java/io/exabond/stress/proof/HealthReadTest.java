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
 * ABI.md section 3, for the poller's low-rate liveness check: the four fields accepted by
 * {@code StatusBlockReader.tryReadHealth} (generation, heartbeat_ns, active_raw, monitor_interval_ms) are always
 * one write's. The writer stores one counter value into every payload field, 64 times; the reader accepts only
 * four equal fields.
 */
@JCStressTest
@Outcome(id = "[0-9]+", expect = ACCEPTABLE, desc = "the health fields of one write")
@Outcome(id = "-2", expect = ACCEPTABLE_INTERESTING, desc = "a write overlapped the copy and tryReadHealth refused it")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "tryReadHealth accepted fields of two writes")
@State
public class HealthReadTest
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
     * One attempt of the real health read, as the poller's check makes it.
     *
     * Starts once the writer has begun (see {@link CounterWriter#awaitFirstWrite}).
     *
     * @param r the value the four fields agree on, or a verdict.
     */
    @Actor
    public void reader(final I_Result r)
    {
        CounterWriter.awaitFirstWrite(page);
        r.r1 = reader.tryReadHealth(snapshot) ? Verdict.ofHealth(snapshot) : Verdict.RETRY;
    }
}
