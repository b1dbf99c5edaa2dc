package io.exabond.cli;

import io.exabond.page.BondPage;
import io.exabond.page.PageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code exabond status}: word 0 and the status block of a page, once.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show which slave of a bond is active (word 0) and, when the page has one, its status block: " +
        "members, generation, age of the last change and of the heartbeat. Exit 3 when the publisher looks stalled.")
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

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Format chosen = json ? Format.JSON : format;
        final BondPage opened;
        try
        {
            opened = target.open(spec);
        }
        catch (final PageException e)
        {
            if (chosen == Format.PROMETHEUS)
            {
                out.print(PrometheusText.unreadable(target.name(spec)));
                out.flush();
            }
            throw e;
        }
        try (BondPage page = opened)
        {
            final PageView view = PageFaults.guard(page, () -> PageView.read(page));
            out.print(switch (chosen)
            {
                case JSON -> view.json() + System.lineSeparator();
                case PROMETHEUS -> PrometheusText.of(view, target.name(spec));
                case TEXT -> view.text();
            });
            out.flush();
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
            return view.exitCode();
        }
    }
}
