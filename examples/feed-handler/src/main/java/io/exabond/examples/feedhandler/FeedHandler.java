package io.exabond.examples.feedhandler;

import io.exabond.page.BondPage;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.PolledBond;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The shape of a market-data feed handler that follows its bond's active link.
 * <p>
 * One thread runs the duty cycle: read a packet from the port it receives on, then poll the
 * {@link FailoverPoller} through an {@link AgentInvoker}, then idle if there was nothing to do. When the poller
 * reports a failover, the handler switches its receive port at once (on the duty-cycle thread, allocation-free)
 * and writes a fixed-size record into a ring buffer; a second thread drains the ring and logs, so that no
 * printing or allocation happens on the hot path.
 * <p>
 * Usage: {@code FeedHandler PAGE SECONDS}, PAGE being /dev/exabond-BOND or a page file written by
 * {@code ./exabond simulate}. It exits 0 when it switched on every failover the page published while it ran,
 * 1 otherwise.
 */
public final class FeedHandler implements FailoverListener
{
    private static final int SWITCH_RECORD = 1;
    private static final int RECORD_LENGTH = 40;

    private final OneToOneRingBuffer log;
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_LENGTH]);
    private int receiveId;
    private int receivePort;
    private long packets;
    private long switches;
    private long missed;

    private FeedHandler(final OneToOneRingBuffer log, final int raw)
    {
        this.log = log;
        this.receiveId = io.exabond.page.GroupInfo.exanicId(raw);
        this.receivePort = io.exabond.page.GroupInfo.exanicPort(raw);
    }

    /**
     * Called on the duty-cycle thread by the poller: switch now, log later.
     *
     * @param event the failover; valid only during this call.
     */
    public void onFailover(final FailoverEvent event)
    {
        if (event.isActive())
        {
            receiveId = event.exanicId();
            receivePort = event.exanicPort();
        }
        switches++;
        missed += event.missed();
        record.putLong(0, event.generation());
        record.putLong(8, event.latencyNs());
        record.putLong(16, event.missed());
        record.putInt(24, event.previousGroupInfo());
        record.putInt(28, event.groupInfo());
        record.putLong(32, packets);
        log.write(SWITCH_RECORD, record, 0, RECORD_LENGTH);
    }

    /**
     * Failovers that happened between two polls and left the active port where it was.
     *
     * @param count      failovers not seen.
     * @param generation the block's generation now.
     */
    public void onMissedFailovers(final PolledBond bond, final long count, final long generation)
    {
        missed += count;
    }

    private int receive()
    {
        // Stands in for a read from the SmartNIC port (receiveId, receivePort): one packet per cycle.
        packets++;
        return (receiveId | receivePort) >= 0 ? 1 : 0;
    }

    /**
     * @param args PAGE SECONDS.
     * @throws InterruptedException when interrupted while waiting for the logger.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length != 2)
        {
            System.err.println("usage: FeedHandler PAGE SECONDS");
            System.exit(2);
        }
        final Path pagePath = Path.of(args[0]);
        final long runNs = TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));

        final OneToOneRingBuffer log = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(64 * 1024 + RingBufferDescriptor.TRAILER_LENGTH)));
        final Thread logger = new Thread(() -> drain(log), "feed-handler-log");
        logger.setDaemon(true);
        logger.start();

        try (BondPage page = BondPage.open(pagePath))
        {
            final FeedHandler handler = new FeedHandler(log, page.groupInfoAcquire());
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond(pagePath.getFileName(, page).toString())
                .listener(handler));
            final AgentInvoker invoker = new AgentInvoker(Throwable::printStackTrace, null, poller);
            // start() runs the poller's onStart, which warms its change path up (once per JVM) before it goes
            // live, so that the first failover is not the slow one.
            invoker.start();
            // The first poll after the warm-up reports what was published while it ran (the port switches, and
            // the failovers before the last one count as missed): the run is judged from there on.
            invoker.invoke();
            final long firstGeneration = poller.lastGeneration();
            final long switchesBefore = handler.switches;
            final long missedBefore = handler.missed;
            final IdleStrategy idle = new BackoffIdleStrategy();

            final long end = System.nanoTime() + runNs;
            while (System.nanoTime() - end < 0)
            {
                int work = handler.receive();
                work += invoker.invoke();
                idle.idle(work);
            }
            invoker.close();

            final long published = poller.lastGeneration() - firstGeneration;
            final int groupInfo = poller.lastGroupInfo();
            final boolean onActive = io.exabond.page.GroupInfo.exanicId(groupInfo) == handler.receiveId &&
                io.exabond.page.GroupInfo.exanicPort(groupInfo) == handler.receivePort;
            final long switches = handler.switches - switchesBefore;
            final long missed = handler.missed - missedBefore;
            Thread.sleep(100);
            System.out.printf("feed-handler: %d packets, %d failovers published while running, %d switches, " +
                "%d missed, receiving on exanic%d:%d (%s)%n", handler.packets, published, switches,
                missed, handler.receiveId, handler.receivePort, onActive ? "the active port" : "NOT active");
            final boolean switchedEveryTime = switches + missed == published && missed == 0;
            System.exit(switchedEveryTime && onActive ? 0 : 1);
        }
    }

    private static void drain(final OneToOneRingBuffer log)
    {
        while (true)
        {
            final int read = log.read((type, buffer, offset, length) -> System.out.printf(
                "feed-handler: switched at packet %d: 0x%08x -> 0x%08x, generation %d, missed %d, %s%n",
                buffer.getLong(offset + 32), buffer.getInt(offset + 24), buffer.getInt(offset + 28),
                buffer.getLong(offset), buffer.getLong(offset + 16),
                buffer.getLong(offset + 8) >= 0 ? "noticed " + buffer.getLong(offset + 8) +
                " ns after publish (CLOCK_MONOTONIC)" : "no publish time on this page"));
            if (read == 0)
            {
                try
                {
                    Thread.sleep(1);
                }
                catch (final InterruptedException e)
                {
                    return;
                }
            }
        }
    }
}
