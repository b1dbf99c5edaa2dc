package io.exabond.sysfs;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The bridge's own term of the failover budget as it goes: the reactions it times ({@link BridgeReactions}) and the
 * term file beside the page ({@link BridgeTerm}), written at the start, when the mode changes, and at most once a
 * second after a failover, and removed at the end so that another publisher of the page does not inherit it. A file
 * that cannot be written is said once on the log; the bridge goes on. Confined to the bridge's thread, but for
 * {@link #term}, which allocates and may be called from any thread once the bridge has stopped.
 */
final class ReactionRecorder
{
    /** The longest the term file beside the page trails the bridge's measurements. */
    private static final long TERM_WRITE_NS = TimeUnit.SECONDS.toNanos(1);

    private final Path page;
    private final Consumer<String> log;
    private final BridgeReactions reactions = new BridgeReactions();
    private boolean dirty;
    private boolean warned;
    private long writtenNs;

    /**
     * @param page the bridge's page; the term goes beside it.
     * @param log  told once when the term file cannot be written.
     */
    ReactionRecorder(final Path page, final Consumer<String> log)
    {
        this.page = page;
        this.log = log;
    }

    /**
     * @param ns one reaction: from the receive that brought the batch to the store of the new word 0.
     */
    void record(final long ns)
    {
        reactions.record(ns);
        dirty = true;
    }

    /**
     * @param eventDriven whether the bridge follows rtnetlink.
     * @param intervalMs  its monitor interval.
     * @return the term as it stands.
     */
    BridgeTerm term(final boolean eventDriven, final int intervalMs)
    {
        return reactions.term(eventDriven, intervalMs, BondBridge.resyncMs(intervalMs));
    }

    /**
     * Writes the term when a reaction was recorded and the last write is a second old.
     *
     * @param nowNs       {@link System#nanoTime()}.
     * @param eventDriven whether the bridge follows rtnetlink.
     * @param intervalMs  its monitor interval.
     */
    void writeIfDue(final long nowNs, final boolean eventDriven, final int intervalMs)
    {
        if (dirty && nowNs - writtenNs >= TERM_WRITE_NS)
        {
            write(nowNs, eventDriven, intervalMs);
        }
    }

    /**
     * Writes the term now.
     *
     * @param nowNs       {@link System#nanoTime()}.
     * @param eventDriven whether the bridge follows rtnetlink.
     * @param intervalMs  its monitor interval.
     */
    void write(final long nowNs, final boolean eventDriven, final int intervalMs)
    {
        dirty = false;
        writtenNs = nowNs;
        try
        {
            term(eventDriven, intervalMs).write(page);
        }
        catch (final UncheckedIOException e)
        {
            if (!warned)
            {
                warned = true;
                log.accept("warning: " + e.getMessage() + "; doctor and profile will count a whole monitor interval " +
                    "for the bridge");
            }
        }
    }

    /**
     * Removes the term file: another publisher may take the page over.
     */
    void remove()
    {
        try
        {
            BridgeTerm.remove(page);
        }
        catch (final UncheckedIOException e)
        {
            log.accept("warning: " + e.getMessage());
        }
    }
}
