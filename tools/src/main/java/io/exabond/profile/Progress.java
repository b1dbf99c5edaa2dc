package io.exabond.profile;

import java.io.PrintWriter;
import java.util.function.BooleanSupplier;

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal; otherwise silent.
 */
final class Progress
{
    /**
     * Progress of one step.
     */
    @FunctionalInterface
    interface Step
    {
        /**
         * @param done units done so far.
         * @return false when the run must stop (a child died).
         */
        boolean update(long done);
    }

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private long lastDrawNs;

    /**
     * @param err     standard error.
     * @param enabled draw at all.
     */
    Progress(final PrintWriter err, final boolean enabled)
    {
        this.err = err;
        this.enabled = enabled;
    }

    /**
     * @param label   what runs, e.g. {@code "spin"}.
     * @param total   units to do.
     * @param healthy checked at each update: false stops the step.
     * @return the step's progress callback.
     */
    Step step(final String label, final long total, final BooleanSupplier healthy)
    {
        return done ->
        {
            draw(label, done, total);
            return healthy.getAsBoolean();
        };
    }

    /**
     * Clears the bar.
     */
    void clear()
    {
        if (enabled)
        {
            err.print("\r" + " ".repeat(WIDTH + 50) + "\r");
            err.flush();
        }
    }

    private void draw(final String label, final long done, final long total)
    {
        final long now = System.nanoTime();
        if (!enabled || now - lastDrawNs < 100_000_000L && done < total)
        {
            return;
        }
        lastDrawNs = now;
        final int filled = total <= 0 ? 0 : (int)Math.min(WIDTH, done * WIDTH / total);
        err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + label + " " +
            Math.min(done, total) + "/" + total + "   ");
        err.flush();
    }
}
