package io.exabond.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@code status --format prometheus --listen}: serves {@code /metrics} with the JDK's own HTTP server
 * ({@code jdk.httpserver}), one scrape at a time on its dispatcher thread, each scrape reading the page anew, until
 * Ctrl-C or SIGTERM.
 */
final class MetricsServer
{
    private static final String PATH = "/metrics";

    private MetricsServer()
    {
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
     * Serves until a signal.
     *
     * @param address    where.
     * @param exposition renders the page at each scrape; warnings go to the writer it is given.
     * @param err        stderr: the address served, warnings, the summary.
     * @return the exit code when stopped.
     * @throws InterruptedException when interrupted while serving.
     */
    static int serve(final InetSocketAddress address, final Function<PrintWriter, String> exposition,
        final PrintWriter err) throws InterruptedException
    {
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
        final AtomicLong scrapes = new AtomicLong();
        server.createContext("/", exchange -> handle(exchange, exposition, err, scrapes));
        final CountDownLatch stop = new CountDownLatch(1);
        try (StopOnSignal _ = new StopOnSignal("status", stop::countDown))
        {
            server.start();
            err.println("status: serving http://" + describe(server.getAddress()) + PATH +
                " (each scrape reads the page; Ctrl-C stops)");
            err.flush();
            try
            {
                stop.await();
            }
            finally
            {
                server.stop(0);
                err.println("status: stopped after " + scrapes.get() + " scrapes");
                err.flush();
            }
        }
        return ExitCode.OK;
    }

    private static void handle(final HttpExchange exchange, final Function<PrintWriter, String> exposition,
        final PrintWriter err, final AtomicLong scrapes) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath()))
            {
                send(exchange, 404, "not found: the metrics are at " + PATH + "\n");
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "only GET and HEAD\n");
                return;
            }
            final String text;
            synchronized (err)
            {
                text = exposition.apply(err);
            }
            scrapes.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
            send(exchange, 200, "HEAD".equals(method) ? null : text);
        }
        catch (final RuntimeException e)
        {
            // A scrape must never end the server: say what failed, answer 500, serve the next one.
            err.println("status: warning: a scrape failed: " + e);
            err.flush();
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private static void send(final HttpExchange exchange, final int code, final String body) throws IOException
    {
        if (body == null)
        {
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (exchange.getResponseHeaders().getFirst("Content-Type") == null)
        {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream stream = exchange.getResponseBody())
        {
            stream.write(bytes);
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
}
