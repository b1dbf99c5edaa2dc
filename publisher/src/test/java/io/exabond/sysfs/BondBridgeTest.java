package io.exabond.sysfs;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.counters.CounterType;
import io.exabond.counters.CountersFileReader;
import io.exabond.counters.ExabondCounters;
import io.exabond.counters.ProcessCounters;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class BondBridgeTest
{
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void shouldPublishTheBondAsSysfsShowsIt(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path pagePath = root.resolve("page");

        try (BondBridge bridge = BondBridge.open(polling(tree, "bond0", pagePath).log(log::add));
            BondPage page = BondPage.open(pagePath))
        {
            assertEquals(GroupInfoEncoder.encode(true, 0, 0), page.groupInfoAcquire());
            final StatusSnapshot s = read(page);
            assertEquals("bond0", s.bondName());
            assertEquals(100, s.monitorIntervalMs());
            assertEquals(100, s.miimonMs());
            assertEquals(2, s.memberCount());
            assertEquals("eth3", s.memberIfname(1));
            assertEquals(0, s.memberExanicId(1));
            assertEquals(1, s.memberExanicPort(1));
            assertTrue(s.isMemberPrimary(0));
            assertTrue(s.isMemberActive(0));
            assertEquals(0, bridge.passes());
        }
    }

    @Test
    void shouldPublishAChangeOfActiveSlaveOnTheNextPass(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path pagePath = root.resolve("page");
        try (BondBridge bridge = BondBridge.open(polling(tree, "bond0", pagePath).log(log::add));
            BondPage page = BondPage.open(pagePath))
        {
            bridge.pass();
            assertEquals(0, read(page).generation());

            tree.setActive("bond0", "eth3");
            bridge.pass();

            assertEquals(GroupInfoEncoder.encode(true, 0, 1), page.groupInfoAcquire());
            assertEquals(1, read(page).generation());
            assertTrue(read(page).isMemberActive(1));
            assertTrue(log.get(log.size() - 1).contains("active slave of bond0: eth3 (exanic0:1), generation 1"),
                log.toString());
        }
    }

    @Test
    void shouldRefreshOnlyTheHeartbeatWhenNothingChanged(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path pagePath = root.resolve("page");
        try (BondBridge bridge = BondBridge.open(polling(tree, "bond0", pagePath).log(log::add));
            BondPage page = BondPage.open(pagePath))
        {
            final long heartbeat = read(page).heartbeatNs();
            Thread.sleep(2);
            bridge.pass();
            final StatusSnapshot s = read(page);
            assertTrue(s.heartbeatNs() > heartbeat);
            assertEquals(0, s.generation());
        }
    }

    @Test
    void shouldRepublishMembersAndLinksWhenTheyChange(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path pagePath = root.resolve("page");
        try (BondBridge bridge = BondBridge.open(polling(tree, "bond0", pagePath).log(log::add));
            BondPage page = BondPage.open(pagePath))
        {
            tree.enslave("bond0", "eth2", "eth3", "eth4").attribute("eth3", "bonding_slave/mii_status", "down\n")
                .attribute("bond0", "bonding/miimon", "20\n");
            bridge.pass();

            final StatusSnapshot s = read(page);
            assertEquals(3, s.memberCount());
            assertEquals("eth4", s.memberIfname(2));
            assertEquals(1, s.memberExanicId(2));
            assertFalse(s.isMemberLinkUp(1));
            assertEquals(20, s.monitorIntervalMs());
            assertEquals(0, s.generation(), "eth2 stayed active");
        }
    }

    @Test
    void shouldGiveOtherSlavesTheNoneIdAndTakeOverrides(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).enslave("bond0", "eth0", "eth2");
        final Path pagePath = root.resolve("page");
        try (BondBridge bridge = BondBridge.open(polling(tree, "bond0", pagePath)
            .memberIds(Map.of("eth2", new int[] {7, 3})).log(log::add)); BondPage page = BondPage.open(pagePath))
        {
            assertEquals(255, bridge.published().members().get(0).exanicId());
            final StatusSnapshot s = read(page);
            assertEquals(255, s.memberExanicId(0));
            assertEquals(255, s.memberExanicPort(0));
            assertEquals(7, s.memberExanicId(1));
            assertEquals(3, s.memberExanicPort(1));
            assertEquals(GroupInfoEncoder.encode(true, 255, 255), page.groupInfoAcquire());
        }
    }

    @Test
    void shouldSurviveTheBondDisappearingAndComingBack(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path pagePath = root.resolve("page");
        final Path saved = root.resolve("saved-bond0");
        try (BondBridge bridge = BondBridge.open(polling(tree, "bond0", pagePath).log(log::add));
            BondPage page = BondPage.open(pagePath))
        {
            Files.move(tree.net("bond0"), saved);
            bridge.pass();
            final long heartbeat = read(page).heartbeatNs();
            Thread.sleep(2);
            bridge.pass();

            assertFalse(GroupInfo.isActive(page.groupInfoAcquire()));
            assertEquals(0, GroupInfo.exanicPort(page.groupInfoAcquire()), "the last port stays");
            assertTrue(read(page).heartbeatNs() > heartbeat, "heartbeat stays fresh");
            assertTrue(log.stream().anyMatch(l -> l.contains("bond bond0 disappeared")), log.toString());

            Files.move(saved, tree.net("bond0"));
            tree.setActive("bond0", "eth3");
            bridge.pass();

            assertEquals(GroupInfoEncoder.encode(true, 0, 1), page.groupInfoAcquire());
            assertEquals(2, read(page).generation());
            assertTrue(log.stream().anyMatch(l -> l.contains("bond bond0 is back")), log.toString());
        }
    }

    @Test
    void shouldWarnOnceAboutASmartNicPortOfUnknownNumber(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).attribute("eth3", "dev_port", "\n");
        try (BondBridge bridge = BondBridge.open(polling(tree, "bond0", root.resolve("page")).log(log::add)))
        {
            bridge.pass();
            bridge.pass();
            assertEquals(1, log.stream().filter(l -> l.contains("--member eth3=ID:PORT")).count(), log.toString());
        }
    }

    @Test
    void shouldPublishAChangeWithinOnePassWhileRunning(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path pagePath = root.resolve("page");
        final long[] passesBeforePublishingPass = {-1};
        final BondBridge[] self = new BondBridge[1];
        try (BondBridge bridge = BondBridge.open(polling(tree, "bond0", pagePath).intervalMs(5).log(line ->
        {
            if (line.contains("active slave of bond0: eth3"))
            {
                // Called inside the publishing pass, before it counts itself.
                passesBeforePublishingPass[0] = self[0].passes();
            }
        })); BondPage page = BondPage.open(pagePath))
        {
            self[0] = bridge;
            final Thread runner = new Thread(bridge::run, "bridge-test");
            runner.start();
            while (bridge.passes() < 2)
            {
                Thread.sleep(1);
            }

            tree.setActive("bond0", "eth3");
            final long passesCompletedAfterChange = bridge.passes();
            while (page.groupInfoAcquire() != GroupInfoEncoder.encode(true, 0, 1))
            {
                Thread.sleep(1);
            }
            bridge.stop();
            runner.join(5_000);

            // At most one pass was under way when active_slave changed; it may have read the old value and the
            // next one publishes. Later passes would mean the bridge missed the change.
            assertTrue(passesBeforePublishingPass[0] >= 0);
            assertTrue(passesBeforePublishingPass[0] <= passesCompletedAfterChange + 1, "published by pass " +
                (passesBeforePublishingPass[0] + 1) + "; " + passesCompletedAfterChange + " passes were done " +
                "right after the change");
            assertFalse(runner.isAlive());
            final StatusSnapshot s = read(page);
            assertEquals(0, s.seq() & 1, "left consistent");
            assertEquals(1, s.generation());
        }
    }

    @Test
    void shouldRefuseABondThatDoesNotExist(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final BondManagementException e = org.junit.jupiter.api.Assertions.assertThrows(BondManagementException.class,
            () -> BondBridge.open(polling(tree, "bond9", root.resolve("page")).log(log::add)));
        assertTrue(e.getMessage().contains("no interface bond9"), e.getMessage());
        assertFalse(Files.exists(root.resolve("page")));
    }

    /**
     * @return a context for a bridge that polls a fake tree, as the tests of one pass want it.
     */
    @Test
    void shouldKeepItsPassesAndTermInCountersAnotherReaderMapsAndFreeThemOnClose(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path pagePath = root.resolve("page");
        final String key = pagePath.toString();
        try (ExabondCounters counters = ExabondCounters.create(root.resolve("counters")))
        {
            try (BondBridge bridge = BondBridge.open(polling(tree, "bond0", pagePath).counters(counters)
                .log(log::add)))
            {
                final long before = System.nanoTime();
                bridge.pass();
                tree.setActive("bond0", "eth3");
                bridge.pass();
                bridge.pass();

                // A read-only mapping of the file, as exabond stat or doctor in another process makes it.
                final ProcessCounters read = ProcessCounters.read(counters.file());
                assertEquals(CountersFileReader.Liveness.ALIVE, read.liveness());
                assertEquals(3L, read.value(CounterType.BRIDGE_PASSES, key));
                assertTrue(read.value(CounterType.BRIDGE_HEARTBEAT, key) - before > 0, "the last pass's time");
                assertEquals(0L, read.value(CounterType.BRIDGE_EVENT_DRIVEN, key));
                assertEquals(100L, read.value(CounterType.BRIDGE_INTERVAL, key));
                assertEquals(2000L, read.value(CounterType.BRIDGE_RESYNC, key));
                assertEquals(-1L, read.value(CounterType.BRIDGE_REACTION_MAX, key));
                assertEquals("bond0", read.counters().get(0).bond());
                assertEquals(new BridgeTerm(false, 100, 2000, 0, -1, -1, -1, ProcessHandle.current().pid()),
                    BridgeTerm.of(read, key));
            }
            assertEquals(List.of(), ProcessCounters.read(counters.file()).counters(),
                "another publisher of the page must not inherit the bridge's figures");
        }
    }

    static BridgeContext polling(final FakeSysfs tree, final String bond, final Path page)
    {
        return new BridgeContext().sysfs(tree.sysfs()).bondName(bond).page(page).eventDriven(false);
    }

    private static StatusSnapshot read(final BondPage page)
    {
        final StatusSnapshot snapshot = new StatusSnapshot();
        assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page.segment()).read(snapshot));
        return snapshot;
    }
}
