package io.exabond.cli;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.Request;
import io.exabond.sysfs.InterfaceName;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HealthyHandler;
import io.prometheus.metrics.exporter.httpserver.HttpErrorHandlingPolicy;
import io.prometheus.metrics.exporter.httpserver.HttpExchangeAdapter;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code status --format prometheus --listen}: the Prometheus Java client's scrape handler on the JDK's own HTTP
 * server ({@code jdk.httpserver}), one request at a time on its dispatcher thread, each scrape collecting anew, until
 * Ctrl-C or SIGTERM.
 * <p>
 * The client negotiates the format by the scraper's {@code Accept} (text 0.0.4 or OpenMetrics), compresses with gzip
 * when asked, and answers a scrape whose collection throws with a 500 and a one-line body, the server going on.
 * {@code /-/healthy} answers 200 while the server runs. A request that prefers the protobuf format is answered in a
 * text format: that format's writer ({@code prometheus-metrics-exposition-formats}, 2 MB) is left out of the tools.
 */
final class MetricsServer implements AutoCloseable
{
    /** Where the metrics are served. */
    static final String METRICS_PATH = "/metrics";

    /** Where the health check is served. */
    static final String HEALTH_PATH = "/-/healthy";

    private static final String PROTOBUF = "application/vnd.google.protobuf";

    /**
     * The client also logs a failed scrape, with its stack trace, through java.util.logging when even the 500 cannot
     * be sent (the scraper went away): the error reporter has said what failed, in one line. Held here because
     * java.util.logging keeps loggers weakly, and a collected logger would lose its level.
     */
    private static final Logger CLIENT_LOG = Logger.getLogger(HttpExchangeAdapter.class.getName());

    private final HttpServer server;
    private final AtomicLong scrapes = new AtomicLong();

    private MetricsServer(final HttpServer server, final MultiCollector metrics, final PrintWriter err)
    {
        this.server = server;
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(metrics);
        final HttpErrorHandlingPolicy errors = HttpErrorHandlingPolicy.builder()
            .errorReporter(e -> scrapeFailed(e, err))
            .build();
        // Built, not PrometheusProperties.get(): no prometheus.properties file or system property changes the output.
        final HttpContext scrape = server.createContext(METRICS_PATH,
            new MetricsHandler(PrometheusProperties.builder().build(), registry, errors));
        scrape.getFilters().add(new ScrapeRequests());
        scrape.getFilters().add(Filter.adaptRequest("text formats only", MetricsServer::textFormatsOnly));
        // Counted before the handler: once the scraper has its reply, the count includes it.
        scrape.getFilters().add(Filter.beforeHandler("counts scrapes", exchange -> scrapes.incrementAndGet()));
        server.createContext(HEALTH_PATH, new HealthyHandler());
        server.createContext("/", exchange -> reply(exchange, 404, "not found: the metrics are at " + METRICS_PATH +
            ", the health check at " + HEALTH_PATH + "\n"));
    }

    /**
     * @param spec   the command, for usage errors.
     * @param listen {@code PORT}, {@code HOST:PORT} or {@code [IPv6]:PORT}.
     * @return the address to bind; loopback when no host is given.
     */
    static InetSocketAddress address(final CommandLine.Model.CommandSpec spec, final String listen)
    {
        final int colon = listen.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : listen.substring(0, colon);
        final String port = listen.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        final int number;
        try
        {
            number = Integer.parseInt(port);
        }
        catch (final NumberFormatException e)
        {
            throw bad(spec, listen, "the port is not a number");
        }
        if (number < 0 || number > 65535 || host.isEmpty())
        {
            throw bad(spec, listen, host.isEmpty() ? "the host is empty" : "the port is not in 0-65535");
        }
        try
        {
            // A literal address only: no name lookup, so the address bound is the one written.
            return new InetSocketAddress(InetAddress.ofLiteral(host), number);
        }
        catch (final IllegalArgumentException e)
        {
            throw bad(spec, listen, "the host is not an IP address (e.g. 127.0.0.1 or [::1])");
        }
    }

    /**
     * Binds and starts serving.
     *
     * @param address where.
     * @param metrics collected at each scrape; it writes its own warnings.
     * @param err     where a failed scrape is reported.
     * @return the running server; {@link #close()} stops it.
     * @throws UserException (exit 1) when the address cannot be bound.
     */
    static MetricsServer start(final InetSocketAddress address, final MultiCollector metrics, final PrintWriter err)
    {
        CLIENT_LOG.setLevel(Level.OFF);
        final HttpServer server;
        try
        {
            server = HttpServer.create(address, 0);
        }
        catch (final BindException e)
        {
            throw new UserException(ExitCode.ERROR, "cannot listen on " + describe(address) + ": " + e.getMessage() +
                ". Fix: give another --listen HOST:PORT (PORT 0 picks a free one)");
        }
        catch (final IOException e)
        {
            throw new UserException(ExitCode.ERROR, "cannot listen on " + describe(address) + ": " + e +
                ". Fix: give another --listen HOST:PORT");
        }
        final MetricsServer metricsServer = new MetricsServer(server, metrics, err);
        server.start();
        return metricsServer;
    }

    /**
     * Serves until a signal.
     *
     * @param address where.
     * @param metrics collected at each scrape; it writes its own warnings.
     * @param err     stderr: the address served, failed scrapes, the summary.
     * @return the exit code when stopped.
     * @throws InterruptedException when interrupted while serving.
     */
    static int serve(final InetSocketAddress address, final MultiCollector metrics, final PrintWriter err)
        throws InterruptedException
    {
        final MetricsServer server = start(address, metrics, err);
        final CountDownLatch stop = new CountDownLatch(1);
        try (StopOnSignal _ = new StopOnSignal("status", stop::countDown))
        {
            err.println("status: serving " + server.url() + METRICS_PATH + " (each scrape reads the page; Ctrl-C " +
                "stops)");
            err.flush();
            try
            {
                stop.await();
            }
            finally
            {
                server.close();
                err.println("status: stopped after " + server.scrapes() + " scrapes");
                err.flush();
            }
        }
        return ExitCode.OK;
    }

    /**
     * @return {@code http://HOST:PORT}, the port bound (not 0).
     */
    String url()
    {
        return "http://" + describe(server.getAddress());
    }

    /**
     * @return GET and HEAD requests of {@link #METRICS_PATH} handed to the scrape handler, failed ones too.
     */
    long scrapes()
    {
        return scrapes.get();
    }

    /**
     * Stops at once: a scrape in progress is cut off.
     */
    public void close()
    {
        server.stop(0);
    }

    private static void scrapeFailed(final Exception e, final PrintWriter err)
    {
        // Answered 500 unless the reply had begun (the scraper went away mid-body): the client cannot tell us which.
        err.println("status: warning: a scrape failed: " + InterfaceName.printable(e.toString()) + " (answered 500 " +
            "unless the reply had begun; still serving)");
        if ("1".equals(System.getenv("EXABOND_DEBUG")))
        {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /**
     * The request with every protobuf media range taken out of {@code Accept}: the client would pick its protobuf
     * writer for such a scrape, and that writer is not on the class path.
     */
    private static Request textFormatsOnly(final Request request)
    {
        final List<String> accept = request.getRequestHeaders().get("Accept");
        if (accept == null || accept.stream().noneMatch(value -> value.contains(PROTOBUF)))
        {
            return request;
        }
        final List<String> textOnly = new ArrayList<>();
        for (final String value : accept)
        {
            final StringBuilder kept = new StringBuilder();
            for (final String range : value.split(","))
            {
                if (!range.contains(PROTOBUF))
                {
                    kept.append(kept.isEmpty() ? "" : ",").append(range.strip());
                }
            }
            if (!kept.isEmpty())
            {
                textOnly.add(kept.toString());
            }
        }
        final Headers headers = new Headers(request.getRequestHeaders());
        if (textOnly.isEmpty())
        {
            headers.remove("Accept");
        }
        else
        {
            headers.put("Accept", textOnly);
        }
        final Headers adapted = Headers.of(headers);
        return new Request()
        {
            public URI getRequestURI()
            {
                return request.getRequestURI();
            }

            public String getRequestMethod()
            {
                return request.getRequestMethod();
            }

            public Headers getRequestHeaders()
            {
                return adapted;
            }
        };
    }

    private static void reply(final HttpExchange exchange, final int code, final String body) throws IOException
    {
        try (exchange)
        {
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream stream = exchange.getResponseBody())
            {
                stream.write(bytes);
            }
        }
    }

    private static String describe(final InetSocketAddress address)
    {
        final String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static CommandLine.ParameterException bad(final CommandLine.Model.CommandSpec spec, final String listen,
        final String why)
    {
        return new CommandLine.ParameterException(spec.commandLine(), "bad --listen '" + listen + "': " + why +
            "; give PORT or HOST:PORT, e.g. 127.0.0.1:9101");
    }

    /**
     * What the client's handler does not check: the path is exactly {@link #METRICS_PATH} (a context also matches
     * longer paths) and the method GET or HEAD.
     */
    private static final class ScrapeRequests extends Filter
    {
        public void doFilter(final HttpExchange exchange, final Chain chain) throws IOException
        {
            final String method = exchange.getRequestMethod();
            if (!METRICS_PATH.equals(exchange.getRequestURI().getPath()))
            {
                reply(exchange, 404, "not found: the metrics are at " + METRICS_PATH + "\n");
            }
            else if (!"GET".equals(method) && !"HEAD".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "only GET and HEAD\n");
            }
            else
            {
                chain.doFilter(exchange);
            }
        }

        public String description()
        {
            return "GET or HEAD of " + METRICS_PATH + " only";
        }
    }
}
