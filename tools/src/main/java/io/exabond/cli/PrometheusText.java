package io.exabond.cli;

import io.exabond.page.GroupInfo;
import io.exabond.page.InterfaceName;
import io.exabond.page.StatusSnapshot;

/**
 * A {@link PageView} in the Prometheus text exposition format (version 0.0.4), for node_exporter's textfile
 * collector: {@code # HELP} and {@code # TYPE} lines, one sample per line, no timestamps.
 */
final class PrometheusText
{
    private final StringBuilder out = new StringBuilder();

    private PrometheusText()
    {
    }

    /**
     * @param view the page as read.
     * @param bond the bond's name for the {@code bond} label: the block's when it has one, else this.
     * @return the exposition text, ending with a newline.
     */
    static String of(final PageView view, final String bond)
    {
        final PrometheusText text = new PrometheusText();
        final StatusSnapshot s = view.hasBlock() ? view.snapshot() : null;
        final String name = s != null && !s.bondName().isEmpty() ? s.bondName() : bond;
        final String bondLabel = "bond=\"" + escape(name) + "\"";
        final int raw = view.raw();

        text.help("exabond_page_up", "1 when the page could be mapped and read.", "gauge");
        text.sample("exabond_page_up", bondLabel, 1);
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
            "a kernel page with word 0 only.", "gauge");
        text.sample("exabond_status_block", bondLabel, s != null ? 1 : 0);
        if (s != null)
        {
            text.help("exabond_generation", "Active-slave changes published since the status block was created.",
                "gauge");
            text.sample("exabond_generation", bondLabel, s.generation());
            text.help("exabond_heartbeat_age_seconds", "Age of the publisher's last monitor pass " +
                "(CLOCK_MONOTONIC), when this was written.", "gauge");
            text.sample("exabond_heartbeat_age_seconds", bondLabel, s.heartbeatAgeNs(view.nowNs()) / 1e9);
            text.help("exabond_last_change_age_seconds", "Age of the last published change of active slave " +
                "(CLOCK_MONOTONIC), when this was written.", "gauge");
            text.sample("exabond_last_change_age_seconds", bondLabel, (view.nowNs() - s.changedNs()) / 1e9);
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
     * @param bond the bond's name.
     * @return the exposition text.
     */
    static String unreadable(final String bond)
    {
        final PrometheusText text = new PrometheusText();
        text.help("exabond_page_up", "1 when the page could be mapped and read.", "gauge");
        text.sample("exabond_page_up", "bond=\"" + escape(bond) + "\"", 0);
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
