package io.exabond.cli;

import io.exabond.page.BondPage;
import io.exabond.sysfs.Sysfs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code exabond status}: word 0 and the status block of a page, once; or, in the Prometheus format, written
 * atomically to a textfile or served over HTTP per scrape.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {
        "Show which slave of a bond is active (word 0) and, when the page has one, its status block: " +
            "members, generation, age of the last change and of the heartbeat. Exit 3 when the publisher looks " +
            "stalled (text and json).",
        "--format prometheus exits 0 whenever it wrote the exposition, whatever the publisher's state: the state " +
            "is in the metrics (exabond_up, exabond_publisher_stalled). --textfile writes it atomically for " +
            "node_exporter's textfile collector; --listen serves it at /metrics (text 0.0.4 or OpenMetrics, as the " +
            "scraper asks; gzip; /-/healthy), reading the page per scrape."
    })
final class StatusCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PageTarget target;

    @Option(names = "--json", description = "One JSON object instead of text (same as --format json).")
    boolean json;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
        description = "text, json, or prometheus (text exposition for node_exporter's textfile collector) " +
            "(default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--textfile", paramLabel = "PATH",
        description = "With --format prometheus: write the exposition to PATH atomically (a temporary file in the " +
            "same folder, renamed over PATH) instead of stdout. node_exporter reads only files ending in .prom.")
    Path textfile;

    @Option(names = "--listen", paramLabel = "[HOST:]PORT",
        description = "With --format prometheus: serve http://HOST:PORT/metrics until Ctrl-C or SIGTERM, reading " +
            "the page at each scrape. HOST defaults to 127.0.0.1 (loopback only); PORT 0 picks a free port.")
    String listen;

    @Option(names = "--sysfs", paramLabel = "ROOT", defaultValue = "/sys",
        description = "With --format prometheus: where sysfs is mounted, for class/net/exabond_masters " +
            "(exabond_managed) (default: ${DEFAULT-VALUE}).")
    Path sysfsRoot;

    /** Output formats. */
    enum Format
    {
        TEXT, JSON, PROMETHEUS
    }

    /** Parses a format name in any case. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format>
    {
        public Format convert(final String value)
        {
            try
            {
                return Format.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            }
            catch (final IllegalArgumentException e)
            {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a format: use text, json or " +
                    "prometheus");
            }
        }
    }

    public Integer call() throws InterruptedException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Format chosen = json ? Format.JSON : format;
        if ((textfile != null || listen != null) && chosen != Format.PROMETHEUS)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--textfile and --listen need --format prometheus");
        }
        if (textfile != null && listen != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "give --textfile or --listen, not both");
        }
        if (chosen == Format.PROMETHEUS)
        {
            // Validates BOND / --page before anything is written or bound.
            target.path(spec);
            final PageCollector metrics = new PageCollector(target, spec, new Sysfs(sysfsRoot), err);
            if (listen != null)
            {
                return MetricsServer.serve(MetricsServer.address(spec, listen), metrics, err);
            }
            final String text = BondMetrics.text(metrics.collect());
            if (textfile != null)
            {
                Textfile.writeAtomically(textfile, text);
            }
            else
            {
                out.print(text);
                out.flush();
            }
            return ExitCode.OK;
        }
        try (BondPage page = target.open(spec))
        {
            final PageView view = PageFaults.guard(page, () -> PageView.read(page));
            out.print(chosen == Format.JSON ? view.json() + System.lineSeparator() : view.text());
            out.flush();
            warn(view, err);
            return view.exitCode();
        }
    }

    static void warn(final PageView view, final PrintWriter err)
    {
        final BondPage page = view.page();
        if (view.problem() != null)
        {
            err.println("status: " + page.path() + " has no valid status block: " + view.problem());
        }
        else if (view.isStalled())
        {
            err.println("status: warning: the publisher of " + page.path() + " looks stalled (" +
                (view.hasBlock() ? "heartbeat " + Durations.format(view.snapshot().heartbeatAgeNs(view.nowNs())) +
                " old, more than 3 monitor intervals" : "seqlock left odd") +
                "). Is the simulator or bridge still running?");
        }
        err.flush();
    }
}
