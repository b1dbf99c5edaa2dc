package io.exabond.stress.proof;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.publish.PagePublisher;
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
 * The real {@link PagePublisher} against the real reader: every field a failover rewrites differs between two
 * consecutive writes (generation, active_raw, the members' active flags, changed_ns and heartbeat_ns, which one
 * write sets to the same instant), so a snapshot mixing two writes breaks one of the invariants checked here.
 */
@JCStressTest
@Outcome(id = {"0", "1", "2"}, expect = ACCEPTABLE, desc = "a consistent snapshot of that generation")
@Outcome(id = "-2", expect = ACCEPTABLE_INTERESTING, desc = "a write overlapped the copy and tryRead refused it")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "tryRead accepted a snapshot that mixes two writes")
@State
public class PublisherSnapshotTest
{
    private static final int RAW_0 = GroupInfoEncoder.encode(true, 0, 0);
    private static final int RAW_1 = GroupInfoEncoder.encode(true, 0, 1);

    private final MemorySegment page = StressPage.allocate();
    private final PagePublisher publisher = PagePublisher.inMemory(page, StressPage.bond(2), 0);
    private final StatusBlockReader reader = new StatusBlockReader(page);
    private final StatusSnapshot snapshot = new StatusSnapshot();

    /**
     * Two failovers: generation 1 on member 1, generation 2 back on member 0.
     */
    @Actor
    public void publisher()
    {
        publisher.publishActive(1);
        publisher.publishActive(0);
    }

    /**
     * One attempt of the real reader.
     *
     * @param r the generation of a consistent snapshot, or a verdict.
     */
    @Actor
    public void reader(final I_Result r)
    {
        if (!reader.tryRead(snapshot))
        {
            r.r1 = Verdict.RETRY;
            return;
        }
        final long generation = snapshot.generation();
        final int active = (int)(generation & 1);
        final boolean consistent = snapshot.activeRaw() == (active == 0 ? RAW_0 : RAW_1) &&
            snapshot.changedNs() == snapshot.heartbeatNs() &&
            snapshot.memberCount() == 2 &&
            snapshot.isMemberActive(active) && !snapshot.isMemberActive(1 - active);
        r.r1 = consistent ? (int)generation : Verdict.MIXED;
    }
}
