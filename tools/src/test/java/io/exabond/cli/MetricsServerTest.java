package io.exabond.cli;

import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sysfs.Sysfs;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code status --listen}: the Prometheus client's scrape handler on the JDK's HTTP server, scraped over loopback
 * (127.0.0.1, an ephemeral port) with the JDK's {@link HttpClient}; every request has a timeout.
 */
@Timeout(120)
class MetricsServerTest
{
    /** What Prometheus sends when it prefers protobuf (native histograms, or scrape_protocols so ordered). */
    private static final String PROTOBUF_FIRST = "application/vnd.google.protobuf;" +
        "proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.8,application/openmetrics-text;" +
        "version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1";
    private static final String PROTOBUF_ONLY = "application/vnd.google.protobuf;" +
        "proto=io.prometheus.client.MetricFamily;encoding=delimited";
    private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0,text/plain;" +
        "version=0.0.4;q=0.5";

    @TempDir
    Path root;

    private final StringWriter errText = new StringWriter();
    private final PrintWriter err = new PrintWriter(errText, true);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    private PagePublisher publisher;

    @BeforeEach
    void publish()
    {
        // Monitor intervals of 100 s: the heartbeat never looks stale, so no stall warning however slow the machine.
        publisher = PagePublisher.create(root.resolve("exabond-bond0"), new BondDescription("bond0", 100_000,
            100_000, 0, List.of(new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, false, false))), 0);
    }

    @AfterEach
    void close()
    {
        client.close();
        publisher.close();
    }

    @Test
    void shouldServeTheTextFormatByDefaultAndOpenMetricsWhenAsked() throws Exception
    {
        try (MetricsServer server = MetricsServer.start(loopback(), pageMetrics(), err))
        {
            final HttpResponse<String> text = get(server, "/metrics", "Accept", null);
            final HttpResponse<String> openMetrics = get(server, "/metrics", "Accept", OPENMETRICS);

            assertEquals(200, text.statusCode());
            assertEquals(PrometheusTextFormatWriter.CONTENT_TYPE, contentType(text));
            assertTrue(text.body().contains("# TYPE exabond_failovers_total counter\n" +
                "exabond_failovers_total{bond=\"bond0\"} 0.0\n"), text.body());
            PrometheusExpositionTest.promtool(text.body());
            assertEquals(200, openMetrics.statusCode());
            assertTrue(contentType(openMetrics).startsWith("application/openmetrics-text; version=1.0.0"),
                contentType(openMetrics));
            assertTrue(openMetrics.body().contains("# TYPE exabond_failovers counter\n"), openMetrics.body());
            assertTrue(openMetrics.body().contains("\nexabond_failovers_total{bond=\"bond0\"} 0.0\n"),
                openMetrics.body());
            assertTrue(openMetrics.body().endsWith("\n# EOF\n"), openMetrics.body());
            assertEquals(2, server.scrapes());
        }
    }

    @Test
    void shouldAnswerAScrapeThatPrefersProtobufInATextFormat() throws Exception
    {
        try (MetricsServer server = MetricsServer.start(loopback(), pageMetrics(), err))
        {
            final HttpResponse<String> protobufFirst = get(server, "/metrics", "Accept", PROTOBUF_FIRST);
            final HttpResponse<String> protobufOnly = get(server, "/metrics", "Accept", PROTOBUF_ONLY);

            assertEquals(200, protobufFirst.statusCode(), protobufFirst.body());
            assertTrue(contentType(protobufFirst).startsWith("application/openmetrics-text;"),
                contentType(protobufFirst));
            assertEquals(200, protobufOnly.statusCode(), protobufOnly.body());
            assertEquals(PrometheusTextFormatWriter.CONTENT_TYPE, contentType(protobufOnly));
            PrometheusExpositionTest.promtool(protobufOnly.body());
            assertEquals("", errText.toString());
        }
    }

    @Test
    void shouldCompressWithGzipWhenTheScraperAcceptsIt() throws Exception
    {
        try (MetricsServer server = MetricsServer.start(loopback(), pageMetrics(), err))
        {
            final HttpResponse<byte[]> gzip = client.send(request(server, "/metrics")
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            final HttpResponse<String> plain = get(server, "/metrics", "Accept", null);

            assertEquals(200, gzip.statusCode());
            assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(""));
            final String unzipped = gunzip(gzip.body());
            assertTrue(unzipped.contains("\nexabond_up{bond=\"bond0\"} 1.0\n"), unzipped);
            PrometheusExpositionTest.promtool(unzipped);
            assertFalse(plain.headers().firstValue("Content-Encoding").isPresent());
        }
    }

    @Test
    void shouldAnswerTheHealthCheckAndRefuseOtherPathsAndMethods() throws Exception
    {
        try (MetricsServer server = MetricsServer.start(loopback(), pageMetrics(), err))
        {
            final HttpResponse<String> healthy = get(server, MetricsServer.HEALTH_PATH, "Accept", null);
            final HttpResponse<String> top = get(server, "/", "Accept", null);
            final HttpResponse<String> below = get(server, "/metrics/x", "Accept", null);
            final HttpResponse<String> post = client.send(request(server, "/metrics")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            final HttpResponse<String> head = client.send(request(server, "/metrics")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, healthy.statusCode());
            assertEquals(404, top.statusCode());
            assertTrue(top.body().contains("the metrics are at /metrics"), top.body());
            assertEquals(404, below.statusCode());
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            assertEquals(1, server.scrapes(), "only the HEAD reached the scrape handler");
        }
    }

    @Test
    void shouldAnswerAFailedScrapeWith500AndServeTheNext() throws Exception
    {
        final MultiCollector pageMetrics = pageMetrics();
        final AtomicInteger collects = new AtomicInteger();
        // Fault injection: the first collect throws, as an unexpected failure while reading would.
        final MultiCollector failingOnce = () ->
        {
            if (collects.getAndIncrement() == 0)
            {
                throw new IllegalStateException("injected failure");
            }
            return pageMetrics.collect();
        };
        try (MetricsServer server = MetricsServer.start(loopback(), failingOnce, err))
        {
            final HttpResponse<String> failed = get(server, "/metrics", "Accept", null);
            final HttpResponse<String> next = get(server, "/metrics", "Accept", null);

            assertEquals(500, failed.statusCode());
            assertTrue(failed.body().length() < 200 && failed.body().strip().lines().count() == 1, failed.body());
            assertFalse(failed.body().contains("injected") || failed.body().contains("\tat "), failed.body());
            assertEquals(200, next.statusCode());
            assertTrue(next.body().contains("\nexabond_up{bond=\"bond0\"} 1.0\n"), next.body());
            assertEquals("status: warning: a scrape failed: java.lang.IllegalStateException: injected failure " +
                "(answered 500 unless the reply had begun; still serving)\n", errText.toString());
            assertEquals(2, server.scrapes());
        }
    }

    /**
     * The collector {@code status --page P --format prometheus --listen} serves, from the command's own parse.
     */
    private MultiCollector pageMetrics()
    {
        final StatusCommand status = new StatusCommand();
        new CommandLine(status).parseArgs("--page", root.resolve("exabond-bond0").toString(), "--format",
            "prometheus");
        return new PageCollector(status.target, status.spec, new Sysfs(root.resolve("sys")), err,
            root.resolve("counters"));
    }

    private static InetSocketAddress loopback()
    {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private HttpRequest.Builder request(final MetricsServer server, final String path)
    {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> get(final MetricsServer server, final String path, final String header,
        final String value) throws IOException, InterruptedException
    {
        final HttpRequest.Builder builder = request(server, path);
        if (value != null)
        {
            builder.header(header, value);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String contentType(final HttpResponse<?> response)
    {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private static String gunzip(final byte[] body) throws IOException
    {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body)))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
