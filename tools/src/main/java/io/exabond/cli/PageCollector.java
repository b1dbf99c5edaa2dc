package io.exabond.cli;

import io.exabond.counters.ProcessCounters;
import io.exabond.page.BondPage;
import io.exabond.page.PageException;
import io.exabond.sysfs.CountersScan;
import io.exabond.sysfs.ExabondMasters;
import io.exabond.sysfs.Sysfs;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * {@code status --format prometheus}: reads the page at each {@link #collect()} (once for stdout or a textfile, once
 * per scrape for {@code --listen}) and turns it into {@link BondMetrics}, and the counters files of the processes that
 * poll, bridge or simulate it into {@link CounterMetrics}. A page that cannot be read becomes {@code exabond_up 0},
 * with the reason as a warning line on stderr; so does a stalled publisher's page, with its warning. A counters file
 * that cannot be read is a warning line, a dead process's counters of the page a note; neither is exported.
 */
final class PageCollector implements MultiCollector
{
    private final PageTarget target;
    private final CommandSpec spec;
    private final Sysfs sysfs;
    private final PrintWriter err;
    private final Path countersDirectory;

    /**
     * @param target            the page, already validated ({@link PageTarget#path(CommandSpec)}).
     * @param spec              the command.
     * @param sysfs             where to read {@code class/net/exabond_masters}, for {@code exabond_managed}.
     * @param err               stderr, for warnings.
     * @param countersDirectory the folder of the processes' counters files.
     */
    PageCollector(final PageTarget target, final CommandSpec spec, final Sysfs sysfs, final PrintWriter err,
        final Path countersDirectory)
    {
        this.target = target;
        this.spec = spec;
        this.sysfs = sysfs;
        this.err = err;
        this.countersDirectory = countersDirectory;
    }

    public MetricSnapshots collect()
    {
        final Path path = target.path(spec);
        final Management management = Management.of(sysfs, target.devDir, path);
        final BondPage opened;
        try
        {
            opened = target.open(spec);
        }
        catch (final PageException e)
        {
            return unreadable(path, management, e.getMessage());
        }
        try (BondPage page = opened)
        {
            final PageView view;
            try
            {
                view = PageFaults.guard(page, () -> PageView.read(page));
            }
            catch (final UserException e)
            {
                return unreadable(path, management, e.getMessage());
            }
            StatusCommand.warn(view, err);
            final String bond = BondMetrics.bondLabel(target.bond, target.page, view);
            final long epochOffsetNs = BondMetrics.epochOffsetNs();
            return withCounters(BondMetrics.of(view, bond, management, epochOffsetNs), path, bond, epochOffsetNs);
        }
    }

    private MetricSnapshots unreadable(final Path path, final Management management, final String why)
    {
        err.println("status: warning: " + reason(path, management, why) + " (written as exabond_up 0" +
            (management == Management.NOT_MANAGED ? ", exabond_managed 0)" : ")"));
        err.flush();
        final String bond = BondMetrics.bondLabel(target.bond, target.page, null);
        // A poller's counters outlive the page it lost: its releases and missed failovers are worth the most then.
        return withCounters(BondMetrics.unreadable(bond, management), path, bond, BondMetrics.epochOffsetNs());
    }

    private MetricSnapshots withCounters(final MetricSnapshots page, final Path path, final String bond,
        final long epochOffsetNs)
    {
        final CountersScan scan = CountersScan.of(countersDirectory, path);
        for (final ProcessCounters unreadable : scan.unreadable())
        {
            err.println("status: warning: " + CountersScan.unreadableLine(unreadable) + " (not exported)");
        }
        for (final ProcessCounters dead : scan.dead())
        {
            err.println("status: note: " + CountersScan.deadLine(dead) + "; its counters of " + scan.page() +
                " are not exported (" + scan.removeDeadCommand() + " deletes the file)");
        }
        err.flush();
        final MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (final MetricSnapshot snapshot : page)
        {
            all.metricSnapshot(snapshot);
        }
        for (final MetricSnapshot snapshot : CounterMetrics.of(scan, bond, epochOffsetNs))
        {
            all.metricSnapshot(snapshot);
        }
        return all.build();
    }

    /**
     * Why a device node is missing, from {@code exabond_masters}: the page's own message suggests a publisher for a
     * missing file, which no one may start on a path only the driver owns.
     */
    private String reason(final Path path, final Management management, final String why)
    {
        final String bond = Management.nodeBond(target.devDir, path);
        if (bond == null || Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            return why;
        }
        if (management == Management.NOT_MANAGED)
        {
            return bond + " is not under exasock management (" + sysfs.exabondMasters() + " does not list it), so " +
                "there is no " + path + ": the driver removes the node when a bond is unmanaged. Fix: `exabond " +
                "manage " + bond + "`";
        }
        if (management == Management.UNKNOWN && !Files.exists(sysfs.exabondMasters()))
        {
            return "there is no " + path + ": " + ExabondMasters.notLoadedMessage(sysfs);
        }
        return why;
    }
}
