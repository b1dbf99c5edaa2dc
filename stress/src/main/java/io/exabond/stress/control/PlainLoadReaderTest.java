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
 * NEGATIVE CONTROL, expected to FAIL: the reader keeps the recheck of {@code seq} but loads it plainly, with no
 * acquire and no fence, and copies into locals. The JMM then lets the compiler move the second load of {@code seq}
 * above the copy, or reuse the first load's value for it, so the recheck no longer brackets the copy and a torn
 * snapshot is accepted.
 */
@JCStressTest
@Outcome(id = "[0-9]+", expect = ACCEPTABLE, desc = "a consistent snapshot of one write")
@Outcome(id = "-2", expect = ACCEPTABLE_INTERESTING, desc = "the (broken) recheck refused the copy")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "accepted a snapshot that mixes two writes (expected here)")
@State
public class PlainLoadReaderTest
{
    private static final long BLOCK = PageLayout.STATUS_BLOCK_OFFSET;
    private static final long FIRST_MEMBER = BLOCK + PageLayout.MEMBERS_OFFSET + PageLayout.MEMBER_EXANIC_ID_OFFSET;
    private static final long LAST_MEMBER_FLAGS = BLOCK + PageLayout.MEMBERS_OFFSET +
        (PageLayout.MAX_MEMBERS - 1L) * PageLayout.MEMBER_SIZE + PageLayout.MEMBER_FLAGS_OFFSET;

    static final int WRITES = 64;

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
     * Plain seq, a copy into locals (as a reader keeping the fields in registers would), plain seq again.
     *
     * Starts once the writer has begun (see {@link CounterWriter#awaitFirstWrite}).
     *
     * @param r the value all fields agree on, or a verdict.
     */
    @Actor
    public void reader(final I_Result r)
    {
        CounterWriter.awaitFirstWrite(page);
        final MemorySegment page = this.page;
        final long s1 = page.get(ValueLayout.JAVA_LONG, StressPage.SEQ_AT);
        final long generation = page.get(ValueLayout.JAVA_LONG, BLOCK + PageLayout.GENERATION_OFFSET);
        final long changedNs = page.get(ValueLayout.JAVA_LONG, BLOCK + PageLayout.CHANGED_NS_OFFSET);
        final long heartbeatNs = page.get(ValueLayout.JAVA_LONG, BLOCK + PageLayout.HEARTBEAT_NS_OFFSET);
        final int activeRaw = page.get(ValueLayout.JAVA_INT, BLOCK + PageLayout.ACTIVE_RAW_OFFSET);
        final int monitorMs = page.get(ValueLayout.JAVA_INT, BLOCK + PageLayout.MONITOR_INTERVAL_MS_OFFSET);
        final int miimonMs = page.get(ValueLayout.JAVA_INT, BLOCK + PageLayout.MIIMON_MS_OFFSET);
        final int arpMs = page.get(ValueLayout.JAVA_INT, BLOCK + PageLayout.ARP_INTERVAL_MS_OFFSET);
        final byte firstId = page.get(ValueLayout.JAVA_BYTE, FIRST_MEMBER);
        final byte lastFlags = page.get(ValueLayout.JAVA_BYTE, LAST_MEMBER_FLAGS);
        final long s2 = page.get(ValueLayout.JAVA_LONG, StressPage.SEQ_AT);
        if ((s1 & 1) != 0 || s1 != s2)
        {
            r.r1 = Verdict.RETRY;
            return;
        }
        final int v = (int)generation;
        final boolean same = changedNs == generation && heartbeatNs == generation && activeRaw == v &&
            monitorMs == v && miimonMs == v && arpMs == v && firstId == (byte)v && lastFlags == (byte)v;
        r.r1 = same ? v : Verdict.MIXED;
    }
}
