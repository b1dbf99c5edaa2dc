package io.exabond.cli;

import io.exabond.page.BondPage;
import io.exabond.page.PageException;
import io.exabond.sysfs.ExabondMasters;
import io.exabond.sysfs.Sysfs;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * {@code status --format prometheus}: reads the page at each {@link #collect()} (once for stdout or a textfile, once
 * per scrape for {@code --listen}) and turns it into {@link BondMetrics}. A page that cannot be read becomes
 * {@code exabond_up 0}, with the reason as a warning line on stderr; so does a stalled publisher's page, with its
 * warning.
 */
final class PageCollector implements MultiCollector
{
    private final PageTarget target;
    private final CommandSpec spec;
    private final Sysfs sysfs;
    private final PrintWriter err;

    /**
     * @param target the page, already validated ({@link PageTarget#path(CommandSpec)}).
     * @param spec   the command.
     * @param sysfs  where to read {@code class/net/exabond_masters}, for {@code exabond_managed}.
     * @param err    stderr, for warnings.
     */
    PageCollector(final PageTarget target, final CommandSpec spec, final Sysfs sysfs, final PrintWriter err)
    {
        this.target = target;
        this.spec = spec;
        this.sysfs = sysfs;
        this.err = err;
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
            return BondMetrics.of(view, BondMetrics.bondLabel(target.bond, target.page, view), management,
                BondMetrics.epochOffsetNs());
        }
    }

    private MetricSnapshots unreadable(final Path path, final Management management, final String why)
    {
        err.println("status: warning: " + reason(path, management, why) + " (written as exabond_up 0" +
            (management == Management.NOT_MANAGED ? ", exabond_managed 0)" : ")"));
        err.flush();
        return BondMetrics.unreadable(BondMetrics.bondLabel(target.bond, target.page, null), management);
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
