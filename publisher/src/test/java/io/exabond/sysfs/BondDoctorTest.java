package io.exabond.sysfs;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.counters.ExabondCounters;
import io.exabond.internal.LibC;
import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@Timeout(20)
class BondDoctorTest
{
    @Test
    void shouldFindNoProblemOnAHealthyManagedBond(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        tree.kernelPage("bond0", FakeSysfs.active(0, 0));

        final List<Finding> findings = examine(tree, "bond0", null);

        assertEquals(List.of(), problems(findings));
        assertTrue(find(findings, "monitor-interval").message().contains("every 100 ms"));
        final Finding budget = find(findings, "failover-budget");
        assertEquals(Severity.INFO, budget.severity());
        assertTrue(budget.message().contains("up to 100 ms (bonding detection, one miimon) + up to 100 ms " +
            "(exasock's monitor interval) + 250 ns (reader poll delay: test) = up to 200.000 ms"), budget.message());
        final Finding pitfall = find(findings, "mac-pitfall");
        assertEquals("eth2", pitfall.subject());
        assertEquals(Severity.INFO, pitfall.severity());
        assertTrue(pitfall.fix().startsWith("ip link set bond0 address 66:3f:5f:01:00:02"), pitfall.fix());
    }

    @Test
    void shouldFindMonitorsOff(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0")
            .attribute("bond0", "bonding/miimon", "0\n");
        tree.kernelPage("bond0", FakeSysfs.active(0, 0));

        final List<Finding> findings = examine(tree, "bond0", null);

        final Finding off = find(findings, "monitors-off");
        assertEquals(Severity.ERROR, off.severity());
        assertTrue(off.fix().startsWith("ip link set bond0 type bond miimon 100   (or: echo 100 > "), off.fix());
        assertTrue(off.fix().contains("bond0/bonding/miimon"), off.fix());
        assertTrue(find(findings, "monitor-interval").message().contains("every 200 ms"));
        assertTrue(find(findings, "failover-budget").message().contains("unbounded"));
    }

    @Test
    void shouldSayTheDriverWarnsOnceWithABacktraceWhenBothMonitorsAreOff(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0")
            .attribute("bond0", "bonding/miimon", "0\n");
        tree.kernelPage("bond0", FakeSysfs.active(0, 0));

        final String message = find(examine(tree, "bond0", null), "monitors-off").message();

        assertTrue(message.contains("every 200 ms"), message);
        assertTrue(message.contains("kernel WARN_ONCE (a full warning with a backtrace in the kernel log, which " +
            "taints the kernel; once per module load)"), message);
    }

    @Test
    void shouldTellABondThatIsAdministrativelyDown(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).adminDown("bond0").setActive("bond0", null);

        final List<Finding> findings = examine(tree, "bond0", null);

        final Finding down = find(findings, "bond-down");
        assertEquals(Severity.WARNING, down.severity());
        assertTrue(down.message().startsWith("bond0 is administratively down (IFF_UP is clear in "), down.message());
        assertEquals("ip link set bond0 up", down.fix());
        assertEquals("ip link set bond0 up", find(findings, "no-active-slave").fix());
        assertTrue(findings.stream().noneMatch(f -> f.code().equals("bond-no-carrier")), findings.toString());
    }

    @Test
    void shouldTellAnEmptyBondThatIsUpFromOneThatIsDown(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = new FakeSysfs(root).exasock().activeBackup("eb0", "02:00:00:00:00:05").noCarrier("eb0");

        final List<Finding> findings = examine(tree, "eb0", null);

        final Finding noCarrier = find(findings, "bond-no-carrier");
        assertEquals(Severity.WARNING, noCarrier.severity());
        assertEquals("eb0 is up but has no carrier: no slave link is up, and an empty bond has none",
            noCarrier.message());
        assertTrue(noCarrier.fix().startsWith("ip link set IF down && ip link set IF master eb0"), noCarrier.fix());
        assertTrue(findings.stream().noneMatch(f -> f.code().equals("bond-down")), "not: ip link set eb0 up");
    }

    @Test
    void shouldNameTheSlavesOfABondUpWithoutCarrier(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).noCarrier("bond0").setActive("bond0", null)
            .attribute("eth2", "bonding_slave/mii_status", "down\n")
            .attribute("eth3", "bonding_slave/mii_status", "down\n");

        final List<Finding> findings = examine(tree, "bond0", null);

        assertEquals("bond0 is up but has no carrier: no slave link is up (eth2, eth3)",
            find(findings, "bond-no-carrier").message());
        assertTrue(find(findings, "no-active-slave").fix().startsWith("ip link set SLAVE up"));
    }

    @Test
    void shouldFindAnArpIntervalWithoutTarget(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0")
            .attribute("bond0", "bonding/arp_interval", "50\n");
        tree.kernelPage("bond0", FakeSysfs.active(0, 0));

        assertEquals(Severity.INFO, find(examine(tree, "bond0", null), "arp-no-target").severity());
        tree.attribute("bond0", "bonding/miimon", "0\n");
        final List<Finding> findings = examine(tree, "bond0", null);
        assertEquals(Severity.WARNING, find(findings, "arp-no-target").severity());
        assertNotNull(find(findings, "monitors-off"));
    }

    @Test
    void shouldCountAnArpMonitorWithATargetInTheBudget(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0")
            .attribute("bond0", "bonding/miimon", "0\n").attribute("bond0", "bonding/arp_interval", "40\n")
            .attribute("bond0", "bonding/arp_ip_target", "10.0.0.1\n")
            .attribute("bond0", "bonding/downdelay", "10\n");
        tree.kernelPage("bond0", FakeSysfs.active(0, 0));

        final List<Finding> findings = examine(tree, "bond0", null);

        assertEquals(List.of(), problems(findings));
        assertTrue(find(findings, "failover-budget").message().contains("up to 40 ms (bonding detection, one " +
            "arp_interval + downdelay 10 ms) + up to 40 ms"), find(findings, "failover-budget").message());
    }

    @Test
    void shouldFindABondWithoutMembers(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = new FakeSysfs(root).activeBackup("bond1", "02:00:00:00:00:01");

        final Finding finding = find(examine(tree, "bond1", null), "no-members");

        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.message().contains("at least one member"), finding.message());
    }

    @Test
    void shouldFindEveryKindOfSlaveTheDriverRefuses(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).activeBackup("bond1", "02:00:00:00:00:01")
            .enslave("bond0", "eth2", "eth0", "eth0.100", "bond1");

        final List<Finding> findings = examine(tree, "bond0", null);

        assertEquals("eth0", find(findings, "slave-not-smartnic").subject());
        assertTrue(find(findings, "slave-not-smartnic").message().contains("fails with ENODEV"));
        assertEquals("eth0.100", find(findings, "slave-is-vlan").subject());
        assertEquals("bond1", find(findings, "slave-is-bond").subject());
        assertTrue(find(findings, "slave-is-bond").message().contains("fails with EINVAL"));
        assertEquals("ip link set bond1 nomaster", find(findings, "slave-is-bond").fix());
    }

    @Test
    void shouldFindLinksDownAndNoActiveSlave(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).setActive("bond0", null)
            .attribute("eth3", "bonding_slave/mii_status", "down\n");

        final List<Finding> findings = examine(tree, "bond0", null);

        assertEquals("eth3", find(findings, "slave-link-down").subject());
        assertEquals(Severity.WARNING, find(findings, "no-active-slave").severity());
    }

    @Test
    void shouldFindAnotherDeviceWithTheBondsMac(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).nic("eth5", "ixgbe", FakeSysfs.ETH2_MAC)
            .vlan("bond0.7", FakeSysfs.ETH2_MAC);

        final List<Finding> findings = examine(tree, "bond0", null);

        final List<Finding> duplicates = findings.stream().filter(f -> f.code().equals("duplicate-mac")).toList();
        assertEquals(1, duplicates.size(), duplicates.toString());
        assertEquals("eth5", duplicates.get(0).subject());
        assertEquals("ip link set bond0 address 66:3f:5f:01:00:02", duplicates.get(0).fix());
    }

    @Test
    void shouldSayWhenTheModuleIsNotLoadedOrTheBondNotManaged(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Finding notLoaded = find(examine(tree, "bond0", null), "exasock-not-loaded");
        assertEquals(Severity.WARNING, notLoaded.severity());
        assertTrue(notLoaded.fix().startsWith("modprobe exasock"), notLoaded.fix());

        tree.exasock();
        final Finding notManaged = find(examine(tree, "bond0", null), "not-managed");
        assertTrue(notManaged.fix().startsWith("exabond manage bond0"), notManaged.fix());
    }

    @Test
    void shouldFindAMissingPageOfAManagedBond(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");

        final Finding missing = find(examine(tree, "bond0", null), "page-missing");

        assertEquals(Severity.ERROR, missing.severity());
        assertTrue(missing.message().contains("exabond-bond0 does not exist although bond0 is managed"),
            missing.message());
    }

    @Test
    void shouldFindAWordZeroThatDisagreesWithSysfs(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        tree.kernelPage("bond0", FakeSysfs.active(0, 1));

        final Finding wrongPort = find(examine(tree, "bond0", null), "word0-disagrees");
        assertTrue(wrongPort.message().contains("is eth2 (exanic0:0), but word 0 says exanic0:1"), wrongPort.message());

        tree.kernelPage("bond0", GroupInfoEncoder.encode(false, 0, 0));
        final Finding inactive = find(examine(tree, "bond0", null), "word0-disagrees");
        assertTrue(inactive.message().contains("word 0 has no active slave"), inactive.message());

        tree.setActive("bond0", null).kernelPage("bond0", FakeSysfs.active(0, 0));
        final Finding noneInSysfs = find(examine(tree, "bond0", null), "word0-disagrees");
        assertTrue(noneInSysfs.message().contains("active_slave of bond0 is empty"), noneInSysfs.message());
    }

    @Test
    void shouldAcceptADisagreementThatSettles(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        tree.kernelPage("bond0", FakeSysfs.active(0, 1));
        final Thread driver = new Thread(() ->
        {
            try
            {
                Thread.sleep(50);
                tree.setActive("bond0", "eth3");
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        });
        driver.start();

        final List<Finding> findings = new BondDoctor(tree.sysfs(), tree.dev(), null, 250, "test", 500)
            .examine("bond0");
        driver.join();

        assertFalse(findings.stream().anyMatch(f -> f.code().equals("word0-disagrees")), findings.toString());
    }

    @Test
    void shouldFindNoProblemOnABridgePageAndCountThePollingBridgesIntervalFromItsCounters(@TempDir final Path root)
        throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path page = root.resolve("shm-page");
        try (ExabondCounters counters = ExabondCounters.create(root.resolve("counters"));
            BondBridge bridge = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("bond0").page(page)
            .eventDriven(false).counters(counters).log(line -> { })))
        {
            final List<Finding> findings = examine(tree, "bond0", page);

            assertEquals(List.of(), problems(findings));
            assertTrue(find(findings, "failover-budget").message().contains("+ up to 100 ms (the polling bridge's " +
                "interval) +"), find(findings, "failover-budget").message());
            assertEquals(0, bridge.passes());
        }
    }

    @Test
    void shouldCountThePublishersMonitorIntervalForAPageNoBridgeKeepsCountersOf(@TempDir final Path root)
        throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path page = root.resolve("shm-page");
        try (BondBridge _ = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("bond0").page(page)
            .eventDriven(false).counters(null).log(line -> { })))
        {
            final List<Finding> findings = examine(tree, "bond0", page);

            assertEquals(List.of(), problems(findings));
            assertTrue(find(findings, "failover-budget").message().contains("the publisher's monitor interval"));
        }
    }

    @Test
    void shouldCountTheEventDrivenBridgesMeasuredReactionInsteadOfAMonitorInterval(@TempDir final Path root)
        throws Exception
    {
        final String budget = budgetWithTerm(root,
            new BridgeTerm(true, 100, 2000, 57, 120_000, 2_100_000, 3_000_000, ProcessHandle.current().pid()));

        assertTrue(budget.contains("up to 3.000 ms (the event-driven bridge's reaction, rtnetlink message to " +
            "word 0 on CLOCK_MONOTONIC, measured: p50 0.120 ms, p99 2.100 ms, max 3.000 ms over the last 57 " +
            "of 57 failovers"), budget);
        assertTrue(budget.contains("= up to 103.000 ms"), "miimon 100 + the longest reaction: " + budget);
        assertFalse(budget.contains("monitor interval)"), budget);
    }

    @Test
    void shouldBoundAnEventDrivenBridgeThatMeasuredNothingYetByItsReread(@TempDir final Path root)
        throws Exception
    {
        final String budget = budgetWithTerm(root,
            new BridgeTerm(true, 100, 2000, 0, -1, -1, -1, ProcessHandle.current().pid()));

        assertTrue(budget.contains("not measured yet"), budget);
        assertTrue(budget.contains("= up to 2100.000 ms"), budget);
    }

    @Test
    void shouldIgnoreTheTermOfABridgeWhoseProcessHasGoneWithANote(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path page = root.resolve("shm-page");
        try (ExabondCounters live = ExabondCounters.create(root.resolve("live"));
            BridgeCounters counters = new BridgeCounters(live, "bond0", page))
        {
            counters.term(new BridgeTerm(true, 100, 2000, 57, 120_000, 2_100_000, 3_000_000, 1));
            CountersFiles.copyAs(live.file(), root.resolve("counters"), CountersFiles.NEVER_A_PID);
        }
        try (BondBridge _ = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("bond0").page(page)
            .eventDriven(false).counters(null).log(line -> { })))
        {
            final List<Finding> findings = examine(tree, "bond0", page);

            assertEquals(List.of(), problems(findings));
            assertTrue(find(findings, "failover-budget").message().contains("the publisher's monitor interval"));
            final Finding dead = find(findings, "bridge-dead");
            assertTrue(dead.message().contains("pid " + CountersFiles.NEVER_A_PID + " DEAD: exited without deleting " +
                "its file (killed?)"), dead.message());
            assertEquals("exabond stat --remove-dead --dir " + root.resolve("counters"), dead.fix());
        }
    }

    @Test
    void shouldWarnOfAnUnreadableCountersFileAndCountTheInterval(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path page = root.resolve("shm-page");
        final Path truncated = CountersFiles.truncated(root.resolve("counters"), CountersFiles.INIT_PID);
        try (BondBridge _ = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("bond0").page(page)
            .eventDriven(false).counters(null).log(line -> { })))
        {
            final List<Finding> findings = examine(tree, "bond0", page);

            final Finding warning = find(findings, "counters-unreadable");
            assertEquals(Severity.WARNING, warning.severity());
            assertTrue(warning.message().startsWith(truncated + ": unreadable: " + truncated + " is 100 bytes, " +
                "shorter than a counters file's header"), warning.message());
            assertEquals("rm " + truncated, warning.fix());
            assertTrue(find(findings, "failover-budget").message().contains("the publisher's monitor interval"));
        }
    }

    /**
     * The failover budget doctor gives for bond0 of the standard host while a bridge publishes its page and the
     * counters of a live process (this one) hold {@code term} for the page.
     */
    private static String budgetWithTerm(final Path root, final BridgeTerm term) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path page = root.resolve("shm-page");
        try (ExabondCounters file = ExabondCounters.create(root.resolve("counters"));
            BridgeCounters counters = new BridgeCounters(file, "bond0", page);
            BondBridge _ = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("bond0").page(page)
            .eventDriven(false).counters(null).log(line -> { })))
        {
            counters.term(term);
            return find(examine(tree, "bond0", page), "failover-budget").message();
        }
    }

    @Test
    void shouldFindAStaleHeartbeatAndABlockOfAnotherBond(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path page = root.resolve("shm-page");
        final BondDescription other = new BondDescription("bond9", 1, 100, 0, List.of(
            new Member("eth2", 0, 0, true, true)));
        PagePublisher.create(page, other, 0).close();
        Thread.sleep(20);

        final List<Finding> findings = examine(tree, "bond0", page);

        final Finding stale = find(findings, "heartbeat-stale");
        assertEquals(Severity.ERROR, stale.severity());
        assertTrue(stale.fix().contains("exabond bridge bond0 --page " + page), stale.fix());
        assertEquals(Severity.WARNING, find(findings, "page-other-bond").severity());
    }

    @Test
    void shouldFindAnInvalidBlockAndAStuckSeqlock(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path page = root.resolve("shm-page");
        try (RandomAccessFile file = new RandomAccessFile(page.toFile(), "rw"))
        {
            file.setLength(LibC.pageSize());
            file.seek(PageLayout.STATUS_BLOCK_OFFSET);
            file.write(new byte[] {'j', 'u', 'n', 'k'});
        }
        assertTrue(find(examine(tree, "bond0", page), "block-invalid").message().contains("magic"));

        Files.delete(page);
        PagePublisher.create(page, new BondDescription("bond0", 100, 100, 0, List.of(
            new Member("eth2", 0, 0, true, true))), 0).close();
        try (RandomAccessFile file = new RandomAccessFile(page.toFile(), "rw"))
        {
            file.seek(PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET);
            file.write(new byte[] {7, 0, 0, 0, 0, 0, 0, 0});
        }
        assertEquals(Severity.ERROR, find(examine(tree, "bond0", page), "seqlock-stuck").severity());
    }

    @Test
    void shouldFindBondsThatAreMissingOrNotBondsAndBadNames(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0", "bond5", "x/y");

        final List<Finding> all = examine(tree, null, null);
        assertEquals(Severity.ERROR, find(all, "bond-missing").severity());
        assertTrue(find(all, "bond-missing").message().contains("yet"), find(all, "bond-missing").message());
        assertEquals(Severity.WARNING, find(all, "masters-garbage").severity());
        assertNotNull(find(examine(tree, "eth2", null), "not-a-bond"));
        assertNotNull(find(examine(tree, "bond0123456789ab", null), "bad-name"));
    }

    @Test
    void shouldFindGarbageAttributesAndAWrongMode(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).attribute("bond0", "bonding/mode", "802.3ad 4\n")
            .attribute("bond0", "bonding/arp_interval", "often\n");

        final List<Finding> findings = examine(tree, "bond0", null);

        assertEquals(Severity.ERROR, find(findings, "mode").severity());
        assertTrue(find(findings, "sysfs-unreadable").message().contains("arp_interval"));
    }

    @Test
    void shouldExamineEveryBondWhenNoneIsManaged(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).activeBackup("bond1", "02:00:00:00:00:01");

        final List<Finding> findings = examine(tree, null, null);

        assertTrue(findings.stream().anyMatch(f -> f.subject().equals("bond1")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.subject().equals("bond0")), findings.toString());
        assertEquals(Severity.INFO, find(examine(new FakeSysfs(root.resolve("empty")), null, null), "no-bonds")
            .severity());
    }

    @Test
    void shouldSayWhenTheSmartNicNumberIsUnknown(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).attribute("eth3", "dev_port", "\n");
        assertEquals("eth3", find(examine(tree, "bond0", null), "exanic-id-unknown").subject());
    }

    private static List<Finding> examine(final FakeSysfs tree, final String bond, final Path page) throws Exception
    {
        // The counters of bridges in this test's own folder: no other process's are seen.
        final Path counters = tree.root().resolve("counters");
        return new BondDoctor(tree.sysfs(), tree.dev(), page, 250, "test", 0).countersDirectory(counters)
            .examine(bond);
    }

    private static List<Finding> problems(final List<Finding> findings)
    {
        return findings.stream().filter(f -> f.severity().isProblem()).toList();
    }

    private static Finding find(final List<Finding> findings, final String code)
    {
        for (final Finding finding : findings)
        {
            if (finding.code().equals(code))
            {
                return finding;
            }
        }
        return fail("no finding " + code + " in " + findings);
    }
}
