package io.exabond.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends a command's loop cleanly on Ctrl-C or SIGTERM: a shutdown hook asks the loop to stop, then holds the JVM
 * (up to 2 s) until this is closed, so that a publisher finishes the write it is in and the command prints its
 * summary before the JVM halts. Close it after that summary, normally with try-with-resources.
 */
final class StopOnSignal implements AutoCloseable
{
    private static final long HOLD_SECONDS = 2;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    /**
     * @param name what stops, for the hook thread's name, e.g. {@code simulate}.
     * @param stop asks the loop to end; called on the hook's thread.
     */
    StopOnSignal(final String name, final Runnable stop)
    {
        hook = new Thread(() ->
        {
            stop.run();
            try
            {
                done.await(HOLD_SECONDS, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
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
