package io.exabond.sysfs;

import io.exabond.publish.AtomicFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The bridge's own term of the failover budget, as it measured it, kept in a small text file beside its page
 * ({@code PAGE.bridge}) so that {@code doctor --page} and {@code profile --page} can name it instead of a whole
 * monitor interval. The page's binary layout stays as the ABI has it: this file is ours alone.
 * <p>
 * The term of an event-driven bridge is its reaction: from the return of the receive that brought a link message
 * for the bond to the store of the new word 0, on {@code CLOCK_MONOTONIC}. It leaves out what the bridge cannot see:
 * the bonding driver's failover and the kernel's delivery of the message (the real-bond system test measures the
 * whole, from the {@code active_slave} write to word 0). A polling bridge's term is its interval.
 * <p>
 * The file, ASCII, one {@code key value} per line: {@code mode} ({@code events} or {@code poll}), {@code interval_ms},
 * {@code resync_ms}, {@code failovers} (changes of word 0 timed so far), {@code p50_ns}, {@code p99_ns},
 * {@code max_ns} (over the last {@link #WINDOW} of them; -1 before the first), {@code pid}. Written whole
 * ({@link AtomicFile}), so a reader never sees half of it.
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
     * @param page the bridge's page file.
     * @return where its term is kept: {@code PAGE.bridge} beside it.
     */
    public static Path pathFor(final Path page)
    {
        return page.resolveSibling(page.getFileName() + ".bridge");
    }

    /**
     * Reads the term kept beside a page.
     *
     * @param page the page file.
     * @return the term, or null when there is none (no bridge publishes the page, or one from before this file).
     * @throws IllegalArgumentException when the file is there but is not a bridge's term; the message names it.
     * @throws UncheckedIOException     when it cannot be read.
     */
    public static BridgeTerm read(final Path page)
    {
        final Path file = pathFor(page);
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (final NoSuchFileException e)
        {
            return null;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        final Map<String, String> values = new HashMap<>();
        for (final String line : text.split("\n"))
        {
            final int space = line.indexOf(' ');
            if (space > 0)
            {
                values.put(line.substring(0, space), line.substring(space + 1).trim());
            }
        }
        final String mode = values.get("mode");
        if (!"events".equals(mode) && !"poll".equals(mode))
        {
            throw new IllegalArgumentException(file + " is not a bridge's term (mode '" + mode + "'); remove it, " +
                "or restart the bridge, which writes it anew");
        }
        try
        {
            return new BridgeTerm("events".equals(mode), Integer.parseInt(values.get("interval_ms")),
                Integer.parseInt(values.get("resync_ms")), Long.parseLong(values.get("failovers")),
                Long.parseLong(values.get("p50_ns")), Long.parseLong(values.get("p99_ns")),
                Long.parseLong(values.get("max_ns")), Long.parseLong(values.get("pid")));
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(file + " is not a bridge's term (" + e.getMessage() + "); remove " +
                "it, or restart the bridge, which writes it anew", e);
        }
    }

    /**
     * Reads the term kept beside a page when the bridge that wrote it still runs: a bridge killed with SIGKILL
     * could not remove its file, and its figures say nothing of whoever publishes the page now.
     *
     * @param page the page file.
     * @return the term, or null when there is none or its process has gone.
     * @throws IllegalArgumentException when the file is there but is not a bridge's term; the message names it.
     * @throws UncheckedIOException     when it cannot be read.
     */
    public static BridgeTerm readLive(final Path page)
    {
        final BridgeTerm term = read(page);
        return term != null && ProcessHandle.of(term.pid()).map(ProcessHandle::isAlive).orElse(false) ? term : null;
    }

    /**
     * {@link #readLive(Path)} for a failover budget, which falls back to the publisher's monitor interval: a file that
     * cannot be read, or is not a term, counts as none and is reported.
     *
     * @param page    the page file.
     * @param warning told why, in a sentence that ends with the fallback.
     * @return the live term, or null.
     */
    public static BridgeTerm readForBudget(final Path page, final Consumer<String> warning)
    {
        try
        {
            return readLive(page);
        }
        catch (final IllegalArgumentException | UncheckedIOException e)
        {
            warning.accept(e.getMessage() + "; the budget counts the publisher's monitor interval instead");
            return null;
        }
    }

    /**
     * Writes this term beside the page, replacing the old one in one rename.
     *
     * @param page the page file.
     * @throws UncheckedIOException when it cannot be written (the temporary file is removed).
     */
    public void write(final Path page)
    {
        final Path file = pathFor(page);
        final String text = "mode " + (eventDriven ? "events" : "poll") + "\ninterval_ms " + intervalMs +
            "\nresync_ms " + resyncMs + "\nfailovers " + failovers + "\np50_ns " + p50Ns + "\np99_ns " + p99Ns +
            "\nmax_ns " + maxNs + "\npid " + pid + "\n";
        try
        {
            AtomicFile.write(file, text, StandardCharsets.US_ASCII);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the term beside a page, when there is one.
     *
     * @param page the page file.
     */
    public static void remove(final Path page)
    {
        try
        {
            Files.deleteIfExists(pathFor(page));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot remove " + pathFor(page) + ": " + e.getMessage(), e);
        }
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
