package io.exabond.cli;

import io.exabond.page.GroupInfo;
import io.exabond.page.InterfaceName;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A {@link PageView} in the Prometheus text exposition format (version 0.0.4), for node_exporter's textfile
 * collector or a scrape of {@code status --listen}: {@code # HELP} and {@code # TYPE} lines, one sample per line, no
 * sample timestamps.
 * <p>
 * Nothing here is an age computed when the text is written: a textfile is read by node_exporter long after it was
 * written, so an age would freeze there and look fresh. Times are Unix-epoch timestamps instead, which an alert
 * compares with {@code time()}; the page holds {@code CLOCK_MONOTONIC} times, converted by the difference between
 * {@code CLOCK_REALTIME} and {@code CLOCK_MONOTONIC} taken when the text is written (see {@link #epochOffsetNs()}).
 */
final class PrometheusText
{
    /** The file-name prefix of a page: {@code /dev/exabond-NAME} or a publisher's {@code /dev/shm/exabond-NAME}. */
    static final String PAGE_PREFIX = "exabond-";

    /** The content type of the text format, for an HTTP scrape. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String UP_HELP = "1 when the page could be opened, mapped and read; 0 when it is missing " +
        "or unreadable (then only this metric is written).";

    private final StringBuilder out = new StringBuilder();

    private PrometheusText()
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
     * @param epochOffsetNs {@link #epochOffsetNs()} at about the time of the read.
     * @return the exposition text, ending with a newline.
     */
    static String of(final PageView view, final String bond, final long epochOffsetNs)
    {
        final PrometheusText text = new PrometheusText();
        final StatusSnapshot s = view.hasBlock() ? view.snapshot() : null;
        final String bondLabel = "bond=\"" + escape(bond) + "\"";
        final int raw = view.raw();

        text.help("exabond_up", UP_HELP, "gauge");
        text.sample("exabond_up", bondLabel, 1);
        text.help("exabond_active", "1 when the bond has an active slave (word 0 ACTIVE flag).", "gauge");
        text.sample("exabond_active", bondLabel, GroupInfo.isActive(raw) ? 1 : 0);
        text.help("exabond_active_slave_info", "The active slave (value 1); absent when none is active.", "gauge");
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
            text.sample("exabond_active_slave_info", bondLabel + ",ifname=\"" + escape(ifname) + "\",exanic=\"" +
                port(GroupInfo.exanicId(raw), GroupInfo.exanicPort(raw)) + "\"", 1);
        }
        text.help("exabond_publisher_stalled", "1 when the publisher looks stalled: heartbeat older than 3 monitor " +
            "intervals, or seqlock left odd.", "gauge");
        text.sample("exabond_publisher_stalled", bondLabel, view.isStalled() ? 1 : 0);
        text.help("exabond_status_block", "1 when the page has a valid status block (a userspace publisher), 0 for " +
            "a kernel page with word 0 only, or a block that cannot be read.", "gauge");
        text.sample("exabond_status_block", bondLabel, s != null ? 1 : 0);
        text.help("exabond_status_block_invalid", "1 when something other than a status block is at offset 2048 " +
            "(status says what).", "gauge");
        text.sample("exabond_status_block_invalid", bondLabel,
            view.status() == StatusBlockReader.Status.INVALID ? 1 : 0);
        if (s != null)
        {
            text.help("exabond_failovers_total", "Changes of active slave published since the status block was " +
                "created (its generation); starts again at 0 when the block is created anew.", "counter");
            text.sample("exabond_failovers_total", bondLabel, s.generation());
            text.help("exabond_last_change_timestamp_seconds", "When the last change of active slave was " +
                "published, Unix time (the page's CLOCK_MONOTONIC time plus CLOCK_REALTIME - CLOCK_MONOTONIC when " +
                "this was written).", "gauge");
            text.sample("exabond_last_change_timestamp_seconds", bondLabel, seconds(s.changedNs() + epochOffsetNs));
            text.help("exabond_heartbeat_timestamp_seconds", "When the publisher last looked at the bond, Unix " +
                "time (converted as exabond_last_change_timestamp_seconds); alert on time() - this > 3 * " +
                "exabond_monitor_interval_seconds.", "gauge");
            text.sample("exabond_heartbeat_timestamp_seconds", bondLabel, seconds(s.heartbeatNs() + epochOffsetNs));
            text.help("exabond_monitor_interval_seconds", "How often the publisher looks at the bond.", "gauge");
            text.sample("exabond_monitor_interval_seconds", bondLabel, s.monitorIntervalMs() / 1e3);
            text.help("exabond_member_up", "1 when the member's link is up.", "gauge");
            for (int i = 0; i < s.memberCount(); i++)
            {
                text.sample("exabond_member_up", bondLabel + ",ifname=\"" + escape(s.memberIfname(i)) +
                    "\",exanic=\"" + port(s.memberExanicId(i), s.memberExanicPort(i)) + "\"",
                    s.isMemberLinkUp(i) ? 1 : 0);
            }
        }
        return text.out.toString();
    }

    /**
     * What to expose when the page cannot be read at all, so that an alert can fire on it.
     *
     * @param bond the {@code bond} label value.
     * @return the exposition text.
     */
    static String unreadable(final String bond)
    {
        final PrometheusText text = new PrometheusText();
        text.help("exabond_up", UP_HELP, "gauge");
        text.sample("exabond_up", "bond=\"" + escape(bond) + "\"", 0);
        return text.out.toString();
    }

    private void help(final String metric, final String help, final String type)
    {
        out.append("# HELP ").append(metric).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(metric).append(' ').append(type).append('\n');
    }

    private void sample(final String metric, final String labels, final long value)
    {
        out.append(metric).append('{').append(labels).append("} ").append(value).append('\n');
    }

    private void sample(final String metric, final String labels, final double value)
    {
        out.append(metric).append('{').append(labels).append("} ").append(value).append('\n');
    }

    private static double seconds(final long ns)
    {
        // A double holds today's epoch seconds to about 0.2 us: ample for a time compared with time() in seconds.
        return Math.floorDiv(ns, 1_000_000_000L) + Math.floorMod(ns, 1_000_000_000L) / 1e9;
    }

    private static String port(final int id, final int port)
    {
        return id == 255 && port == 255 ? "none" : "exanic" + id + ":" + port;
    }

    /**
     * A label value: names come from the page, which any process that can write it controls, so they are first made
     * printable (no control character reaches a terminal or a scraper), then escaped as the format requires
     * (backslash, double quote; the newline is already gone).
     */
    private static String escape(final String value)
    {
        return InterfaceName.printable(value).replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
