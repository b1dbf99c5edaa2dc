package io.exabond.cli;

import io.exabond.CliRun;
import io.exabond.counters.ExabondCounters;
import io.exabond.page.BondPage;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sysfs.BondBridge;
import io.exabond.sysfs.BridgeContext;
import io.exabond.sysfs.CountersFiles;
import io.exabond.sysfs.FakeSysfs;
import io.exabond.testing.ChildJvm;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code status --format prometheus}: the exposition checked by a real parser ({@code promtool check metrics}, from
 * Debian's {@code prometheus} package), the textfile convention (atomic, exit 0 whenever written, nothing left
 * behind) and the {@code --listen} server scraped over loopback.
 */
@Timeout(120)
class PrometheusExpositionTest
{
    private static final BondDescription BOND = new BondDescription("bond0", 100, 100, 0, List.of(
        new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, false, false)));

    @Test
    void shouldPassPromtoolCheckMetrics(@TempDir final Path root) throws Exception
    {
        final Path page = root.resolve("exabond-bond0");
        try (PagePublisher publisher = PagePublisher.create(page, BOND, 0))
        {
            publisher.publishActive(1);
            final Path prom = root.resolve("exabond.prom");

            final CliRun run = CliRun.run("status", "--page", page.toString(), "--format", "prometheus",
                "--textfile", prom.toString());

            assertEquals(ExitCode.OK, run.code(), run.toString());
            final String text = Files.readString(prom);
            assertTrue(text.contains("# TYPE exabond_failovers_total counter\n" +
                "exabond_failovers_total{bond=\"bond0\"} 1.0\n"), text);
            assertTrue(text.contains("\nexabond_up{bond=\"bond0\"} 1.0\n"), text);
            promtool(text);
        }
    }

    @Test
    void shouldPassPromtoolForAMissingPageAndHostileNames(@TempDir final Path root) throws Exception
    {
        final CliRun missing = CliRun.run("status", "--page", root.resolve("exabond-x").toString(), "--format",
            "prometheus");
        promtool(missing.out());
        final Path page = root.resolve("exabond-q");
        try (PagePublisher _ = PagePublisher.create(page, new BondDescription("a\"b\\c", 100, 100, 0,
            List.of(new Member("e\"\\1", 0, 0, true, true))), 0))
        {
            final CliRun hostile = CliRun.run("status", "--page", page.toString(), "--format", "prometheus");
            assertEquals(ExitCode.OK, hostile.code(), hostile.toString());
            assertTrue(hostile.out().contains("exabond_up{bond=\"a\\\"b\\\\\\\\c\"} 1.0"), hostile.out());
            promtool(hostile.out());
        }
    }

    @Test
    void shouldExitZeroWithStalledGaugeWhenThePublisherStalled(@TempDir final Path root) throws Exception
    {
        final Path page = root.resolve("exabond-bond0");
        final Path prom = root.resolve("exabond.prom");
        try (PagePublisher _ = PagePublisher.create(page, new BondDescription("bond0", 1, 1, 0,
            List.of(new Member("eth2", 0, 0, true, true))), 0))
        {
            Thread.sleep(50);

            final CliRun run = CliRun.run("status", "--page", page.toString(), "--format", "prometheus",
                "--textfile", prom.toString());
            final CliRun stdout = CliRun.run("status", "--page", page.toString(), "--format", "prometheus");

            assertEquals(ExitCode.OK, run.code(), run.toString());
            assertEquals(ExitCode.OK, stdout.code(), stdout.toString());
            assertTrue(Files.readString(prom).contains("\nexabond_publisher_stalled{bond=\"bond0\"} 1.0\n"));
            assertTrue(run.err().contains("looks stalled"), run.err());
            assertEquals(ExitCode.STALLED, CliRun.run("status", "--page", page.toString()).code(),
                "text and json keep exit 3");
            assertEquals(List.of(prom), list(root).stream().filter(p -> !p.equals(page)).toList());
        }
    }

    @Test
    void shouldExposeAMissingPageAsDownUnderItsBondName(@TempDir final Path root) throws Exception
    {
        final Path prom = root.resolve("exabond.prom");
        Files.writeString(prom, "stale\n");

        final CliRun byPage = CliRun.run("status", "--page", root.resolve("exabond-mybond").toString(), "--format",
            "prometheus", "--textfile", prom.toString());
        final CliRun byBond = CliRun.run("status", "bond7", "--dev", root.toString(), "--format", "prometheus");

        assertEquals(ExitCode.OK, byPage.code(), byPage.toString());
        assertEquals(ExitCode.OK, byBond.code(), byBond.toString());
        assertTrue(Files.readString(prom).contains("\nexabond_up{bond=\"mybond\"} 0.0\n"), Files.readString(prom));
        assertTrue(byBond.out().contains("\nexabond_up{bond=\"bond7\"} 0.0\n"), byBond.out());
        assertTrue(byPage.err().contains("(written as exabond_up 0)"), byPage.err());
        assertEquals(List.of(prom), list(root));
    }

    @Test
    void shouldLeaveNothingBehindWhenTheTextfileCannotBeWritten(@TempDir final Path root) throws Exception
    {
        final Path folder = Files.createDirectory(root.resolve("collector.prom"));
        final CliRun intoFolder = CliRun.run("status", "--page", root.resolve("exabond-b").toString(), "--format",
            "prometheus", "--textfile", folder.toString());
        final CliRun noFolder = CliRun.run("status", "--page", root.resolve("exabond-b").toString(), "--format",
            "prometheus", "--textfile", root.resolve("none/exabond.prom").toString());
        final CliRun notPrometheus = CliRun.run("status", "--page", root.resolve("exabond-b").toString(),
            "--textfile", root.resolve("x.prom").toString());

        assertEquals(ExitCode.ERROR, intoFolder.code(), intoFolder.toString());
        assertEquals(ExitCode.ERROR, noFolder.code(), noFolder.toString());
        assertEquals(ExitCode.USAGE, notPrometheus.code(), notPrometheus.toString());
        assertTrue(noFolder.err().contains("does not exist. Fix: create it"), noFolder.err());
        assertTrue(intoFolder.err().lines().allMatch(line -> line.startsWith("status: warning: cannot open ") ||
            line.startsWith("exabond status: cannot write ")), intoFolder.err());
        assertEquals(List.of(folder), list(root));
        assertEquals(List.of(), list(folder));
    }

    @Test
    void shouldExposeThePageTimesAsUnixTimestamps(@TempDir final Path root)
    {
        final Path page = root.resolve("exabond-bond0");
        try (PagePublisher publisher = PagePublisher.create(page, BOND, 0))
        {
            publisher.publishActive(1);
            final double before = System.currentTimeMillis() / 1e3;

            final CliRun run = CliRun.run("status", "--page", page.toString(), "--format", "prometheus");

            final double after = System.currentTimeMillis() / 1e3;
            for (final String metric : List.of("exabond_heartbeat_timestamp_seconds",
                "exabond_last_change_timestamp_seconds"))
            {
                final Matcher matcher = Pattern.compile("\n" + metric + "\\{bond=\"bond0\"} ([0-9.E]+)\n")
                    .matcher(run.out());
                assertTrue(matcher.find(), run.out());
                final double value = Double.parseDouble(matcher.group(1));
                assertTrue(value > before - 5 && value <= after + 0.01, metric + " " + value + " not in [" + before +
                    ", " + after + "]");
            }
            assertTrue(!run.out().contains("_age_"), run.out());
        }
    }

    @Test
    void shouldExportTheCountersOfThePagesLiveProcessesAndNotADeadOnes(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root.resolve("host"));
        final Path page = root.resolve("exabond-bond0");
        final Path counters = root.resolve("counters");
        final String me = Long.toString(ProcessHandle.current().pid());
        try (ExabondCounters file = ExabondCounters.create(counters);
            BondBridge bridge = BondBridge.open(new BridgeContext().sysfs(tree.sysfs()).bondName("bond0").page(page)
                .eventDriven(false).counters(file).log(line -> { }));
            BondPage mapped = BondPage.open(page))
        {
            // This process plays the feed handler (a poller of the page) and the bridge that publishes it.
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext().bond("bond0", mapped)
                .listener(event -> { }).warmUp(false).maxPollsPerClockRead(1).counters(file));
            try
            {
                bridge.pass();
                poller.poll();
                tree.setActive("bond0", "eth3");
                bridge.pass();
                poller.poll();
                final Path dead = CountersFiles.copyAs(file.file(), counters, CountersFiles.NEVER_A_PID);
                final double before = System.currentTimeMillis() / 1e3;

                final CliRun run = CliRun.run("status", "--page", page.toString(), "--format", "prometheus",
                    "--counters-dir", counters.toString());

                final double after = System.currentTimeMillis() / 1e3;
                assertEquals(ExitCode.OK, run.code(), run.toString());
                final String text = run.out();
                final String poll = "{bond=\"bond0\",pid=\"" + me + "\",role=\"exabond-poller-bond0\"}";
                final String ours = "{bond=\"bond0\",pid=\"" + me + "\"}";
                assertTrue(text.contains("# TYPE exabond_poller_failovers_total counter\n" +
                    "exabond_poller_failovers_total" + poll + " 1.0\n"), text);
                assertTrue(text.contains("\nexabond_poller_missed_total" + poll + " 0.0\n"), text);
                assertTrue(text.contains("\nexabond_poller_stalls_total" + poll + " 0.0\n"), text);
                assertTrue(text.contains("\nexabond_poller_releases_total" + poll + " 0.0\n"), text);
                assertTrue(text.contains("\nexabond_poller_last_latency_seconds" + poll + " "), text);
                assertTrue(text.contains("\nexabond_bridge_passes_total" + ours + " 2.0\n"), text);
                assertTrue(text.contains("\nexabond_bridge_event_driven" + ours + " 0.0\n"), text);
                assertTrue(text.contains("\nexabond_bridge_interval_seconds" + ours + " 0.1\n"), text);
                assertTrue(text.contains("\nexabond_bridge_reactions_total" + ours + " 0.0\n"), text);
                assertFalse(text.contains("exabond_bridge_reaction_max_seconds"), "none timed yet: " + text);
                for (final String metric : List.of("exabond_poller_last_poll_timestamp_seconds" + poll,
                    "exabond_bridge_last_pass_timestamp_seconds" + ours))
                {
                    final Matcher matcher = Pattern.compile("\n" + Pattern.quote(metric) + " ([0-9.E]+)\n")
                        .matcher(text);
                    assertTrue(matcher.find(), metric + " in " + text);
                    final double value = Double.parseDouble(matcher.group(1));
                    assertTrue(value > before - 60 && value <= after + 1, metric + " " + value + " is not now: " +
                        "the CLOCK_MONOTONIC stamp was not moved to the epoch");
                }
                assertFalse(text.contains(Long.toString(CountersFiles.NEVER_A_PID)), "a dead process is not " +
                    "exported: " + text);
                assertTrue(run.err().contains("status: note: " + dead + ": pid " + CountersFiles.NEVER_A_PID +
                    " DEAD: exited without deleting its file (killed?)"), run.err());
                assertTrue(text.contains("# HELP exabond_poller_missed_total Failovers published and not seen"),
                    text);
                promtool(text);
            }
            finally
            {
                poller.onClose();
            }
        }
    }

    @Test
    void shouldSayWhichCountersFileIsUnreadableAndStillExportThePage(@TempDir final Path root) throws Exception
    {
        final Path page = root.resolve("exabond-bond0");
        final Path truncated = CountersFiles.truncated(root.resolve("counters"), CountersFiles.INIT_PID);
        try (PagePublisher _ = PagePublisher.create(page, BOND, 0))
        {
            final CliRun run = CliRun.run("status", "--page", page.toString(), "--format", "prometheus",
                "--counters-dir", root.resolve("counters").toString());

            assertEquals(ExitCode.OK, run.code(), run.toString());
            assertEquals("status: warning: " + truncated + ": unreadable: " + truncated + " is 100 bytes, shorter " +
                "than a counters file's header (128): truncated, or not a counters file; delete it (not exported)\n",
                run.err());
            assertTrue(run.out().contains("\nexabond_up{bond=\"bond0\"} 1.0\n"), run.out());
            promtool(run.out());
        }
    }

    @Test
    void shouldServeMetricsOverLoopbackAndStopOnSigterm(@TempDir final Path root) throws Exception
    {
        final Path page = root.resolve("exabond-bond0");
        try (PagePublisher publisher = PagePublisher.create(page, BOND, 0);
            ChildJvm child = ChildJvm.start(Exabond.class, "status", "--page", page.toString(), "--format",
                "prometheus", "--listen", "127.0.0.1:0"))
        {
            final Matcher address = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+)/metrics")
                .matcher(child.awaitLine("status: serving http://", 60_000));
            assertTrue(address.find());
            final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

            final HttpResponse<String> first = get(client, address.group(1) + "/metrics");
            publisher.publishActive(1);
            final HttpResponse<String> second = get(client, address.group(1) + "/metrics");
            Files.delete(page);
            final HttpResponse<String> gone = get(client, address.group(1) + "/metrics");
            final HttpResponse<String> elsewhere = get(client, address.group(1) + "/");

            assertEquals(200, first.statusCode());
            assertEquals(PrometheusTextFormatWriter.CONTENT_TYPE, first.headers().firstValue("Content-Type")
                .orElse(""));
            assertTrue(first.body().contains("\nexabond_failovers_total{bond=\"bond0\"} 0.0\n"), first.body());
            assertTrue(second.body().contains("\nexabond_failovers_total{bond=\"bond0\"} 1.0\n"),
                "read per scrape: " + second.body());
            assertTrue(gone.body().contains("exabond_up{bond=\"bond0\"} 0.0\n"), gone.body());
            assertEquals(404, elsewhere.statusCode());
            promtool(second.body());

            ProcessHandle.of(child.pid()).orElseThrow().destroy();
            assertEquals(143, child.awaitExit(30_000), "128 + SIGTERM, after the shutdown hook");
            assertTrue(child.stderr().contains("status: stopped after 3 scrapes"), child.stderr());
        }
    }

    @Test
    void shouldRefuseABadListenAddress(@TempDir final Path root)
    {
        for (final String listen : List.of("localhost:9100", "127.0.0.1:70000", "127.0.0.1:x", ":9100"))
        {
            final CliRun run = CliRun.run("status", "--page", root.resolve("p").toString(), "--format",
                "prometheus", "--listen", listen);
            assertEquals(ExitCode.USAGE, run.code(), run.toString());
            assertTrue(run.err().startsWith("exabond status: bad --listen '"), run.err());
        }
    }

    private static HttpResponse<String> get(final HttpClient client, final String url) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static List<Path> list(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.sorted().toList();
        }
    }

    /**
     * Parses and lints the text with {@code promtool check metrics} (Debian package {@code prometheus}). Skipped
     * where promtool is missing, except in CI ({@code CI=true}), where .ci/run installs it and its absence fails.
     */
    static void promtool(final String text) throws Exception
    {
        final String promtool = findPromtool();
        if (promtool == null)
        {
            if ("true".equals(System.getenv("CI")))
            {
                fail("promtool is missing: .ci/run installs it (apt-get install prometheus)");
            }
            assumeTrue(false, "promtool not installed (apt-get install prometheus)");
        }
        final Process process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (var in = process.getOutputStream())
        {
            in.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        final String output = new String(process.getInputStream().readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "promtool check metrics: " + output + "\n--- text\n" + text);
        assertEquals("", output.strip(), "promtool lint: " + output + "\n--- text\n" + text);
    }

    private static String findPromtool()
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
        {
            final Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate))
            {
                return candidate.toString();
            }
        }
        return null;
    }
}
