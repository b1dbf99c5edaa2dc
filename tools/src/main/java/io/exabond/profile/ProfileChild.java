package io.exabond.profile;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Entry points of the child processes the profiler starts through {@code exabond profile-child}.
 */
public final class ProfileChild
{
    private ProfileChild()
    {
    }

    /**
     * The far side of the floor's ping-pong.
     *
     * @param page the shared page.
     * @param cpu  CPU to pin to, or -1.
     */
    public static void echo(final Path page, final int cpu)
    {
        PingPong.echo(page, cpu);
    }

    /**
     * The first failover of this fresh JVM.
     *
     * @param page the simulator's page.
     * @param cpu  CPU of the polling thread, or -1.
     * @param warm warm the poller up first.
     * @return the line to print.
     */
    public static String first(final Path page, final int cpu, final boolean warm)
    {
        return FirstFailover.child(page, cpu, warm, TimeUnit.SECONDS.toNanos(60), () ->
        {
            System.out.println(FirstFailover.READY);
            System.out.flush();
        });
    }
}
