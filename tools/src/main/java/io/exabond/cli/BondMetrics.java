package io.exabond.cli;

import io.exabond.page.GroupInfo;
import io.exabond.sysfs.InterfaceName;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link PageView} as Prometheus metrics: snapshots of the official Java client's model, which its writers put in
 * the text format 0.0.4 (node_exporter's textfile collector, stdout, a scrape without {@code Accept}) or OpenMetrics
 * (a scrape that asks for it).
 * <p>
 * Nothing here is an age computed when the metrics are taken: a textfile is read by node_exporter long after it was
 * written, so an age would freeze there and look fresh. Times are Unix-epoch timestamps instead, which an alert
 * compares with {@code time()}; the page holds {@code CLOCK_MONOTONIC} times, converted by the difference between
 * {@code CLOCK_REALTIME} and {@code CLOCK_MONOTONIC} taken at the read (see {@link #epochOffsetNs()}).
 */
final class BondMetrics
{
    /** The file-name prefix of a page: {@code /dev/exabond-NAME} or a publisher's {@code /dev/shm/exabond-NAME}. */
    static final String PAGE_PREFIX = "exabond-";

    private static final String UP_HELP = "1 when the page could be opened, mapped and read; 0 when it is missing " +
        "or unreadable (then only this metric and exabond_managed are written).";
    private static final String MANAGED_HELP = "1 when the exasock module manages the bond (class/net/" +
        "exabond_masters lists it); 0 when the module is loaded and does not list it: the bond is not managed and " +
        "has no /dev/exabond-<bond> node (the driver removes it on unmanage). Absent when the module is not loaded " +
        "or the page is a publisher's file.";

    private BondMetrics()
    {
    }

    /**
     * The {@code bond} label: the BOND argument when given, else the name in the page's status block, else for a page
     * file named {@code exabond-NAME} the NAME, else the file name. A page that cannot be read still gets its bond's
     * name, not its file's.
     *
     * @param bond the BOND argument, or null.
     * @param page the page file, or null.
     * @param view the page as read, or null when it could not be.
     * @return the label value, unescaped.
     */
    static String bondLabel(final String bond, final Path page, final PageView view)
    {
        if (bond != null)
        {
            return bond;
        }
        if (view != null && view.hasBlock() && !view.snapshot().bondName().isEmpty())
        {
            return view.snapshot().bondName();
        }
        final Path fileName = page == null ? null : page.getFileName();
        final String file = fileName == null ? String.valueOf(page) : fileName.toString();
        return file.startsWith(PAGE_PREFIX) && file.length() > PAGE_PREFIX.length() ?
            file.substring(PAGE_PREFIX.length()) : file;
    }

    /**
     * {@code CLOCK_REALTIME - CLOCK_MONOTONIC} now, in ns: added to a {@code CLOCK_MONOTONIC} time of the page it
     * gives that instant as Unix-epoch ns. The two clocks are read back to back and the monotonic reading taken
     * halfway; the error is the gap between the reads (sub-microsecond) plus any NTP step before the next write.
     *
     * @return the offset, ns.
     */
    static long epochOffsetNs()
    {
        final long before = System.nanoTime();
        final Instant now = Instant.now();
        final long after = System.nanoTime();
        final long realNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return realNs - (before + (after - before) / 2);
    }

    /**
     * @param view          the page as read.
     * @param bond          the {@code bond} label value, see {@link #bondLabel(String, Path, PageView)}.
     * @param management    whether exasock manages the bond.
     * @param epochOffsetNs {@link #epochOffsetNs()} at about the time of the read.
     * @return the metrics.
     */
    static MetricSnapshots of(
        final PageView view, final String bond, final Management management, final long epochOffsetNs)
    {
        final StatusSnapshot s = view.hasBlock() ? view.snapshot() : null;
        final Labels bondLabels = Labels.of("bond", printable(bond));
        final int raw = view.raw();
        final MetricSnapshots.Builder metrics = MetricSnapshots.builder()
            .metricSnapshot(gauge("exabond_up", UP_HELP, bondLabels, 1));
        managed(metrics, bondLabels, management);
        metrics.metricSnapshot(gauge("exabond_active", "1 when the bond has an active slave (word 0 ACTIVE flag).",
            bondLabels, GroupInfo.isActive(raw) ? 1 : 0));
        if (GroupInfo.isActive(raw))
        {
            String ifname = "";
            if (s != null)
            {
                for (int i = 0; i < s.memberCount(); i++)
                {
                    if (s.isMemberActive(i))
                    {
                        ifname = s.memberIfname(i);
                    }
                }
            }
            metrics.metricSnapshot(gauge("exabond_active_slave_info", "The active slave (value 1); absent when none " +
                "is active.", memberLabels(bond, ifname, GroupInfo.exanicId(raw), GroupInfo.exanicPort(raw)), 1));
        }
        metrics.metricSnapshot(gauge("exabond_publisher_stalled", "1 when the publisher looks stalled: heartbeat " +
            "older than 3 monitor intervals, or seqlock left odd.", bondLabels, view.isStalled() ? 1 : 0));
        metrics.metricSnapshot(gauge("exabond_status_block", "1 when the page has a valid status block (a userspace " +
            "publisher), 0 for a kernel page with word 0 only, or a block that cannot be read.", bondLabels,
            s != null ? 1 : 0));
        metrics.metricSnapshot(gauge("exabond_status_block_invalid", "1 when something other than a status block " +
            "is at offset 2048 (status says what).", bondLabels,
            view.status() == StatusBlockReader.Status.INVALID ? 1 : 0));
        if (s != null)
        {
            block(metrics, s, bond, bondLabels, epochOffsetNs);
        }
        return metrics.build();
    }

    /**
     * What to expose when the page cannot be read at all, so that an alert can fire on it.
     *
     * @param bond       the {@code bond} label value.
     * @param management whether exasock manages the bond.
     * @return the metrics.
     */
    static MetricSnapshots unreadable(final String bond, final Management management)
    {
        final Labels bondLabels = Labels.of("bond", printable(bond));
        final MetricSnapshots.Builder metrics = MetricSnapshots.builder()
            .metricSnapshot(gauge("exabond_up", UP_HELP, bondLabels, 0));
        managed(metrics, bondLabels, management);
        return metrics.build();
    }

    /**
     * @param metrics the metrics.
     * @return them in the text format 0.0.4, as node_exporter's textfile collector reads it.
     */
    static String text(final MetricSnapshots metrics)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try
        {
            PrometheusTextFormatWriter.create().write(out, metrics);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void managed(final MetricSnapshots.Builder metrics, final Labels bondLabels,
        final Management management)
    {
        if (management != Management.UNKNOWN)
        {
            metrics.metricSnapshot(gauge("exabond_managed", MANAGED_HELP, bondLabels,
                management == Management.MANAGED ? 1 : 0));
        }
    }

    private static void block(final MetricSnapshots.Builder metrics, final StatusSnapshot s, final String bond,
        final Labels bondLabels, final long epochOffsetNs)
    {
        // The client names a counter's family without _total and writes its sample as exabond_failovers_total.
        metrics.metricSnapshot(CounterSnapshot.builder().name("exabond_failovers")
            .help("Changes of active slave published since the status block was created (its generation); starts " +
                "again at 0 when the block is created anew.")
            .dataPoint(CounterDataPointSnapshot.builder().labels(bondLabels).value(s.generation()).build())
            .build());
        metrics.metricSnapshot(gauge("exabond_last_change_timestamp_seconds", "When the last change of active " +
            "slave was published, Unix time (the page's CLOCK_MONOTONIC time plus CLOCK_REALTIME - CLOCK_MONOTONIC " +
            "at the read).", bondLabels, seconds(s.changedNs() + epochOffsetNs)));
        metrics.metricSnapshot(gauge("exabond_heartbeat_timestamp_seconds", "When the publisher last looked at the " +
            "bond, Unix time (converted as exabond_last_change_timestamp_seconds); alert on time() - this > 3 * " +
            "exabond_monitor_interval_seconds.", bondLabels, seconds(s.heartbeatNs() + epochOffsetNs)));
        metrics.metricSnapshot(gauge("exabond_monitor_interval_seconds", "How often the publisher looks at the bond.",
            bondLabels, s.monitorIntervalMs() / 1e3));
        final List<GaugeDataPointSnapshot> members = new ArrayList<>();
        final Set<Labels> seen = new HashSet<>();
        for (int i = 0; i < s.memberCount(); i++)
        {
            final Labels labels = memberLabels(bond, s.memberIfname(i), s.memberExanicId(i), s.memberExanicPort(i));
            // A page names each member once; a hand-written one may not, and a family holds one sample per labels.
            if (seen.add(labels))
            {
                members.add(point(labels, s.isMemberLinkUp(i) ? 1 : 0));
            }
        }
        final GaugeSnapshot.Builder memberUp = GaugeSnapshot.builder().name("exabond_member_up")
            .help("1 when the member's link is up.");
        members.forEach(memberUp::dataPoint);
        metrics.metricSnapshot(memberUp.build());
    }

    private static GaugeSnapshot gauge(final String name, final String help, final Labels labels, final double value)
    {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(point(labels, value)).build();
    }

    private static GaugeDataPointSnapshot point(final Labels labels, final double value)
    {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static Labels memberLabels(final String bond, final String ifname, final int id, final int port)
    {
        return Labels.of("bond", printable(bond), "ifname", printable(ifname), "exanic", port(id, port));
    }

    /**
     * @param ns Unix-epoch ns.
     * @return the same in seconds.
     */
    static double seconds(final long ns)
    {
        // A double holds today's epoch seconds to about 0.2 us: ample for a time compared with time() in seconds.
        return Math.floorDiv(ns, 1_000_000_000L) + Math.floorMod(ns, 1_000_000_000L) / 1e9;
    }

    private static String port(final int id, final int port)
    {
        return id == 255 && port == 255 ? "none" : "exanic" + id + ":" + port;
    }

    /**
     * A label value: names come from the page, which any process that can write it controls, so they are made
     * printable (no control character reaches a terminal or a scraper); the client's writers then escape the
     * backslash and the double quote as the format requires.
     */
    private static String printable(final String value)
    {
        return InterfaceName.printable(value);
    }
}
