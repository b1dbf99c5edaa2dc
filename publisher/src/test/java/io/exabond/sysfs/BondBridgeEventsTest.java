package io.exabond.sysfs;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.counters.CounterType;
import io.exabond.counters.ExabondCounters;
import io.exabond.counters.ProcessCounters;
import io.exabond.netlink.CannedReceiver;
import io.exabond.netlink.LinkListener;
import io.exabond.netlink.NetlinkException;
import io.exabond.netlink.NetlinkMessages;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.testing.Gcc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static io.exabond.netlink.NetlinkMessages.IFLA_EVENT;
import static io.exabond.netlink.NetlinkMessages.RTM_DELLINK;
import static io.exabond.netlink.NetlinkMessages.RTM_NEWLINK;
import static io.exabond.netlink.NetlinkMessages.bondEvent;
import static io.exabond.netlink.NetlinkMessages.concat;
import static io.exabond.netlink.NetlinkMessages.ifname;
import static io.exabond.netlink.NetlinkMessages.link;
import static io.exabond.netlink.NetlinkMessages.slave;
import static io.exabond.netlink.NetlinkMessages.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event-driven bridge over canned netlink buffers ({@link CannedReceiver}): what it reacts to, and that it
 * reacts at once. The interval is long (10 s, so the resync is 10 s too) so that anything published within the
 * test's wait was published because of a message, not by a periodic pass.
 */
@Timeout(30)
class BondBridgeEventsTest
{
    private static final int LONG_INTERVAL_MS = 10_000;
    private static final int BOND_IFINDEX = 5;
    private static final int ENOBUFS = 105;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CannedReceiver receiver = new CannedReceiver();
    private Thread runner;
    private BondBridge bridge;
    private ExabondCounters counters;

    @AfterEach
    void stopBridge() throws InterruptedException
    {
        if (bridge != null)
        {
            bridge.stop();
            runner.join(5_000);
            assertFalse(runner.isAlive());
            bridge.close();
        }
        if (counters != null)
        {
            counters.close();
        }
    }

    @Test
    void shouldPublishAtOnceOnAFailoverBatch(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        try (BondPage page = start(tree, root, LONG_INTERVAL_MS))
        {
            assertTrue(bridge.eventDriven());
            tree.setActive("bond0", "eth3");
            receiver.offer(concat(slave(3, "eth2", BOND_IFINDEX), slave(4, "eth3", BOND_IFINDEX)))
                .offer(bondEvent(BOND_IFINDEX, "bond0", 3)).offer(bondEvent(BOND_IFINDEX, "bond0", 4));

            awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), 3_000);
            assertEquals(1, read(page).generation());
            awaitTrue(() -> bridge.eventPasses() >= 1, 3_000);
            assertEquals(0, bridge.resyncPasses());
        }
    }

    @Test
    void shouldKeepItsMeasuredReactionInItsCountersWhileItRunsAndFreeThemOnClose(@TempDir final Path root)
        throws Exception
    {
        final FakeSysfs tree = host(root);
        try (BondPage page = start(tree, root, LONG_INTERVAL_MS))
        {
            final BridgeTerm atStart = term(root);
            assertTrue(atStart.eventDriven());
            assertEquals(0, atStart.failovers());
            assertEquals(-1, atStart.maxNs());
            assertEquals(ProcessHandle.current().pid(), atStart.pid());
            assertEquals(BondBridge.resyncMs(LONG_INTERVAL_MS), atStart.resyncMs());

            tree.setActive("bond0", "eth3");
            receiver.offer(bondEvent(BOND_IFINDEX, "bond0", 3));
            awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), 3_000);

            // Published at most once a second while it runs: wait for the one after the failover.
            awaitTrue(() -> term(root).failovers() == 1, 3_000);
            final BridgeTerm measured = term(root);
            assertTrue(measured.measured());
            assertTrue(measured.p50Ns() > 0 && measured.p50Ns() == measured.maxNs(), measured.toString());
            assertEquals(measured.maxNs(), bridge.term().maxNs());
            awaitTrue(() -> bridge.eventPasses() >= 1, 3_000);
            final ProcessCounters read = ProcessCounters.read(counters.file());
            final String key = root.resolve("page").toString();
            assertEquals(bridge.passes(), read.value(CounterType.BRIDGE_PASSES, key));
            assertTrue(read.value(CounterType.BRIDGE_HEARTBEAT, key) > 0, "the last pass's time");
            assertEquals(0L, read.value(CounterType.BRIDGE_OVERRUNS, key));
        }
        bridge.stop();
        runner.join(5_000);
        bridge.close();
        bridge = null;
        assertNull(term(root), "another publisher of the page must not inherit the bridge's term");
        assertEquals(List.of(), ProcessCounters.read(counters.file()).counters());
    }

    @Test
    void shouldIgnoreMessagesOfOtherInterfaces(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        try (BondPage page = start(tree, root, LONG_INTERVAL_MS))
        {
            tree.setActive("bond0", "eth3");
            receiver.offer(slave(9, "eth9", 12)).offer(bondEvent(12, "bond1", 3)).offer(link(RTM_NEWLINK, 1,
                ifname("lo")));

            Thread.sleep(300);
            assertEquals(GroupInfoEncoder.encode(true, 0, 0), page.groupInfoAcquire(), "no pass was made");
            assertEquals(0, bridge.eventPasses());
        }
    }

    @Test
    void shouldReactToASlaveByItsMasterOrItsName(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        try (BondPage page = start(tree, root, LONG_INTERVAL_MS))
        {
            tree.setActive("bond0", "eth3");
            receiver.offer(link(RTM_NEWLINK, 44, u32(NetlinkMessages.IFLA_MASTER, BOND_IFINDEX)));
            awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), 3_000);

            tree.setActive("bond0", "eth2");
            receiver.offer(link(RTM_NEWLINK, 45, ifname("eth2")));
            awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 0), 3_000);
            assertEquals(2, read(page).generation());
        }
    }

    @Test
    void shouldPublishOnceForABurstOfMessagesAboutOneFailover(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        try (BondPage page = start(tree, root, LONG_INTERVAL_MS))
        {
            tree.setActive("bond0", "eth3");
            for (int i = 0; i < 50; i++)
            {
                receiver.offer(bondEvent(BOND_IFINDEX, "bond0", 3 + i % 4));
            }
            awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), 3_000);
            Thread.sleep(200);
            assertEquals(1, read(page).generation());
            assertEquals(1, log.stream().filter(l -> l.startsWith("active slave of bond0")).count(), log.toString());
        }
    }

    @Test
    void shouldPublishEveryFailoverOfASequenceInOrder(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        try (BondPage page = start(tree, root, LONG_INTERVAL_MS))
        {
            for (int i = 1; i <= 40; i++)
            {
                final int port = i % 2;
                tree.setActive("bond0", port == 1 ? "eth3" : "eth2");
                receiver.offer(bondEvent(BOND_IFINDEX, "bond0", 3));
                awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, port), 3_000);
            }
            assertEquals(40, read(page).generation());
            final List<String> published = log.stream().filter(l -> l.startsWith("active slave of bond0")).toList();
            assertEquals(40, published.size());
            for (int i = 0; i < published.size(); i++)
            {
                assertTrue(published.get(i).contains((i % 2 == 0 ? "eth3" : "eth2") + " (exanic0:" + (1 - i % 2) +
                    "), generation " + (i + 1)), published.get(i));
            }
        }
    }

    @Test
    void shouldRereadAtOnceAfterAnOverrunAndLogItOnce(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        try (BondPage page = start(tree, root, LONG_INTERVAL_MS))
        {
            tree.setActive("bond0", "eth3");
            receiver.fail(ENOBUFS);
            awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), 3_000);
            receiver.fail(ENOBUFS);
            awaitTrue(() -> bridge.overruns() == 2, 3_000);

            assertEquals(1, log.stream().filter(l -> l.contains("overran (ENOBUFS)")).count(), log.toString());
            assertTrue(bridge.eventDriven(), "an overrun does not end listening");
        }
    }

    @Test
    void shouldFollowTheBondDeletedAndCreatedAgainWithANewIndex(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        final Path saved = root.resolve("saved-bond0");
        try (BondPage page = start(tree, root, LONG_INTERVAL_MS))
        {
            Files.move(tree.net("bond0"), saved);
            receiver.offer(link(RTM_DELLINK, BOND_IFINDEX, ifname("bond0")));
            awaitTrue(() -> !GroupInfo.isActive(page.groupInfoAcquire()), 3_000);
            assertTrue(log.stream().anyMatch(l -> l.contains("bond bond0 disappeared")), log.toString());

            Files.move(saved, tree.net("bond0"));
            tree.attribute("bond0", "ifindex", "8\n");
            receiver.offer(link(RTM_NEWLINK, 8, ifname("bond0")));
            awaitTrue(() -> GroupInfo.isActive(page.groupInfoAcquire()), 3_000);

            tree.setActive("bond0", "eth3");
            receiver.offer(link(RTM_NEWLINK, BOND_IFINDEX, u32(IFLA_EVENT, 3)));
            Thread.sleep(200);
            assertEquals(GroupInfoEncoder.encode(true, 0, 0), page.groupInfoAcquire(), "the old index is not the bond");
            receiver.offer(link(RTM_NEWLINK, 8, u32(IFLA_EVENT, 3)));
            awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), 3_000);
        }
    }

    @Test
    void shouldRefreshTheHeartbeatEachIntervalWithoutReadingSysfs(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        try (BondPage page = start(tree, root, 20))
        {
            final long first = read(page).heartbeatNs();
            awaitTrue(() -> read(page).heartbeatNs() > first, 3_000);
            final long second = read(page).heartbeatNs();
            awaitTrue(() -> read(page).heartbeatNs() > second, 3_000);
            assertEquals(0, bridge.passes(), "heartbeats only, until the resync after " + BondBridge.RESYNC_MS +
                " ms");
        }
    }

    @Test
    void shouldPollFromThenOnWhenReceivingFails(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        try (BondPage page = start(tree, root, 20))
        {
            receiver.fail(9);
            awaitTrue(() -> !bridge.eventDriven(), 3_000);
            assertTrue(receiver.closed());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("warning: receiving from rtnetlink failed (errno 9)")),
                log.toString());

            tree.setActive("bond0", "eth3");
            awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), 3_000);
            // Doctor and profile must not count an event-driven reaction for a bridge that now polls.
            awaitTrue(() -> !term(root).eventDriven(), 3_000);
        }
    }

    @Test
    void shouldSayOnceWhyItPollsWhenNetlinkIsRefused(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        final Path pagePath = root.resolve("page");
        bridge = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("bond0").page(pagePath)
            .intervalMs(20).listenerOpener(() ->
            {
                throw new NetlinkException("socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)", 1);
            }).log(log::add));
        runner = new Thread(bridge::run, "bridge-events-test");
        runner.start();
        try (BondPage page = BondPage.open(pagePath))
        {
            assertFalse(bridge.eventDriven());
            tree.setActive("bond0", "eth3");
            awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), 3_000);
            final List<String> warnings = log.stream().filter(l -> l.startsWith("warning: cannot listen")).toList();
            assertEquals(List.of("warning: cannot listen to rtnetlink (socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, " +
                "NETLINK_ROUTE) failed: EPERM (Operation not permitted)), as in another network namespace or under " +
                "a seccomp policy; polling sysfs once per interval instead"), warnings);
        }
    }

    @Test
    void shouldPollATestTreeAtItsIntervalAndSaySoOnce(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = host(root);
        final Path pagePath = root.resolve("page");
        counters = ExabondCounters.create(root.resolve("counters"));
        bridge = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("bond0").page(pagePath)
            .intervalMs(20).counters(counters).log(log::add));
        runner = new Thread(bridge::run, "bridge-events-test");
        runner.start();
        try (BondPage page = BondPage.open(pagePath))
        {
            assertFalse(bridge.eventDriven(), "no rtnetlink message tells of a test tree");
            tree.setActive("bond0", "eth3");
            awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), 10_000);
            awaitTrue(() -> bridge.passes() >= 5, 10_000);
            assertEquals(0, bridge.resyncPasses(), "passes at its interval, not full re-reads of an event loop");
            assertEquals(0, bridge.eventPasses());
            assertEquals(List.of("note: " + tree.sysfs().root() + " is not the kernel's sysfs, so no rtnetlink " +
                "message tells of its bonds: polling it every 20 ms instead"),
                log.stream().filter(l -> l.startsWith("note:")).toList());
            assertFalse(term(root).eventDriven(), "its term is its interval");
            assertEquals(20, term(root).intervalMs());
        }
    }

    @Test
    void shouldListenOnTheRealSocketWhenAskedForEvents(@TempDir final Path root)
    {
        final FakeSysfs tree = host(root);
        try (BondBridge real = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("bond0")
            .page(root.resolve("page")).listenerOpener(LinkListener::open).log(log::add)))
        {
            Assumptions.assumeTrue(real.eventDriven(), () -> "netlink is not available here: " + log);
            assertEquals(List.of(), log, "nothing to say when it listens");
        }
    }

    /**
     * End to end on this host's kernel: a fake tree whose bond is called {@code lo} (index 1), so that the kernel's
     * RTM_NEWLINK for the real loopback, made by changing its MTU, is a message for the bond. The bridge must not
     * publish the fake failover before the message, and must publish it at once after (the interval and the
     * resync are 10 s). Needs root; lo's MTU is put back.
     */
    @Test
    void shouldPublishAtOnceOnARealKernelMessage(@TempDir final Path root) throws Exception
    {
        Assumptions.assumeTrue(isRoot(), "not root: changing lo's MTU to make the kernel send RTM_NEWLINK needs it");
        final Path lo = Path.of("/sys/class/net/lo");
        Assumptions.assumeTrue(Files.isDirectory(lo), "no " + lo);
        final String mtu = Files.readString(lo.resolve("mtu")).trim();
        final FakeSysfs tree = FakeSysfs.standardHost(root).activeBackup("lo", FakeSysfs.ETH2_MAC)
            .enslave("lo", "eth2", "eth3").setActive("lo", "eth2")
            .attribute("lo", "ifindex", Files.readString(lo.resolve("ifindex")));
        final Path pagePath = root.resolve("page");
        bridge = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("lo").page(pagePath)
            .intervalMs(LONG_INTERVAL_MS).listenerOpener(LinkListener::open).log(log::add));
        Assumptions.assumeTrue(bridge.eventDriven(), () -> "netlink is not available here: " + log);
        runner = new Thread(bridge::run, "bridge-events-test");
        runner.start();
        try (BondPage page = BondPage.open(pagePath))
        {
            tree.setActive("lo", "eth3");
            Thread.sleep(300);
            assertEquals(GroupInfoEncoder.encode(true, 0, 0), page.groupInfoAcquire(), "nothing said it yet");
            final long start = System.nanoTime();
            try
            {
                ip("link", "set", "lo", "mtu", Integer.toString(Integer.parseInt(mtu) - 1));
                awaitTrue(() -> page.groupInfoAcquire() == GroupInfoEncoder.encode(true, 0, 1), 3_000);
            }
            finally
            {
                ip("link", "set", "lo", "mtu", mtu);
            }
            final long tookMs = (System.nanoTime() - start) / 1_000_000;
            awaitTrue(() -> bridge.eventPasses() >= 1, 3_000);
            assertEquals(0, bridge.resyncPasses());
            System.out.println("BondBridgeEventsTest: from starting `ip link set lo mtu` (a process) to word 0 " +
                "on the page: " + tookMs + " ms");
        }
        assertEquals(mtu, Files.readString(lo.resolve("mtu")).trim(), "lo's MTU restored");
    }

    private static boolean isRoot() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
        {
            if (line.startsWith("Uid:"))
            {
                return "0".equals(line.substring(4).trim().split("\\s+")[1]);
            }
        }
        return false;
    }

    private static void ip(final String... arguments)
    {
        final List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        Gcc.run(Duration.ofSeconds(20), command).assertSuccess();
    }

    private static FakeSysfs host(final Path root)
    {
        return FakeSysfs.standardHost(root).attribute("bond0", "ifindex", BOND_IFINDEX + "\n");
    }

    private BondPage start(final FakeSysfs tree, final Path root, final int intervalMs)
    {
        final Path pagePath = root.resolve("page");
        final LinkListener listener = new LinkListener(receiver);
        counters = ExabondCounters.create(root.resolve("counters"));
        bridge = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("bond0").page(pagePath)
            .intervalMs(intervalMs).listenerOpener(() -> listener).counters(counters).log(log::add));
        runner = new Thread(bridge::run, "bridge-events-test");
        runner.start();
        return BondPage.open(pagePath);
    }

    /**
     * The bridge's term as {@code doctor} and {@code profile} find it: in the counters of the live processes.
     */
    private static BridgeTerm term(final Path root)
    {
        final List<Finding> findings = new ArrayList<>();
        final BridgeTerm term = BridgeTerm.readForBudget(root.resolve("counters"), root.resolve("page"), "bond0",
            findings::add);
        assertEquals(List.of(), findings);
        return term;
    }

    private static void awaitTrue(final BooleanSupplier condition, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadline < 0, "not within " + timeoutMs + " ms");
            Thread.sleep(1);
        }
    }

    private static StatusSnapshot read(final BondPage page)
    {
        final StatusSnapshot snapshot = new StatusSnapshot();
        assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page.segment()).read(snapshot));
        return snapshot;
    }
}
