package io.exabond.sysfs;

import io.exabond.counters.CounterType;
import io.exabond.counters.ProcessCounters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The bridge's own term of the failover budget, as it measured it, kept in its process's counters file
 * ({@link BridgeCounters}, keyed by the page's path) so that {@code doctor --page} and {@code profile --page} can name
 * it instead of a whole monitor interval ({@link #readForBudget}). The page's binary layout stays as the ABI has it.
 * <p>
 * The term of an event-driven bridge is its reaction: from the return of the receive that brought a link message
 * for the bond to the store of the new word 0, on {@code CLOCK_MONOTONIC}. It leaves out what the bridge cannot see:
 * the bonding driver's failover and the kernel's delivery of the message (the real-bond system test measures the
 * whole, from the {@code active_slave} write to word 0). A polling bridge's term is its interval.
 *
 * @param eventDriven whether the bridge follows rtnetlink (else it polls).
 * @param intervalMs  its monitor interval: between heartbeats, and between passes when polling.
 * @param resyncMs    event-driven: the period of its full re-read, which catches a change no message announced.
 * @param failovers   changes of word 0 timed so far.
 * @param p50Ns       median reaction over the last {@link #WINDOW}, ns; -1 before the first.
 * @param p99Ns       99th percentile, ns; -1 before the first.
 * @param maxNs       the longest, ns; -1 before the first.
 * @param pid         the bridge's process id.
 */
public record BridgeTerm(boolean eventDriven, int intervalMs, int resyncMs, long failovers, long p50Ns, long p99Ns,
    long maxNs, long pid)
{
    /** Reactions the percentiles are taken over: the most recent ones. */
    public static final int WINDOW = 1024;

    /**
     * The term a process keeps in its counters for a page.
     *
     * @param process one read of the process's counters file.
     * @param page    the page's key ({@link CountersScan#pageKey(Path)}).
     * @return its term, or null when it has no bridge's counters of the page (or not all of them: being allocated
     *         or freed), or its interval is 0: allocated, not yet published (a bridge's interval is at least 1 ms).
     */
    static BridgeTerm of(final ProcessCounters process, final String page)
    {
        final Long eventDriven = process.value(CounterType.BRIDGE_EVENT_DRIVEN, page);
        final Long interval = process.value(CounterType.BRIDGE_INTERVAL, page);
        final Long resync = process.value(CounterType.BRIDGE_RESYNC, page);
        final Long reactions = process.value(CounterType.BRIDGE_REACTIONS, page);
        final Long p50 = process.value(CounterType.BRIDGE_REACTION_P50, page);
        final Long p99 = process.value(CounterType.BRIDGE_REACTION_P99, page);
        final Long max = process.value(CounterType.BRIDGE_REACTION_MAX, page);
        if (eventDriven == null || interval == null || resync == null || reactions == null || p50 == null ||
            p99 == null || max == null || interval <= 0)
        {
            return null;
        }
        return new BridgeTerm(eventDriven != 0, Math.clamp(interval, 0, Integer.MAX_VALUE),
            Math.clamp(resync, 0, Integer.MAX_VALUE), reactions, p50, p99, max, process.pid());
    }

    /**
     * The term of the bridge that publishes a page, from the counters of the live processes in the folder where
     * processes keep them by default ({@link CountersScan#defaultDirectory()}); see
     * {@link #readForBudget(Path, Path, String, Consumer)}.
     *
     * @param page the page file.
     * @param say  told each finding in one line that starts with its severity, e.g. {@code "warning: ..."} or
     *             {@code "note: ..."}.
     * @return the live bridge's term, or null.
     */
    public static BridgeTerm readForBudget(final Path page, final Consumer<String> say)
    {
        return readForBudget(CountersScan.defaultDirectory(), page, page.toString(), finding -> say.accept(
            (finding.severity() == Severity.INFO ? "note" : finding.severity().label()) + ": " + finding.message()));
    }

    /**
     * The term of the bridge that publishes a page, for a failover budget, which falls back to the publisher's
     * monitor interval: the term of the one live process whose counters have a bridge's figures for the page. A dead
     * process's counters (a bridge killed, which could not free them) say nothing of whoever publishes the page now,
     * and are ignored with a note; a file that cannot be read is a warning (it may be the bridge's), and so are two
     * live bridges of one page (one writes a page file that replaced the other's), which count as none.
     *
     * @param directory the folder of the counters files.
     * @param page      the page file.
     * @param subject   the subject of the findings (the bond, or the page).
     * @param findings  told what was ignored and why: {@code counters-unreadable} and {@code bridge-duplicate}
     *                  (warnings), {@code bridge-dead} (a note).
     * @return the live bridge's term, or null.
     */
    public static BridgeTerm readForBudget(final Path directory, final Path page, final String subject,
        final Consumer<Finding> findings)
    {
        final CountersScan scan = CountersScan.of(directory, page);
        for (final ProcessCounters unreadable : scan.unreadable())
        {
            findings.accept(new Finding(Severity.WARNING, "counters-unreadable", subject,
                CountersScan.unreadableLine(unreadable) + " (if it is the bridge's counters file, the budget cannot " +
                "count its term)", "rm " + unreadable.file()));
        }
        for (final ProcessCounters dead : scan.dead())
        {
            if (of(dead, scan.page()) != null)
            {
                findings.accept(new Finding(Severity.INFO, "bridge-dead", subject, "a bridge of " + scan.page() +
                    " is no longer running: " + CountersScan.deadLine(dead) + "; its term is ignored",
                    scan.removeDeadCommand()));
            }
        }
        final List<BridgeTerm> bridges = new ArrayList<>();
        for (final ProcessCounters live : scan.live())
        {
            final BridgeTerm term = of(live, scan.page());
            if (term != null)
            {
                bridges.add(term);
            }
        }
        if (bridges.size() > 1)
        {
            final List<String> pids = bridges.stream().map(term -> Long.toString(term.pid())).toList();
            findings.accept(new Finding(Severity.WARNING, "bridge-duplicate", subject, bridges.size() + " live " +
                "bridges publish " + scan.page() + " (pids " + String.join(", ", pids) + "): at most one of them " +
                "writes the file now at that path (the others' was deleted or replaced while they ran), so the " +
                "budget counts the publisher's monitor interval instead of a bridge's term", "kill " +
                String.join(" ", pids) + ", then start one bridge on the page"));
            return null;
        }
        return bridges.isEmpty() ? null : bridges.get(0);
    }

    /**
     * @return whether an event-driven bridge has timed at least one change of word 0.
     */
    public boolean measured()
    {
        return eventDriven && failovers > 0 && maxNs >= 0;
    }

    /**
     * The term in a failover budget's words, e.g. "up to 0.412 ms (the event-driven bridge's reaction, rtnetlink
     * message to word 0, measured: p50 ..., p99 ..., max ... over the last 57 of 57 failovers; ...; a change no
     * message announces waits for its re-read every 2000 ms)".
     *
     * @return one phrase.
     */
    public String describe()
    {
        if (!eventDriven)
        {
            return "up to " + intervalMs + " ms (the polling bridge's interval)";
        }
        if (!measured())
        {
            return "up to " + resyncMs + " ms (the event-driven bridge's full re-read: its reaction is not measured " +
                "yet, no failover since it started, so the bound is the worst case, a change no message announces)";
        }
        final String resync = "a change no message announces waits for its re-read every " + resyncMs + " ms";
        return "up to " + ms(maxNs) + " (the event-driven bridge's reaction, rtnetlink message to word 0 on " +
            "CLOCK_MONOTONIC, measured: " + reaction() + "; the kernel's delivery of the message is not in it; " +
            resync + ")";
    }

    /**
     * @return the measured reaction's figures, e.g. "p50 0.412 ms, p99 1.100 ms, max 2.000 ms over the last 57 of 57
     *         failovers"; "none measured" before the first.
     */
    public String reaction()
    {
        if (!measured())
        {
            return "none measured";
        }
        return "p50 " + ms(p50Ns) + ", p99 " + ms(p99Ns) + ", max " + ms(maxNs) + " over the last " +
            Math.min(failovers, WINDOW) + " of " + failovers + " failovers";
    }

    /**
     * @return the term's bound in ms for a budget's sum: the interval when polling; when event-driven, the longest
     *         reaction measured, or the full re-read period before the first (what {@link #describe()} says).
     */
    public double boundMs()
    {
        if (!eventDriven)
        {
            return intervalMs;
        }
        return measured() ? maxNs / 1e6 : resyncMs;
    }

    private static String ms(final long ns)
    {
        return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }
}
