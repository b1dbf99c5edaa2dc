package io.exabond.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Puts a live bond back on Ctrl-C or SIGTERM: a shutdown hook asks the run to stop, gives it a few seconds to finish
 * (it puts the bond back itself, and prints what it measured), then puts the bond back from the hook if the run has
 * not: the JVM halts when its hooks return, and a link left down or another slave left active must not outlive it.
 * The restore is idempotent and synchronized, so a hook that comes while the run restores waits for it. Close this
 * after the run's report, normally with try-with-resources.
 */
final class RestoreOnSignal implements AutoCloseable
{
    /** How long the hook lets the run finish by itself. */
    private static final long HOLD_SECONDS = 3;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    /**
     * @param stop    asks the run to stop; called on the hook's thread.
     * @param restore puts the bond back, once; called on the hook's thread when the run did not finish in time.
     */
    RestoreOnSignal(final Runnable stop, final Runnable restore)
    {
        hook = new Thread(() ->
        {
            stop.run();
            try
            {
                if (!done.await(HOLD_SECONDS, TimeUnit.SECONDS))
                {
                    restore.run();
                }
            }
            catch (final InterruptedException e)
            {
                restore.run();
                Thread.currentThread().interrupt();
            }
        }, "exabond-profile-restore");
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
            // A signal arrived: the hook runs, and returns now that the run is over.
        }
    }
}
