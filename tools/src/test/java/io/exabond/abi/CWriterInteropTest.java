package io.exabond.abi;

import io.exabond.publish.GroupInfoEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.cli.Exabond;
import io.exabond.cli.ExitCode;
import io.exabond.internal.LibC;
import io.exabond.json.StrictJson;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.page.PageLayout;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.PolledBond;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.profile.IdleStrategies;
import io.exabond.poller.StallReason;
import io.exabond.testing.Gcc;
import io.exabond.testing.CProcess;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Pages written by a C program that knows only ABI.md and the header ({@code src/test/c/interop_writer.c}) are
 * read by the Java side: the page API, the {@code status} command and the failover poller.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CWriterInteropTest
{
    private static final String BOND = "bond7";
    private static final int MIIMON_MS = 100;
    private static final int ARP_INTERVAL_MS = 250;
    /** Long, so that the heartbeat of a writer that has exited stays fresh while the test reads its page. */
    private static final int MONITOR_MS = 60_000;
    /**
     * Gaps between the C writer's failovers, one per attempt: several ms first; longer only after an attempt that
     * proved nothing because the machine left the poller thread unscheduled for longer than the gap.
     */
    private static final List<Long> GAPS_MS = List.of(5L, 10L, 20L, 40L, 80L);

    /** Distinct ids and ports so that a swap shows; the last member is no SmartNIC port and has no link. */
    private static final List<Fixture> MEMBERS = List.of(
        new Fixture("ens1f0", 2, 1, true, true),
        new Fixture("ens1f1", 2, 0, true, false),
        new Fixture("ens2f3", 5, 3, true, false),
        new Fixture("eth9", PageLayout.EXANIC_NONE, PageLayout.EXANIC_NONE, false, false));

    @TempDir
    Path temp;

    record Fixture(String ifname, int exanicId, int exanicPort, boolean linkUp, boolean primary)
    {
        String argument()
        {
            return ifname + ":" + exanicId + ":" + exanicPort + ":" + (linkUp ? 1 : 0) + ":" + (primary ? 1 : 0);
        }

        int raw()
        {
            return GroupInfoEncoder.encode(true, exanicId, exanicPort);
        }

        boolean isSmartNic()
        {
            return exanicId != PageLayout.EXANIC_NONE || exanicPort != PageLayout.EXANIC_NONE;
        }
    }

    record Seen(long generation, int previousGroupInfo, int groupInfo, long missed)
    {
    }

    record Run(List<Seen> seen, List<String> stalls, long missed, long maxPollIntervalNs, Throwable error)
    {
    }

    /** Runs the poller and records the longest time between two polls, to tell a lost failover from a lost CPU. */
    static final class TimedAgent implements Agent
    {
        private final FailoverPoller poller;
        private long lastNs;
        volatile long maxIntervalNs;

        TimedAgent(final FailoverPoller poller)
        {
            this.poller = poller;
        }

        public int doWork()
        {
            final long now = System.nanoTime();
            if (lastNs != 0 && now - lastNs > maxIntervalNs)
            {
                maxIntervalNs = now - lastNs;
            }
            lastNs = now;
            return poller.doWork();
        }

        public String roleName()
        {
            return poller.roleName();
        }
    }

    @Test
    void shouldReadPageOfCWriterWithPageApi() throws IOException
    {
        final Path path = writePage(0, 0);
        assertEquals(LibC.pageSize(), Files.size(path), "the C writer makes the file exactly one page long");

        try (BondPage page = BondPage.open(path))
        {
            assertEquals(LibC.pageSize(), page.size());
            final int raw = page.groupInfoAcquire();
            assertTrue(GroupInfo.isActive(raw));
            assertEquals(MEMBERS.get(0).exanicId(), GroupInfo.exanicId(raw));
            assertEquals(MEMBERS.get(0).exanicPort(), GroupInfo.exanicPort(raw));

            final StatusBlockReader reader = new StatusBlockReader(page.segment());
            final StatusSnapshot s = new StatusSnapshot();
            assertEquals(StatusBlockReader.Status.CONSISTENT, reader.read(s));
            assertNull(reader.problem());
            assertEquals(PageLayout.STATUS_VERSION, s.version());
            assertEquals(PageLayout.STATUS_BLOCK_SIZE, s.blockSize());
            assertEquals(0, s.seq());
            assertEquals(0, s.generation());
            assertEquals(raw, s.activeRaw());
            assertEquals(MONITOR_MS, s.monitorIntervalMs());
            assertEquals(MIIMON_MS, s.miimonMs());
            assertEquals(ARP_INTERVAL_MS, s.arpIntervalMs());
            assertEquals(BOND, s.bondName());
            assertEquals(s.changedNs(), s.heartbeatNs(), "created in one instant");
            final long age = System.nanoTime() - s.heartbeatNs();
            assertTrue(age >= 0 && age < TimeUnit.MILLISECONDS.toNanos(MONITOR_MS), "heartbeat_ns " + s.heartbeatNs() +
                " is not a recent CLOCK_MONOTONIC time (System.nanoTime() " + System.nanoTime() + ")");
            assertEquals(MEMBERS.size(), s.memberCount());
            for (int i = 0; i < MEMBERS.size(); i++)
            {
                final Fixture m = MEMBERS.get(i);
                assertEquals(m.ifname(), s.memberIfname(i), "member " + i);
                assertEquals(m.exanicId(), s.memberExanicId(i), "member " + i);
                assertEquals(m.exanicPort(), s.memberExanicPort(i), "member " + i);
                assertEquals(m.linkUp(), s.isMemberLinkUp(i), "member " + i);
                assertEquals(i == 0, s.isMemberActive(i), "member " + i);
                assertEquals(m.primary(), s.isMemberPrimary(i), "member " + i);
            }
        }
    }

    @Test
    void shouldShowPageOfCWriterInStatusCommand()
    {
        final Path path = writePage(0, 0);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final int exit = Exabond.execute(new PrintWriter(out), new PrintWriter(err),
            "status", "--page", path.toString(), "--json");

        assertEquals(ExitCode.OK, exit, () -> "stdout: " + out + "stderr: " + err);
        assertEquals("", err.toString());
        final JsonNode json = StrictJson.parse(out.toString());
        final Fixture active = MEMBERS.get(0);
        assertEquals("page file", json.get("kind").textValue());
        assertEquals(active.raw(), json.get("raw").intValue());
        assertTrue(json.get("active").booleanValue());
        assertEquals(active.exanicId(), json.get("exanic_id").intValue());
        assertEquals(active.exanicPort(), json.get("exanic_port").intValue());
        assertEquals("consistent", json.get("block").textValue());
        assertFalse(json.get("stalled").booleanValue());
        assertEquals(1, json.get("version").intValue());
        assertEquals(PageLayout.STATUS_BLOCK_SIZE, json.get("block_size").intValue());
        assertEquals(BOND, json.get("bond").textValue());
        assertEquals(0, json.get("generation").longValue());
        assertEquals(0, json.get("seq").longValue());
        assertEquals(active.raw(), json.get("active_raw").intValue());
        assertFalse(json.get("heartbeat_stale").booleanValue());
        assertEquals(MONITOR_MS, json.get("monitor_interval_ms").intValue());
        assertEquals(MIIMON_MS, json.get("miimon_ms").intValue());
        assertEquals(ARP_INTERVAL_MS, json.get("arp_interval_ms").intValue());
        assertEquals(MEMBERS.size(), json.get("members").size(), json.toString());
        for (int i = 0; i < MEMBERS.size(); i++)
        {
            final Fixture m = MEMBERS.get(i);
            final JsonNode member = json.get("members").get(i);
            assertEquals(m.ifname(), member.get("ifname").textValue(), "member " + i);
            assertEquals(m.exanicId(), member.get("exanic_id").intValue(), "member " + i);
            assertEquals(m.exanicPort(), member.get("exanic_port").intValue(), "member " + i);
            assertEquals(m.linkUp(), member.get("link_up").booleanValue(), "member " + i);
            assertEquals(i == 0, member.get("active").booleanValue(), "member " + i);
            assertEquals(m.primary(), member.get("primary").booleanValue(), "member " + i);
        }
    }

    @Test
    void shouldSeeEveryFailoverOfCWriterInOrder() throws InterruptedException
    {
        final int flips = 16;
        final List<Seen> expected = new ArrayList<>();
        int active = 0;
        for (int generation = 1; generation <= flips; generation++)
        {
            final int previous = active;
            do
            {
                active = (active + 1) % MEMBERS.size();
            }
            while (!MEMBERS.get(active).isSmartNic());
            expected.add(new Seen(generation, MEMBERS.get(previous).raw(), MEMBERS.get(active).raw(), 0));
        }
        FailoverPoller.warmUp(20_000);

        final List<String> stalls = new ArrayList<>();
        for (final long gapMs : GAPS_MS)
        {
            final long gapNs = TimeUnit.MILLISECONDS.toNanos(gapMs);
            final Run run = runFlippingWriter(temp.resolve("flipping-" + gapMs + ".page"), flips, gapNs);
            assertNull(run.error(), "the poller failed");
            assertTrue(run.stalls().isEmpty(), () -> "the poller saw a live C writer as stalled: " + run.stalls());
            if (run.missed() == 0 || run.maxPollIntervalNs() <= gapNs)
            {
                // A poller that polled at least once per gap cannot miss a failover: any miss here is a bug.
                assertEquals(0, run.missed(), () -> "failovers missed although the poller polled at least every " +
                    gapMs + " ms (at most " + run.maxPollIntervalNs() / 1000 + " us apart): " + run.seen());
                assertEquals(expected, run.seen(), "every failover of the C writer, in order, none missed");
                System.out.printf("C writer -> FailoverPoller: %d failovers %d ms apart, all seen in order%s; " +
                    "longest interval between polls %d us (System.nanoTime())%n", flips, gapMs,
                    stalls.isEmpty() ? "" : " (after " + stalls + ")", run.maxPollIntervalNs() / 1000);
                return;
            }
            // Two failovers fell between two polls because the machine did not run the poller for over a gap.
            stalls.add(run.missed() + " missed at " + gapMs + " ms gaps, poller not run for " +
                run.maxPollIntervalNs() / 1000 + " us");
        }
        fail("every attempt lost failovers because the machine left the poller thread unscheduled for longer " +
            "than the gap between failovers (too loaded to check): " + stalls);
    }

    private Run runFlippingWriter(final Path path, final int flips, final long gapNs) throws InterruptedException
    {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final List<String> stalls = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final AtomicLong accounted = new AtomicLong();
        final FailoverListener listener = new FailoverListener()
        {
            public void onFailover(final FailoverEvent event)
            {
                seen.add(new Seen(event.generation(), event.previousGroupInfo(), event.groupInfo(), event.missed()));
                accounted.addAndGet(1 + event.missed());
            }

            public void onMissedFailovers(final PolledBond bond, final long missed, final long generation)
            {
                accounted.addAndGet(missed);
            }

            public void onPublisherStalled(final PolledBond bond, final StallReason reason, final long heartbeatAgeNs)
            {
                stalls.add(reason + " heartbeat age " + heartbeatAgeNs + " ns");
            }
        };

        try (CProcess writer = CProcess.start(writerCommand(path, flips, (int)(gapNs / 1000))))
        {
            writer.awaitLine("ready", Duration.ofSeconds(30));
            try (BondPage page = BondPage.open(path))
            {
                final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                    .bond(BOND, page)
                    .listener(listener));
                assertEquals(0, poller.bond(0).lastGeneration(), "the poller starts from the page as created");
                final TimedAgent agent = new TimedAgent(poller);
                final AgentRunner runner = new AgentRunner(IdleStrategies.of("backoff"), error::set, null, agent);
                AgentRunner.startOnThread(runner);
                try
                {
                    writer.send("go");
                    assertEquals("done " + flips, writer.awaitLine("done", Duration.ofSeconds(60)));
                    writer.awaitSuccess(Duration.ofSeconds(10));
                    // Every failover is published once the writer exits; give the poller time to notice the last.
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (accounted.get() < flips && System.nanoTime() - deadline < 0 &&
                        error.get() == null)
                    {
                        Thread.sleep(1);
                    }
                }
                finally
                {
                    runner.close();
                }
                return new Run(List.copyOf(seen), List.copyOf(stalls), poller.missed(), agent.maxIntervalNs,
                    error.get());
            }
        }
    }

    private Path writePage(final int flips, final int gapUs)
    {
        final Path path = temp.resolve("c-written.page");
        Gcc.run(Duration.ofSeconds(30), writerCommand(path, flips, gapUs)).assertSuccess();
        return path;
    }

    private static List<String> writerCommand(final Path path, final int flips, final int gapUs)
    {
        final List<String> command = new ArrayList<>(List.of(Gcc.build("interop_writer").toString(), path.toString(),
            BOND, Integer.toString(MIIMON_MS), Integer.toString(ARP_INTERVAL_MS), Integer.toString(MONITOR_MS),
            Integer.toString(flips), Integer.toString(gapUs)));
        MEMBERS.forEach(m -> command.add(m.argument()));
        return command;
    }
}
