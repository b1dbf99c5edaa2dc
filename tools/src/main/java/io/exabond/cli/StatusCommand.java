package io.exabond.cli;

import io.exabond.internal.Errno;
import io.exabond.page.BondPage;
import io.exabond.sysfs.InterfaceName;
import io.exabond.page.PageException;
import io.exabond.sysfs.CountersScan;
import io.exabond.sysfs.ExabondMasters;
import io.exabond.sysfs.Sysfs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
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
            "scraper asks; gzip; /-/healthy), reading the page per scrape. It also exports the counters of every " +
            "live process that polls, bridges or simulates the page (exabond_poller_*, exabond_bridge_*, " +
            "exabond_simulator_*), from their counters files in --counters-dir."
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
        description = "Where sysfs is mounted: its class/net/exabond_masters tells whether BOND is under exasock " +
            "management, when /dev/exabond-BOND is missing and for exabond_managed (default: ${DEFAULT-VALUE}).")
    Path sysfsRoot;

    @Option(names = "--counters-dir", paramLabel = "DIR",
        description = "With --format prometheus: the folder of the processes' counters files (default: the " +
            "-Dexabond.counters.dir of this JVM, else /dev/shm, where processes keep them unless told otherwise).")
    Path countersDir;

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
            final PageCollector metrics = new PageCollector(target, spec, new Sysfs(sysfsRoot), err,
                countersDir != null ? countersDir : CountersScan.defaultDirectory());
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
        final BondPage opened;
        try
        {
            opened = target.open(spec);
        }
        catch (final PageException e)
        {
            throw explainMissingNode(e);
        }
        try (BondPage page = opened)
        {
            final PageView view = PageFaults.guard(page, () -> PageView.read(page));
            out.print(chosen == Format.JSON ? view.json() + System.lineSeparator() : view.text());
            out.flush();
            warn(view, err);
            return view.exitCode();
        }
    }

    /**
     * A device node that does not exist, said the way {@code exabond_masters} explains it: a bond that is not
     * managed (never, or released: the driver removes the node at once) is fixed by {@code exabond manage}, never by
     * a publisher writing a file where only the driver may put a node.
     *
     * @return the exception to throw: a clearer one, or {@code e} itself.
     */
    private RuntimeException explainMissingNode(final PageException e)
    {
        final String bond = target.bond != null ? target.bond : bondOfNode(target.page);
        if (e.errno() != Errno.ENOENT || bond == null)
        {
            return e;
        }
        final Sysfs sysfs = new Sysfs(sysfsRoot);
        final Path node = BondPage.devicePath(target.devDir, bond);
        final ExabondMasters masters = ExabondMasters.read(sysfs);
        if (masters != null && !masters.isManaged(bond))
        {
            return new UserException(ExitCode.ERROR, bond + " is not under exasock management, so " + node +
                " does not exist (" + sysfs.exabondMasters() + " does not list it; a bond released from management " +
                "loses its node at once). Fix: exabond manage " + bond);
        }
        if (masters == null && !Files.exists(sysfs.exabondMasters()))
        {
            return new UserException(ExitCode.ERROR, "the exasock module is not loaded (" + sysfs.exabondMasters() +
                " does not exist), so there is no " + node + ". Fix: modprobe exasock; or publish " + bond +
                " from sysfs with `exabond bridge " + bond + " --page /dev/shm/exabond-" + bond + "` and read that " +
                "page with `exabond status --page /dev/shm/exabond-" + bond + "`");
        }
        return e;
    }

    /** BOND of {@code <dev>/exabond-BOND}, or null when the path is not a node there. */
    private String bondOfNode(final Path path)
    {
        final Path name = path.getFileName();
        final Path parent = path.toAbsolutePath().normalize().getParent();
        if (name == null || parent == null || !parent.equals(target.devDir.toAbsolutePath().normalize()) ||
            !name.toString().startsWith(BondMetrics.PAGE_PREFIX))
        {
            return null;
        }
        final String bond = name.toString().substring(BondMetrics.PAGE_PREFIX.length());
        return InterfaceName.isValid(bond) ? bond : null;
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
