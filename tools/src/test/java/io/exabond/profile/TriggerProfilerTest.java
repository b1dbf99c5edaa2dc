package io.exabond.profile;

import io.exabond.counters.ProcessCounters;
import io.exabond.counters.ExabondCounters;
import io.exabond.counters.CounterType;
import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.json.StrictJson;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sysfs.BondBridge;
import io.exabond.sysfs.BridgeContext;
import io.exabond.sysfs.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trigger profile on fake hosts ({@link FakeSysfs}): the bond's {@code active_slave} is a file the profiler
 * writes, a publisher follows it into a page (the fake exasock driver's monitor, {@link FollowingExasock}, or the
 * real bridge polling the fake tree), and a fake bonding driver answers links taken down ({@link FakeBondingLinks}).
 * What is checked is what the profiler does with the bond, never how fast: the timeouts are minutes.
 */
@Timeout(180)
class TriggerProfilerTest
{
    /** Long enough that no failover times out on a loaded machine: these tests count, they do not time. */
    private static final long TIMEOUT_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldTimeEachFailoverOfAKernelPageToTheListenerAndPutTheFirstSlaveBack() throws IOException
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("host")).exasock("bond0");
        final TriggerResult result;
        try (FollowingExasock exasock = new FollowingExasock(host))
        {
            result = profiler(host, exasock.node(), TriggerKind.ACTIVE_SLAVE, 7, TIMEOUT_MS, null).run();
        }

        assertEquals(9, result.made(), "2 warm-up + 7 measured");
        assertEquals(7, result.seen() + result.timeouts());
        assertEquals(2, result.warmupSeen() + result.warmupTimeouts());
        assertFalse(result.hasBlock(), "a kernel page");
        assertEquals(result.seen(), count(result, TriggerSeries.TO_LISTENER));
        assertEquals(result.seen(), count(result, TriggerSeries.TO_WORD0_SEEN));
        assertEquals(result.seen(), count(result, TriggerSeries.TRIGGER_CALL));
        assertEquals(result.seen(), count(result, TriggerSeries.WORD0_SEEN_TO_LISTENER));
        assertEquals(0, count(result, TriggerSeries.TO_PUBLISH), "a kernel page has no publisher time");
        assertEquals(List.of("made eth2 the active slave of bond0 again (it was eth3)"), result.restored(),
            "nine failovers from eth2 end on eth3");
        assertEquals("eth2\n", activeSlave(host));

        final JsonNode summary = report(result);
        final JsonNode trigger = summary.get("trigger");
        assertEquals("active-slave", trigger.get("kind").textValue());
        assertEquals(7, trigger.get("asked").intValue());
        assertEquals(result.seen(), trigger.get("trigger_to_listener_ns").get("count").longValue());
        assertTrue(trigger.get("trigger_share_ns").get("p50").isNumber());
        assertEquals(6, trigger.get("chain").size());
        assertTrue(trigger.get("chain").get(3).get("measured_ns").isNull(), "the poll delay cannot be measured " +
            "apart on a kernel page");
        assertEquals(List.of("trigger_within_budget", "trigger_timeouts"), names(summary.get("goals")));
        assertEquals("active-slave", summary.get("strategies").get(0).get("name").textValue());
        assertTrue(summary.get("floor").get("one_way_ns").doubleValue() == 0, "no floor measured");
        assertTrue(Files.exists(dir.resolve("out").resolve("active-slave.hgrm")), "the first series, plain");
        final String html = Files.readString(dir.resolve("out").resolve("report.html"));
        assertTrue(html.contains("The chain, beside doctor's prediction"), "the chain in report.html");
        assertTrue(html.contains("made eth2 the active slave of bond0 again"), "what was put back");
    }

    @Test
    void shouldKeepThePublishersOwnTimeBesideOnABridgesPage() throws Exception
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("host"));
        final Path page = dir.resolve("exabond-bond0");
        final TriggerResult result;
        final Path countersDir = dir.resolve("counters");
        try (ExabondCounters counters = ExabondCounters.create(countersDir);
            BondBridge bridge = BondBridge.open(new BridgeContext().sysfs(host.sysfs()).bondName("bond0").page(page)
                .intervalMs(2).counters(counters).log(line -> { })))
        {
            final Thread running = new Thread(bridge::run, "bridge");
            running.start();
            System.setProperty(ExabondCounters.DIRECTORY_PROPERTY, countersDir.toString());
            try
            {
                // The bridge keeps its term in its counters once it runs; doctor's budget reads it there.
                while (ProcessCounters.read(counters.file()).value(CounterType.BRIDGE_INTERVAL,
                    page.toAbsolutePath().toString()) == null)
                {
                    Thread.sleep(5);
                }
                result = profiler(host, page, TriggerKind.ACTIVE_SLAVE, 4, TIMEOUT_MS, null).run();
            }
            finally
            {
                System.clearProperty(ExabondCounters.DIRECTORY_PROPERTY);
                bridge.stop();
                running.join();
            }
        }

        assertTrue(result.hasBlock());
        assertEquals(4, result.seen() + result.timeouts());
        assertTrue(count(result, TriggerSeries.TO_PUBLISH) >= 1 &&
            count(result, TriggerSeries.TO_PUBLISH) <= result.seen(), "changed_ns of the changes paired with the " +
            "block: " + count(result, TriggerSeries.TO_PUBLISH) + " of " + result.seen());
        assertEquals(count(result, TriggerSeries.TO_PUBLISH), count(result, TriggerSeries.PUBLISH_TO_WORD0_SEEN));
        assertTrue(result.publisher().contains("polling sysfs every 2 ms"), result.publisher());
        assertEquals(2, (int)result.budget().publisherTermMs(), "doctor's term: the polling bridge's interval");
        assertTrue(result.restored().isEmpty(), "2 + 4 failovers end on eth2: " + result.restored());
    }

    @Test
    void shouldTakeTheActiveSlavesLinkDownAndBringItUpAgainForEachFailover() throws IOException
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("host")).exasock("bond0");
        final FakeBondingLinks links = new FakeBondingLinks(host, "bond0");
        final TriggerResult result;
        try (FollowingExasock exasock = new FollowingExasock(host))
        {
            result = profiler(host, exasock.node(), TriggerKind.CARRIER, 3, TIMEOUT_MS, links).run();
        }

        assertEquals(5, result.made());
        assertEquals(3, result.seen() + result.timeouts());
        assertEquals(List.of("check eth2", "check eth3", "down eth2", "up eth2", "down eth3", "up eth3", "down eth2",
            "up eth2", "down eth3", "up eth3", "down eth2", "up eth2"), links.calls());
        assertEquals(List.of("made eth2 the active slave of bond0 again (it was eth3)"), result.restored());
        assertEquals("eth2\n", activeSlave(host));
        assertEquals("up\n", read(host.net("eth2").resolve("bonding_slave/mii_status")));
        assertEquals("up\n", read(host.net("eth3").resolve("bonding_slave/mii_status")));
        assertTrue(links.closed());
        assertEquals("carrier", report(result).get("trigger").get("kind").textValue());
    }

    @Test
    void shouldRefuseABondItCannotFailOverAndLeaveItAsItWas()
    {
        refuses("there is no interface bond7", "bond7", TriggerKind.ACTIVE_SLAVE, host -> { });
        refuses("eth2 is not a bond", "eth2", TriggerKind.ACTIVE_SLAVE, host -> { });
        refuses("bond0 is in mode balance-rr: --trigger fails over active-backup bonds only", "bond0",
            TriggerKind.ACTIVE_SLAVE, host -> host.attribute("bond0", "bonding/mode", "balance-rr 0\n"));
        refuses("bond0 has 1 slave: failing it over needs at least two", "bond0", TriggerKind.ACTIVE_SLAVE,
            host -> host.attribute("bond0", "bonding/slaves", "eth2\n"));
        refuses("bond0 has no active slave", "bond0", TriggerKind.ACTIVE_SLAVE, host -> host.setActive("bond0", null));
        refuses("no slave of bond0 but the active one (eth2) has its link up", "bond0", TriggerKind.ACTIVE_SLAVE,
            host -> host.attribute("eth3", "bonding_slave/mii_status", "down\n"));
        refuses("bond0 has miimon and arp_interval off", "bond0", TriggerKind.CARRIER,
            host -> host.attribute("bond0", "bonding/miimon", "0\n"));
    }

    @Test
    void shouldRefuseAPageThatCannotShowTheBondsFailovers() throws Exception
    {
        final FakeSysfs plain = new FakeSysfs(dir.resolve("plain"))
            .nic("eth0", "ixgbe", "3c:fd:fe:00:00:10")
            .nic("eth1", "ixgbe", "3c:fd:fe:00:00:11")
            .activeBackup("bond0", "02:00:00:00:00:01")
            .enslave("bond0", "eth0", "eth1");
        final Path plainPage = dir.resolve("plain-page");
        try (BondBridge bridge = BondBridge.open(new BridgeContext().sysfs(plain.sysfs()).bondName("bond0")
            .page(plainPage).counters(null).log(line -> { })))
        {
            assertEquals(2, bridge.published().members().size());
            final ProfileException same = assertThrows(ProfileException.class,
                () -> profiler(plain, plainPage, TriggerKind.ACTIVE_SLAVE, 1, TIMEOUT_MS, null).run());
            assertTrue(same.getMessage().startsWith("eth0 and eth1 have the same word 0 on " + plainPage +
                " (exanic255:255"), same.getMessage());
            assertTrue(same.getMessage().contains("--member eth0=ID:PORT --member eth1=ID:PORT"), same.getMessage());
        }

        final FakeSysfs two = FakeSysfs.standardHost(dir.resolve("two")).activeBackup("bond1", "02:00:00:00:00:02")
            .enslave("bond1", "eth4", "eth0");
        final Path bond0Page = dir.resolve("bond0-page");
        try (BondBridge bridge = BondBridge.open(new BridgeContext().sysfs(two.sysfs()).bondName("bond0")
            .page(bond0Page).counters(null).log(line -> { })))
        {
            assertEquals("bond0", bridge.published().bondName());
            final ProfileException other = assertThrows(ProfileException.class, () -> new TriggerProfiler(
                options(two, bond0Page, TriggerKind.ACTIVE_SLAVE, 1, TIMEOUT_MS, "bond1"), silent(), () -> null)
                .run());
            assertTrue(other.getMessage().startsWith(bond0Page + " describes bond bond0, not bond1"),
                other.getMessage());
        }

        final FakeSysfs stale = FakeSysfs.standardHost(dir.resolve("stale"));
        final Path stalePage = dir.resolve("stale-page");
        PagePublisher.create(stalePage, new BondDescription("bond0", 1, 1, 0, List.of(
            new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, true, false))), 0).close();
        Thread.sleep(50);
        final ProfileException dead = assertThrows(ProfileException.class,
            () -> profiler(stale, stalePage, TriggerKind.ACTIVE_SLAVE, 1, 200, null).run());
        assertTrue(dead.getMessage().startsWith("the publisher of " + stalePage + " is not running: its heartbeat"),
            dead.getMessage());

        final FakeSysfs none = FakeSysfs.standardHost(dir.resolve("none"));
        final ProfileException missing = assertThrows(ProfileException.class, () -> profiler(none,
            none.dev().resolve("exabond-bond0"), TriggerKind.ACTIVE_SLAVE, 1, TIMEOUT_MS, null).run());
        assertTrue(missing.getMessage().startsWith("there is no page " + none.dev().resolve("exabond-bond0") +
            " to time the failovers of bond0 on: manage the bond"), missing.getMessage());

        final FakeSysfs behind = FakeSysfs.standardHost(dir.resolve("behind")).exasock("bond0");
        behind.kernelPage("bond0", FakeSysfs.active(0, 1));
        final Map<String, String> before = behind.snapshot();
        final ProfileException lagging = assertThrows(ProfileException.class, () -> profiler(behind,
            behind.dev().resolve("exabond-bond0"), TriggerKind.ACTIVE_SLAVE, 1, 200, null).run());
        assertTrue(lagging.getMessage().contains("does not show bond0's active slave eth2 (word 0 says exanic0:1"),
            lagging.getMessage());
        assertEquals(before, behind.snapshot(), "nothing changed");
    }

    @Test
    void shouldStopWhenTheBondVanishesMidRunWithOneClearMessage()
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("host")).exasock("bond0");
        final String message = failsMidRun(host, TriggerKind.ACTIVE_SLAVE, null, exasock -> exasock.onChange(n ->
        {
            if (n == 3)
            {
                // In one step, as the driver removes it: a reader sees the bond whole or not at all.
                move(host.net("bond0"), dir.resolve("bond0-gone"));
            }
        }));
        assertTrue(message.startsWith("bond0 vanished during the run, after "), message);
        assertTrue(message.endsWith(" is gone): stopped"), message);
    }

    @Test
    void shouldStopWhenASlaveLeavesTheBondMidRunAndLeaveTheRestAsItWas()
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("host")).exasock("bond0");
        final String message = failsMidRun(host, TriggerKind.ACTIVE_SLAVE, null, exasock -> exasock.onChange(n ->
        {
            if (n == 3)
            {
                host.attribute("bond0", "bonding/slaves", "eth2\n");
                host.setActive("bond0", "eth2");
            }
        }));
        assertTrue(message.startsWith("slave eth3 left bond0 during the run, after "), message);
        assertTrue(message.endsWith("failovers: stopped (its slaves are now eth2)"), message);
        assertEquals("eth2\n", activeSlave(host));
    }

    @Test
    void shouldStopWhenThePageStopsFollowingAndBringEveryLinkBackUp()
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("host")).exasock("bond0");
        final FakeBondingLinks links = new FakeBondingLinks(host, "bond0");
        final String message = failsMidRun(host, TriggerKind.CARRIER, links, exasock -> exasock.onChange(n ->
        {
            if (n == 3)
            {
                exasock.freeze();
            }
        }));
        assertTrue(message.contains(" stopped following bond0 after "), message);
        assertEquals("eth2\n", activeSlave(host));
        assertEquals("up\n", read(host.net("eth2").resolve("bonding_slave/mii_status")));
        assertEquals("up\n", read(host.net("eth3").resolve("bonding_slave/mii_status")));
        final List<String> calls = links.calls();
        assertTrue(calls.getLast().startsWith("up "), "every link taken down came back up: " + calls);
    }

    @Test
    void shouldSayWhenThePageNeverFollows()
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("host")).exasock("bond0");
        final String message = failsMidRun(host, TriggerKind.ACTIVE_SLAVE, null, FollowingExasock::freeze);
        assertTrue(message.contains(" never followed bond0: the first failover did not reach it"), message);
        assertEquals("eth2\n", activeSlave(host), "the first slave made active again");
    }

    @Test
    void shouldStopWhenAskedAndPutTheBondBack() throws IOException
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("host")).exasock("bond0");
        final TriggerResult result;
        try (FollowingExasock exasock = new FollowingExasock(host))
        {
            final TriggerProfiler profiler = profiler(host, exasock.node(), TriggerKind.ACTIVE_SLAVE,
                TriggerOptions.MAX_FAILOVERS, TIMEOUT_MS, null);
            exasock.onChange(n ->
            {
                if (n == 5)
                {
                    profiler.stop();
                }
            });
            result = profiler.run();
        }
        assertTrue(result.interrupted());
        assertTrue(result.made() >= 5 && result.made() < TriggerOptions.MAX_FAILOVERS, "made " + result.made());
        assertEquals("eth2\n", activeSlave(host));
        assertTrue(report(result).get("trigger").get("interrupted").booleanValue());
    }

    /**
     * Runs 20 failovers that must fail: the timeout is 2 s, so that a page that stops following costs seconds, and a
     * failover of a page that does follow is not mistaken for a lost one unless the machine stalls for that long.
     */
    private String failsMidRun(final FakeSysfs host, final TriggerKind kind, final FakeBondingLinks links,
        final Consumer<FollowingExasock> arrange)
    {
        final AtomicReference<String> message = new AtomicReference<>();
        try (FollowingExasock exasock = new FollowingExasock(host))
        {
            arrange.accept(exasock);
            message.set(assertThrows(ProfileException.class, () -> profiler(host, exasock.node(), kind, 20, 2_000,
                links).run()).getMessage());
        }
        assertFalse(message.get().contains("could NOT"), message.get());
        return message.get();
    }

    private void refuses(final String expected, final String bond, final TriggerKind kind,
        final Consumer<FakeSysfs> change)
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("refuse-" + Math.abs(expected.hashCode())))
            .exasock("bond0");
        host.kernelPage("bond0", FakeSysfs.active(0, 0));
        change.accept(host);
        final Map<String, String> before = host.snapshot();
        final TriggerProfiler profiler = new TriggerProfiler(options(host, host.dev().resolve("exabond-" + bond), kind,
            1, TIMEOUT_MS, bond), silent(), () -> new FakeBondingLinks(host, bond));
        final ProfileException e = assertThrows(ProfileException.class, profiler::run);
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertEquals(before, host.snapshot(), "nothing changed for: " + expected);
    }

    private TriggerProfiler profiler(final FakeSysfs host, final Path page, final TriggerKind kind, final int failovers,
        final long timeoutMs, final FakeBondingLinks links)
    {
        return new TriggerProfiler(options(host, page, kind, failovers, timeoutMs, "bond0"), silent(), () -> links);
    }

    private TriggerOptions options(final FakeSysfs host, final Path page, final TriggerKind kind, final int failovers,
        final long timeoutMs, final String bond)
    {
        // Gaps of 0-1 ms, the poller parked between polls (not spinning a CPU of the build), no poll-delay measurement.
        return new TriggerOptions(bond, page, host.sys(), kind, failovers, 2, 0, 1, timeoutMs, "sleep-ns", -1, 1_000,
            1, dir.resolve("out"), false, "exabond profile " + bond + " --trigger " + failovers);
    }

    private static PrintWriter silent()
    {
        return new PrintWriter(new StringWriter());
    }

    private JsonNode report(final TriggerResult result) throws IOException
    {
        final ProfileReport report = new ProfileReport(result);
        final StringWriter text = new StringWriter();
        report.print(new PrintWriter(text));
        assertTrue(text.toString().contains("failovers: " + result.options().failovers() + " asked, " +
            result.seen() + " reached the listener"), text.toString());
        assertTrue(text.toString().contains("the chain, doctor's prediction beside what was measured"),
            text.toString());
        report.write();
        return StrictJson.parse(Files.readString(dir.resolve("out").resolve("summary.json")));
    }

    private static long count(final TriggerResult result, final LatencySeries.Kind kind)
    {
        return result.series().stream().filter(s -> s.kind().equals(kind)).findFirst().orElseThrow().count();
    }

    private static List<String> names(final JsonNode array)
    {
        final List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.get("name").textValue()));
        return names;
    }

    private static String activeSlave(final FakeSysfs host)
    {
        return read(host.net("bond0").resolve("bonding/active_slave"));
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static void move(final Path from, final Path to)
    {
        try
        {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
