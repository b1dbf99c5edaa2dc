package io.exabond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.CliRun;
import io.exabond.json.StrictJson;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sysfs.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class DoctorAndStatusCommandsTest
{
    @Test
    void shouldExitZeroWhenOnlyNotesAreFound(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        tree.kernelPage("bond0", FakeSysfs.active(0, 0));

        final CliRun run = CliRun.run("doctor", "bond0", "--sysfs", tree.sys().toString(), "--dev",
            tree.dev().toString(), "--poll-delay-ns", "300");

        assertEquals(ExitCode.OK, run.code(), run.toString());
        assertTrue(run.out().contains("info    mac-pitfall        eth2: bond0 uses the permanent MAC"), run.out());
        assertTrue(run.out().contains("        fix: ip link set bond0 address 66:3f:5f:01:00:02"), run.out());
        assertTrue(run.out().contains("300 ns (reader poll delay: given with --poll-delay-ns)"), run.out());
        assertTrue(run.out().endsWith("0 errors, 0 warnings, 3 notes" + System.lineSeparator()), run.out());
    }

    @Test
    void shouldExitFourWithEveryProblemAndItsFix(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0").attribute("bond0", "bonding/miimon",
            "0\n").enslave("bond0", "eth2", "eth0");

        final CliRun run = CliRun.run("doctor", "bond0", "--sysfs", tree.sys().toString(), "--dev",
            tree.dev().toString(), "--poll-delay-ns", "300", "--settle-ms", "0");

        assertEquals(ExitCode.PROBLEMS, run.code(), run.toString());
        assertTrue(run.out().contains("error   monitors-off       bond0: both miimon and arp_interval are off"),
            run.out());
        assertTrue(run.out().contains("error   slave-not-smartnic eth0:"), run.out());
        assertTrue(run.out().contains("error   page-missing       bond0:"), run.out());
        assertTrue(run.out().contains("3 errors, 0 warnings"), run.out());
    }

    @Test
    void shouldReportFindingsAsJson(@TempDir final Path root)
    {
        final FakeSysfs tree = new FakeSysfs(root).activeBackup("bond1", "02:00:00:00:00:01");

        final CliRun run = CliRun.run("doctor", "--json", "--sysfs", tree.sys().toString(), "--poll-delay-ns", "0");

        assertEquals(ExitCode.PROBLEMS, run.code(), run.toString());
        assertEquals(1, run.out().lines().count(), run.out());
        final JsonNode json = StrictJson.parse(run.out());
        final JsonNode findings = json.get("findings");
        assertFinding(findings.get(0), "warning", "exasock-not-loaded", "host");
        assertFinding(finding(findings, "no-members"), "warning", "no-members", "bond1");
        assertEquals("info", finding(findings, "failover-budget").get("severity").textValue());
        boolean withoutFix = false;
        for (final JsonNode finding : findings)
        {
            withoutFix |= finding.get("fix").isNull();
        }
        assertTrue(withoutFix, "a finding without a fix says null: " + run.out());
        assertEquals(0, json.get("errors").intValue(), run.out());
        assertEquals(2, json.get("warnings").intValue(), run.out());
        assertEquals(ExitCode.PROBLEMS, json.get("exit").intValue(), run.out());
    }

    @Test
    void shouldMeasureThePollDelayOnThisMachineAndSaySo(@TempDir final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0");
        tree.kernelPage("bond0", FakeSysfs.active(0, 0));

        final CliRun run = CliRun.run("doctor", "bond0", "--sysfs", tree.sys().toString(), "--dev",
            tree.dev().toString());

        assertEquals(ExitCode.OK, run.code(), run.toString());
        final Matcher matcher = Pattern.compile("\\+ ([0-9.]+ (?:ns|us)) \\(reader poll delay: publish to word 0 " +
            "seen, median of (\\d+) failovers of a busy-spinning FailoverPoller in-process, (\\d+) not timed, " +
            "System.nanoTime \\(CLOCK_MONOTONIC\\), on this machine: (\\d+) CPUs, ").matcher(run.out());
        assertTrue(matcher.find(), run.out());
        assertTrue(Integer.parseInt(matcher.group(2)) > 0, run.out());
        assertEquals(Runtime.getRuntime().availableProcessors(), Integer.parseInt(matcher.group(4)));
    }

    @Test
    void shouldRefuseAPageWithoutItsBond(@TempDir final Path root)
    {
        final CliRun run = CliRun.run("doctor", "--page", root.resolve("p").toString(), "--poll-delay-ns", "0");
        assertEquals(ExitCode.USAGE, run.code(), run.toString());
    }

    @Test
    void shouldWritePrometheusTextExposition(@TempDir final Path root)
    {
        final Path page = root.resolve("page");
        final BondDescription bond = new BondDescription("bond0", 100, 100, 0, List.of(
            new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, false, false)));
        try (PagePublisher publisher = PagePublisher.create(page, bond, 0))
        {
            publisher.publishActive(1);

            final CliRun run = CliRun.run("status", "--page", page.toString(), "--format", "prometheus");

            assertEquals(ExitCode.OK, run.code(), run.toString());
            final String out = run.out();
            assertTrue(out.contains("# HELP exabond_active_slave_info "), out);
            assertTrue(out.contains("# TYPE exabond_active_slave_info gauge\n"), out);
            assertTrue(out.contains(
                "\nexabond_active_slave_info{bond=\"bond0\",exanic=\"exanic0:1\",ifname=\"eth3\"} 1.0\n"),
                out);
            assertTrue(out.contains("\nexabond_failovers_total{bond=\"bond0\"} 1.0\n"), out);
            assertTrue(out.contains(
                "\nexabond_member_up{bond=\"bond0\",exanic=\"exanic0:0\",ifname=\"eth2\"} 1.0\n"), out);
            assertTrue(out.contains(
                "\nexabond_member_up{bond=\"bond0\",exanic=\"exanic0:1\",ifname=\"eth3\"} 0.0\n"), out);
            assertTrue(out.contains("\nexabond_publisher_stalled{bond=\"bond0\"} 0.0\n"), out);
            assertTrue(Pattern.compile("\nexabond_heartbeat_timestamp_seconds\\{bond=\"bond0\"} [0-9.E]+\n")
                .matcher(out).find(), out);
            for (final String line : out.split("\n"))
            {
                assertTrue(line.startsWith("# HELP exabond_") || line.startsWith("# TYPE exabond_") ||
                    line.matches("exabond_[a-z_]+\\{[^}]*} -?[0-9.E-]+"), "not exposition format: " + line);
            }
        }
    }

    @Test
    void shouldKeepJsonAsAnAliasOfFormatJson(@TempDir final Path root)
    {
        final Path page = root.resolve("page");
        try (PagePublisher publisher = PagePublisher.create(page, new BondDescription("bond0", 100, 100, 0, List.of(
            new Member("eth2", 0, 0, true, true))), 0))
        {
            assertEquals(0, publisher.generation());
            final CliRun alias = CliRun.run("status", "--page", page.toString(), "--json");
            final CliRun format = CliRun.run("status", "--page", page.toString(), "--format", "JSON");
            assertEquals(ExitCode.OK, alias.code(), alias.toString());
            assertEquals(page.toString(), StrictJson.parse(alias.out()).get("page").textValue(), alias.out());
            assertEquals(page.toString(), StrictJson.parse(format.out()).get("page").textValue(), format.out());
            assertEquals(ExitCode.USAGE, CliRun.run("status", "--page", page.toString(), "--format", "xml").code());
        }
    }

    @Test
    void shouldExposeAnUnreadablePageAsDown(@TempDir final Path root)
    {
        final CliRun run = CliRun.run("status", "bond7", "--dev", root.toString(), "--format", "prometheus");

        assertEquals(ExitCode.OK, run.code(), run.toString());
        assertTrue(run.out().contains("\nexabond_up{bond=\"bond7\"} 0.0\n"), run.out());
    }
    @Test
    void shouldCheckAPageNamedByItsBlockForAStalledPublisherAndWordZero(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path stalled = root.resolve("stalled-page");
        PagePublisher.create(stalled, new BondDescription("bond0", 1, 100, 0, List.of(
            new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, true, false))), 0).close();
        final Path disagreeing = root.resolve("exabond-bond0");
        try (PagePublisher publisher = PagePublisher.create(disagreeing, new BondDescription("bond0", 600_000, 100,
            0, List.of(new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, true, false))), 0))
        {
            publisher.publishActive(1);
            Thread.sleep(20);

            final CliRun stale = doctorPage(tree, stalled);
            final CliRun word0 = doctorPage(tree, disagreeing);

            assertEquals(ExitCode.PROBLEMS, stale.code(), stale.toString());
            assertTrue(stale.out().contains("error   heartbeat-stale    bond0: the heartbeat of " + stalled),
                stale.out());
            assertEquals(ExitCode.PROBLEMS, word0.code(), word0.toString());
            assertTrue(word0.out().contains("error   word0-disagrees    bond0: sysfs active_slave of bond0 is eth2, " +
                "but the page's block says eth3 is active"), word0.out());
            assertTrue(!word0.out().contains("exasock-not-loaded"), "a page is what a bridge host has: " +
                word0.out());
        }
    }

    @Test
    void shouldNeverEchoAHostileBondNameIntoACommand(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root);
        final Path page = root.resolve("hostile-page");
        try (PagePublisher _ = PagePublisher.create(page, new BondDescription("../../etc/pass", 600_000, 100, 0,
            List.of(new Member("eth2", 0, 0, true, true))), 0))
        {
            final CliRun named = CliRun.run("doctor", "bond0", "--page", page.toString(), "--sysfs",
                tree.sys().toString(), "--dev", tree.dev().toString(), "--poll-delay-ns", "0", "--settle-ms", "0");
            final CliRun unnamed = doctorPage(tree, page);

            assertTrue(named.out().contains("warning page-other-bond    bond0: " + page + " describes bond " +
                "'../../etc/pass', which is not an interface name, not bond0"), named.out());
            assertTrue(named.out().contains("        fix: restart its publisher: exabond bridge bond0 --page " + page),
                named.out());
            assertTrue(named.out().lines().filter(line -> line.startsWith("        fix:"))
                .noneMatch(line -> line.contains("etc/pass")), named.out());
            assertEquals(ExitCode.USAGE, unnamed.code(), unnamed.toString());
            assertTrue(unnamed.err().startsWith("exabond doctor: --page " + page + " names no bond (its status " +
                "block names '../../etc/pass', not an interface name, and the file is not named exabond-BOND)"),
                unnamed.err());
            assertEquals("", unnamed.out());
        }
    }

    private static CliRun doctorPage(final FakeSysfs tree, final Path page)
    {
        return CliRun.run("doctor", "--page", page.toString(), "--sysfs", tree.sys().toString(), "--dev",
            tree.dev().toString(), "--poll-delay-ns", "0", "--settle-ms", "0");
    }

    private static JsonNode finding(final JsonNode findings, final String code)
    {
        for (final JsonNode finding : findings)
        {
            if (code.equals(finding.get("code").textValue()))
            {
                return finding;
            }
        }
        throw new AssertionError("no finding " + code + " in " + findings);
    }

    private static void assertFinding(final JsonNode finding, final String severity, final String code,
        final String subject)
    {
        assertEquals(severity, finding.get("severity").textValue(), finding.toString());
        assertEquals(code, finding.get("code").textValue(), finding.toString());
        assertEquals(subject, finding.get("subject").textValue(), finding.toString());
    }
}
