package io.exabond.cli;

import io.exabond.json.Json;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.sysfs.InterfaceName;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code status} shows of a page at one instant: word 0 and, when present, a consistent snapshot of its block.
 *
 * @param page      the page read.
 * @param raw       word 0.
 * @param status    the outcome of the block read.
 * @param snapshot  the block, meaningful when {@code status} is CONSISTENT.
 * @param problem   why the block is invalid, or null.
 * @param nowNs     {@link System#nanoTime()} at the read.
 */
record PageView(BondPage page, int raw, StatusBlockReader.Status status, StatusSnapshot snapshot, String problem,
    long nowNs)
{
    /** How long {@code status} waits for a write in progress before it calls the publisher stalled. */
    static final long STALL_TIMEOUT_NS = 200_000_000L;

    static PageView read(final BondPage page)
    {
        final StatusBlockReader reader = new StatusBlockReader(page.segment());
        final StatusSnapshot snapshot = new StatusSnapshot();
        final StatusBlockReader.Status status = reader.read(snapshot, STALL_TIMEOUT_NS);
        final int raw = page.groupInfoAcquire();
        final String problem = status == StatusBlockReader.Status.INVALID ? reader.problem() : null;
        return new PageView(page, raw, status, snapshot, problem, System.nanoTime());
    }

    boolean hasBlock()
    {
        return status == StatusBlockReader.Status.CONSISTENT;
    }

    boolean isHeartbeatStale()
    {
        return hasBlock() && snapshot.isHeartbeatStale(nowNs);
    }

    boolean isStalled()
    {
        return status == StatusBlockReader.Status.STALLED || isHeartbeatStale();
    }

    int exitCode()
    {
        if (status == StatusBlockReader.Status.INVALID)
        {
            return ExitCode.ERROR;
        }
        return isStalled() ? ExitCode.STALLED : ExitCode.OK;
    }

    String kind()
    {
        return page.isCharacterDevice() ? "character device" : "page file";
    }

    String text()
    {
        final StringBuilder out = new StringBuilder();
        line(out, "page", page.path() + " (" + kind() + ", " + page.size() + " bytes mapped read-only)");
        line(out, "word 0", String.format("0x%08x  %s", raw, GroupInfo.isActive(raw) ?
            "active slave exanic" + GroupInfo.exanicId(raw) + ":" + GroupInfo.exanicPort(raw) :
            "no active slave (last exanic" + GroupInfo.exanicId(raw) + ":" + GroupInfo.exanicPort(raw) + ")"));
        switch (status)
        {
            case NO_BLOCK -> line(out, "block", "none: a kernel page, word 0 only");
            case INVALID -> line(out, "block", "invalid: " + problem);
            case STALLED -> line(out, "block", "unreadable: seq stayed odd for " + Durations.format(STALL_TIMEOUT_NS) +
                "; the publisher stalled or died mid-write");
            case CONSISTENT ->
            {
                final StatusSnapshot s = snapshot;
                line(out, "block", "version " + s.version() + ", " + s.blockSize() + " bytes, seq " + s.seq());
                line(out, "bond", InterfaceName.printable(s.bondName()));
                line(out, "generation", Long.toString(s.generation()));
                line(out, "last change", Durations.format(nowNs - s.changedNs()) + " ago");
                line(out, "heartbeat", Durations.format(s.heartbeatAgeNs(nowNs)) + " ago" +
                    (isHeartbeatStale() ? "  STALE (older than 3 monitor intervals: " +
                    Durations.format(s.staleAfterNs()) + ")" : ""));
                line(out, "monitors", "interval " + s.monitorIntervalMs() + " ms, miimon " + s.miimonMs() +
                    " ms, arp_interval " + s.arpIntervalMs() + " ms");
                if (s.activeRaw() != raw)
                {
                    line(out, "note", String.format(
                        "block describes word 0 = 0x%08x: a change was in flight", s.activeRaw()));
                }
                line(out, "members", Integer.toString(s.memberCount()));
                for (int i = 0; i < s.memberCount(); i++)
                {
                    out.append(String.format("  %-15s %-12s link %-4s %s%s",
                        InterfaceName.printable(s.memberIfname(i)), port(s, i),
                        s.isMemberLinkUp(i) ? "up" : "down", s.isMemberActive(i) ? "active " : "",
                        s.isMemberPrimary(i) ? "primary" : "").stripTrailing()).append(System.lineSeparator());
                }
            }
            default -> throw new IllegalStateException(status.toString());
        }
        return out.toString();
    }

    String json()
    {
        final Json json = new Json()
            .field("page", page.path().toString())
            .field("kind", kind())
            .field("raw", raw)
            .field("active", GroupInfo.isActive(raw))
            .field("exanic_id", GroupInfo.exanicId(raw))
            .field("exanic_port", GroupInfo.exanicPort(raw))
            .field("block", status.name().toLowerCase(Locale.ROOT))
            .field("stalled", isStalled());
        if (problem != null)
        {
            json.field("problem", problem);
        }
        if (hasBlock())
        {
            final StatusSnapshot s = snapshot;
            final List<Json> members = new ArrayList<>();
            for (int i = 0; i < s.memberCount(); i++)
            {
                members.add(new Json()
                    .field("ifname", s.memberIfname(i))
                    .field("exanic_id", s.memberExanicId(i))
                    .field("exanic_port", s.memberExanicPort(i))
                    .field("link_up", s.isMemberLinkUp(i))
                    .field("active", s.isMemberActive(i))
                    .field("primary", s.isMemberPrimary(i)));
            }
            json.field("version", s.version())
                .field("block_size", s.blockSize())
                .field("bond", s.bondName())
                .field("generation", s.generation())
                .field("seq", s.seq())
                .field("active_raw", s.activeRaw())
                .field("changed_age_ns", nowNs - s.changedNs())
                .field("heartbeat_age_ns", s.heartbeatAgeNs(nowNs))
                .field("heartbeat_stale", isHeartbeatStale())
                .field("monitor_interval_ms", s.monitorIntervalMs())
                .field("miimon_ms", s.miimonMs())
                .field("arp_interval_ms", s.arpIntervalMs())
                .array("members", members);
        }
        return json.toString();
    }

    private static String port(final StatusSnapshot s, final int i)
    {
        return s.memberExanicId(i) == 255 && s.memberExanicPort(i) == 255 ? "not-exanic" :
            "exanic" + s.memberExanicId(i) + ":" + s.memberExanicPort(i);
    }

    private static void line(final StringBuilder out, final String label, final String value)
    {
        out.append(String.format("%-12s %s%n", label, value));
    }
}
