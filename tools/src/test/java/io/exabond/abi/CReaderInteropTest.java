package io.exabond.abi;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.cli.Exabond;
import io.exabond.cli.ExitCode;
import io.exabond.internal.LibC;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.page.PageLayout;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sim.BondSimulator;
import io.exabond.testing.Gcc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages written by the Java side (the publisher, the simulator, the {@code simulate} command) are read by a C
 * program that knows only ABI.md and the header ({@code src/test/c/interop_reader.c}), which must find exactly
 * what was published, also while the simulator fails over under it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CReaderInteropTest
{
    /** Distinct ids, ports and intervals, so that a swapped field shows. */
    private static final BondDescription BOND = new BondDescription("bond3", 35, 40, 300, List.of(
        new Member("ens1f0", 2, 1, true, true),
        new Member("ens1f1", 2, 0, true, false),
        new Member("ens2f3", 5, 3, false, false),
        new Member("eth9", PageLayout.EXANIC_NONE, PageLayout.EXANIC_NONE, true, false)));

    private static final BondDescription SIMULATED = new BondDescription("sim5", 20, 20, 0, List.of(
        new Member("exa0", 0, 1, true, true),
        new Member("exa1", 1, 0, true, false),
        new Member("exa2", 3, 2, true, false)));

    @TempDir
    Path temp;

    @Test
    void shouldReadWhatJavaPublisherPublished()
    {
        final Path path = temp.resolve("published.page");
        try (PagePublisher publisher = PagePublisher.create(path, BOND, 1))
        {
            publisher.publishActive(2);
            publisher.publishLink(0, false);
            publisher.publishActive(0);
            publisher.heartbeat();

            final Map<String, String> c = readWithC(path);
            final StatusSnapshot java = readWithJava(path);
            assertEquals(expected(publisher, java), c, "the C reader's view of the page vs what Java published");
            assertEquals("2", c.get("generation"));
        }
    }

    @Test
    void shouldReadNoActiveSlaveWithLastSlaveKept()
    {
        final Path path = temp.resolve("none-active.page");
        try (PagePublisher publisher = PagePublisher.create(path, BOND, 2))
        {
            publisher.publishActive(-1);

            final Map<String, String> c = readWithC(path);
            assertEquals(expected(publisher, readWithJava(path)), c);
            assertEquals("0", c.get("active"), "word 0 has no ACTIVE flag");
            assertEquals(Integer.toString(BOND.members().get(2).exanicId()), c.get("exanic_id"), "last slave kept");
            assertEquals(Integer.toString(BOND.members().get(2).exanicPort()), c.get("exanic_port"), "last slave kept");
        }
    }

    @Test
    void shouldReadPageWithoutBlockAsKernelPage() throws IOException
    {
        final int raw = GroupInfoEncoder.encode(true, 4, 1);
        final Path path = temp.resolve("kernel.page");
        final ByteBuffer page = ByteBuffer.allocate((int)LibC.pageSize()).order(ByteOrder.LITTLE_ENDIAN);
        page.putInt(0, raw);
        Files.write(path, page.array());

        final Map<String, String> expected = new LinkedHashMap<>();
        expected.put("raw", Integer.toUnsignedString(raw));
        expected.put("active", "1");
        expected.put("exanic_id", "4");
        expected.put("exanic_port", "1");
        expected.put("block", "none");
        assertEquals(expected, readWithC(path));

        expected.put("raw", "0");
        expected.put("active", "0");
        expected.put("exanic_id", "0");
        expected.put("exanic_port", "0");
        assertEquals(expected, readWithC(Path.of("/dev/zero")), "a character device that maps all zero");
    }

    @Test
    void shouldReportStalledPublisherWhenSeqStaysOdd() throws IOException
    {
        final Path path = temp.resolve("stalled.page");
        try (PagePublisher publisher = PagePublisher.create(path, BOND, 0))
        {
            publisher.heartbeat();
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            final ByteBuffer odd = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 7);
            channel.write(odd, PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET);
        }

        final Gcc.Result result = Gcc.run(Duration.ofSeconds(30),
            List.of(Gcc.build("interop_reader").toString(), path.toString(), "1", "0", "50"));
        assertEquals(ExitCode.STALLED, result.exitCode(), () -> result.describe("should exit 3"));
        final Map<String, String> c = snapshots(result.stdout()).get(0);
        assertEquals("stalled", c.get("block"));
        assertTrue(Long.parseLong(c.get("odd_spins")) > 0, "it waited for seq to turn even before giving up");
    }

    @Test
    void shouldReadPageOfSimulateCommandAsJavaReaderDoes()
    {
        final Path path = temp.resolve("simulate.page");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = Exabond.execute(new PrintWriter(out), new PrintWriter(err), "simulate", "--page",
            path.toString(), "--bond", "sim9", "--members", "exanic0:0,exanic0:1,exanic3:2", "--flips", "5",
            "--gap-us", "10-20", "--miimon-ms", "50", "--arp-interval-ms", "400", "--quiet");
        assertEquals(ExitCode.OK, exit, () -> "simulate failed: " + err);

        final Map<String, String> c = readWithC(path);
        final StatusSnapshot java = readWithJava(path);
        final int raw;
        try (BondPage page = BondPage.open(path))
        {
            raw = page.groupInfoAcquire();
        }
        assertEquals(javaView(raw, java), c, "the C reader's view vs the Java reader's view of a simulate page");
        assertEquals("5", c.get("generation"));
        assertEquals("sim9", c.get("bond_name"));
        assertEquals("exanic3p2", c.get("member.2.ifname"));
    }

    @Test
    void shouldReadOnlyConsistentSnapshotsWhileSimulatorFailsOver() throws InterruptedException
    {
        final Path path = temp.resolve("running.page");
        final int maxFlips = 200_000;
        final int[] rawOfGeneration = new int[maxFlips + 1];
        final AtomicLong generation = new AtomicLong();
        final List<Map<String, String>> seen;
        final long lastGeneration;
        try (PagePublisher publisher = PagePublisher.create(path, SIMULATED, 0))
        {
            rawOfGeneration[0] = publisher.groupInfo();
            final BondSimulator simulator = new BondSimulator(publisher, maxFlips, 1_000, 20_000, 7);
            final Thread thread = new Thread(() -> simulator.run(g ->
            {
                rawOfGeneration[(int)g] = publisher.groupInfo();
                generation.set(g);
            }), "simulator");
            thread.start();
            try
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (generation.get() == 0 && System.nanoTime() - deadline < 0)
                {
                    Thread.sleep(1);
                }
                final Gcc.Result result = Gcc.run(Duration.ofSeconds(60),
                    List.of(Gcc.build("interop_reader").toString(), path.toString(), "2000", "20", "1000"));
                result.assertSuccess();
                seen = snapshots(result.stdout());
            }
            finally
            {
                simulator.stop();
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertTrue(!thread.isAlive(), "the simulator did not stop");
            lastGeneration = generation.get();
        }

        assertEquals(2000, seen.size());
        long previous = 0;
        long oddSpins = 0;
        long tornCopies = 0;
        final TreeSet<Long> generations = new TreeSet<>();
        for (int i = 0; i < seen.size(); i++)
        {
            final Map<String, String> s = seen.get(i);
            final String where = "snapshot " + i + " " + s;
            assertEquals("consistent", s.get("block"), where);
            final long g = Long.parseLong(s.get("generation"));
            assertTrue(g >= previous && g <= lastGeneration, "generations go forward: " + where);
            assertEquals(0, Long.parseLong(s.get("seq")) & 1, "an even seq: " + where);
            final int activeRaw = Integer.parseUnsignedInt(s.get("active_raw"));
            assertEquals(rawOfGeneration[(int)g], activeRaw, "active_raw of generation " + g + ": " + where);
            assertTrue(Long.parseLong(s.get("changed_ns")) <= Long.parseLong(s.get("heartbeat_ns")), where);
            assertEquals("1", s.get("active"), where);
            final Map<String, String> fixed = new LinkedHashMap<>(s);
            fixed.keySet().removeAll(List.of("raw", "exanic_id", "exanic_port", "seq", "generation", "changed_ns",
                "heartbeat_ns", "active_raw", "odd_spins", "torn_copies"));
            assertEquals(fixedFields(SIMULATED, activeRaw), fixed, "fields of " + where);
            previous = g;
            oddSpins += Long.parseLong(s.get("odd_spins"));
            tornCopies += Long.parseLong(s.get("torn_copies"));
            generations.add(g);
        }
        assertTrue(generations.size() >= 2, "the simulator published while the C reader read, so it should see " +
            "more than one generation: " + generations);
        System.out.printf("Java simulator -> C reader: %d snapshots, all consistent, %d generations seen (%d..%d of " +
            "%d published); seq found odd %d times, %d torn copies thrown away%n", seen.size(), generations.size(),
            generations.first(), generations.last(), lastGeneration, oddSpins, tornCopies);
    }

    /** What the C reader should print for a page of this publisher; seq and times from the Java reader. */
    private static Map<String, String> expected(final PagePublisher publisher, final StatusSnapshot java)
    {
        final int raw = publisher.groupInfo();
        final Map<String, String> expected = new LinkedHashMap<>();
        word0(expected, raw);
        expected.put("block", "consistent");
        expected.put("version", Integer.toString(PageLayout.STATUS_VERSION));
        expected.put("block_size", Integer.toString(PageLayout.STATUS_BLOCK_SIZE));
        expected.put("seq", Long.toString(java.seq()));
        expected.put("generation", Long.toString(publisher.generation()));
        expected.put("changed_ns", Long.toString(java.changedNs()));
        expected.put("heartbeat_ns", Long.toString(java.heartbeatNs()));
        expected.put("active_raw", Integer.toUnsignedString(raw));
        final BondDescription bond = publisher.bond();
        expected.put("monitor_interval_ms", Integer.toString(bond.monitorIntervalMs()));
        expected.put("miimon_ms", Integer.toString(bond.miimonMs()));
        expected.put("arp_interval_ms", Integer.toString(bond.arpIntervalMs()));
        final List<Member> members = publisher.members();
        expected.put("member_count", Integer.toString(members.size()));
        expected.put("bond_name", bond.bondName());
        for (int i = 0; i < members.size(); i++)
        {
            final Member m = members.get(i);
            final int flags = (i == publisher.activeIndex() ? PageLayout.MEMBER_FLAG_ACTIVE : 0) |
                (m.primary() ? PageLayout.MEMBER_FLAG_PRIMARY : 0);
            member(expected, i, m.ifname(), m.exanicId(), m.exanicPort(), m.linkUp(), flags);
        }
        expected.put("odd_spins", "0");
        expected.put("torn_copies", "0");
        return expected;
    }

    /** The Java reader's view of a page, in the C reader's words. */
    private static Map<String, String> javaView(final int raw, final StatusSnapshot s)
    {
        final Map<String, String> view = new LinkedHashMap<>();
        word0(view, raw);
        view.put("block", "consistent");
        view.put("version", Integer.toString(s.version()));
        view.put("block_size", Integer.toString(s.blockSize()));
        view.put("seq", Long.toString(s.seq()));
        view.put("generation", Long.toString(s.generation()));
        view.put("changed_ns", Long.toString(s.changedNs()));
        view.put("heartbeat_ns", Long.toString(s.heartbeatNs()));
        view.put("active_raw", Integer.toUnsignedString(s.activeRaw()));
        view.put("monitor_interval_ms", Integer.toString(s.monitorIntervalMs()));
        view.put("miimon_ms", Integer.toString(s.miimonMs()));
        view.put("arp_interval_ms", Integer.toString(s.arpIntervalMs()));
        view.put("member_count", Integer.toString(s.memberCount()));
        view.put("bond_name", s.bondName());
        for (int i = 0; i < s.memberCount(); i++)
        {
            member(view, i, s.memberIfname(i), s.memberExanicId(i), s.memberExanicPort(i), s.isMemberLinkUp(i),
                s.memberFlags(i));
        }
        view.put("odd_spins", "0");
        view.put("torn_copies", "0");
        return view;
    }

    /** The fields of a snapshot of the simulated bond that only the active slave decides. */
    private static Map<String, String> fixedFields(final BondDescription bond, final int activeRaw)
    {
        final Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("active", "1");
        fixed.put("block", "consistent");
        fixed.put("version", Integer.toString(PageLayout.STATUS_VERSION));
        fixed.put("block_size", Integer.toString(PageLayout.STATUS_BLOCK_SIZE));
        fixed.put("monitor_interval_ms", Integer.toString(bond.monitorIntervalMs()));
        fixed.put("miimon_ms", Integer.toString(bond.miimonMs()));
        fixed.put("arp_interval_ms", Integer.toString(bond.arpIntervalMs()));
        fixed.put("member_count", Integer.toString(bond.members().size()));
        fixed.put("bond_name", bond.bondName());
        for (int i = 0; i < bond.members().size(); i++)
        {
            final Member m = bond.members().get(i);
            final boolean active = GroupInfoEncoder.encode(true, m.exanicId(), m.exanicPort()) == activeRaw;
            member(fixed, i, m.ifname(), m.exanicId(), m.exanicPort(), m.linkUp(),
                (active ? PageLayout.MEMBER_FLAG_ACTIVE : 0) | (m.primary() ? PageLayout.MEMBER_FLAG_PRIMARY : 0));
        }
        return fixed;
    }

    private static void word0(final Map<String, String> into, final int raw)
    {
        into.put("raw", Integer.toUnsignedString(raw));
        into.put("active", GroupInfo.isActive(raw) ? "1" : "0");
        into.put("exanic_id", Integer.toString(GroupInfo.exanicId(raw)));
        into.put("exanic_port", Integer.toString(GroupInfo.exanicPort(raw)));
    }

    private static void member(final Map<String, String> into, final int i, final String ifname, final int id,
        final int port, final boolean linkUp, final int flags)
    {
        into.put("member." + i + ".ifname", ifname);
        into.put("member." + i + ".exanic_id", Integer.toString(id));
        into.put("member." + i + ".exanic_port", Integer.toString(port));
        into.put("member." + i + ".link_up", linkUp ? "1" : "0");
        into.put("member." + i + ".flags", Integer.toString(flags));
    }

    private static Map<String, String> readWithC(final Path path)
    {
        final Gcc.Result result = Gcc.run(Duration.ofSeconds(30),
            List.of(Gcc.build("interop_reader").toString(), path.toString())).assertSuccess();
        final List<Map<String, String>> snapshots = snapshots(result.stdout());
        assertEquals(1, snapshots.size(), result.stdout());
        return snapshots.get(0);
    }

    private static StatusSnapshot readWithJava(final Path path)
    {
        try (BondPage page = BondPage.open(path))
        {
            final StatusSnapshot snapshot = new StatusSnapshot();
            assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page.segment()).read(snapshot));
            return snapshot;
        }
    }

    /** Splits the C reader's output at its "snapshot N" lines. */
    private static List<Map<String, String>> snapshots(final String output)
    {
        final List<Map<String, String>> snapshots = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        for (final String line : output.split("\n"))
        {
            if (line.startsWith("snapshot "))
            {
                if (!snapshots.isEmpty() || current.length() > 0)
                {
                    snapshots.add(Gcc.keyValues(current.toString()));
                }
                assertEquals("snapshot " + snapshots.size(), line, "snapshots are numbered in order");
                current.setLength(0);
            }
            else
            {
                current.append(line).append('\n');
            }
        }
        if (!output.isEmpty())
        {
            snapshots.add(Gcc.keyValues(current.toString()));
        }
        return snapshots;
    }
}
