package io.exabond.profile;

import io.exabond.sysfs.FakeExasock;
import io.exabond.sysfs.FakeSysfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A polling publisher for the trigger profile's tests: the fake exasock driver ({@link FakeExasock}) managing bond0 of
 * a {@link FakeSysfs} host, with a thread that runs its monitor pass every 200 us, so that its kernel page follows
 * the writes of {@code active_slave} (and the fake bonding driver's failovers) as the real module follows the bonding
 * driver. A test can act after the page's n-th change ({@link #onChange}), or stop it following ({@link #freeze}).
 */
public final class FollowingExasock implements AutoCloseable
{
    private final FakeExasock driver;
    private final Path node;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean frozen;
    private volatile IntConsumer onChange = n -> { };
    private volatile int changes;

    /**
     * Manages bond0 of the host (which must list it in {@code exabond_masters}) and starts following.
     *
     * @param host the fake host.
     */
    public FollowingExasock(final FakeSysfs host)
    {
        this.driver = new FakeExasock(host);
        this.node = driver.node("bond0");
        this.thread = new Thread(this::follow, "following-exasock");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return the page, {@code <dev>/exabond-bond0}.
     */
    public Path node()
    {
        return node;
    }

    /**
     * @param action told the number of each change of word 0 the monitor made, on the monitor's thread, after it.
     */
    public void onChange(final IntConsumer action)
    {
        this.onChange = action;
    }

    /**
     * Stops following: word 0 stays as it is, as when the publisher hangs.
     */
    public void freeze()
    {
        frozen = true;
    }

    /**
     * @return changes of word 0 made so far.
     */
    public int changes()
    {
        return changes;
    }

    public void close()
    {
        running = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        driver.close();
    }

    private void follow()
    {
        int last = word0();
        while (running)
        {
            if (!frozen)
            {
                driver.monitor();
                final int now = word0();
                if (now != last)
                {
                    last = now;
                    onChange.accept(++changes);
                }
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    private int word0()
    {
        try (FileChannel page = FileChannel.open(node, StandardOpenOption.READ))
        {
            final ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            page.read(bytes, 0);
            return bytes.getInt(0);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
