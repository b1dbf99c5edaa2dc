package io.exabond.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends a command's loop cleanly on Ctrl-C or SIGTERM: a shutdown hook asks the loop to stop, then holds the JVM
 * until this is closed, so that a publisher finishes the write it is in and the command prints its summary before
 * the JVM halts. Close it after that summary, normally with try-with-resources.
 * <p>
 * A command that changed a live bond ({@code profile --trigger}) also gives a fallback: when the loop has not
 * finished within the hold, the hook runs it itself (the JVM halts when its hooks return, and a link left down or
 * another slave left active must not outlive it). The fallback must be idempotent and synchronized with the loop's
 * own clean-up, so that a hook that comes while the loop cleans up waits for it.
 */
final class StopOnSignal implements AutoCloseable
{
    private static final long HOLD_SECONDS = 2;
    /** The trigger's restore may have to wait for a failover the run is timing: a little longer. */
    private static final long HOLD_WITH_FALLBACK_SECONDS = 3;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    /**
     * @param name what stops, for the hook thread's name, e.g. {@code simulate}.
     * @param stop asks the loop to end; called on the hook's thread.
     */
    StopOnSignal(final String name, final Runnable stop)
    {
        this(name, stop, null);
    }

    /**
     * @param name     what stops, for the hook thread's name, e.g. {@code profile}.
     * @param stop     asks the loop to end; called on the hook's thread.
     * @param fallback run on the hook's thread when the loop has not finished within the hold, or null.
     */
    StopOnSignal(final String name, final Runnable stop, final Runnable fallback)
    {
        final long holdSeconds = fallback == null ? HOLD_SECONDS : HOLD_WITH_FALLBACK_SECONDS;
        hook = new Thread(() ->
        {
            stop.run();
            boolean finished = false;
            try
            {
                finished = done.await(holdSeconds, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            if (!finished && fallback != null)
            {
                fallback.run();
            }
        }, "exabond-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Lets a running hook return, and removes the hook when the JVM is not shutting down.
     */
    public void close()
    {
        done.countDown();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // A signal arrived: the hook runs, and returns now that the loop is over.
        }
    }
}
