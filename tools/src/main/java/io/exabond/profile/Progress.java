package io.exabond.profile;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal; otherwise silent.
 */
final class Progress
{
    /**
     * Progress of one step.
     */
    interface Step
    {
        /**
         * @param done units done so far.
         * @return false when the run must stop (a child died).
         */
        boolean update(long done);

        /**
         * @return how often a thread that waits for the step should call {@link #update}: every wake-up takes a CPU
         *         from the poller or the publisher on a small machine, so only as often as there is a bar to draw.
         */
        long updateEveryNs();

        /**
         * @param base units done before this part of the step.
         * @return this step, told {@code base + done} for each {@code done} of the part.
         */
        default Step from(final long base)
        {
            final Step whole = this;
            return new Step()
            {
                @Override
                public boolean update(final long done)
                {
                    return whole.update(base + done);
                }

                @Override
                public long updateEveryNs()
                {
                    return whole.updateEveryNs();
                }
            };
        }
    }

    /** Between updates while the bar is drawn. */
    private static final long DRAWN_UPDATE_NS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Between updates when nothing is drawn: only the health check is left, and a dead child can wait a second. */
    private static final long SILENT_UPDATE_NS = TimeUnit.SECONDS.toNanos(1);

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
        return new Step()
        {
            @Override
            public boolean update(final long done)
            {
                draw(label, done, total);
                return healthy.getAsBoolean();
            }

            @Override
            public long updateEveryNs()
            {
                return enabled ? DRAWN_UPDATE_NS : SILENT_UPDATE_NS;
            }
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
