package io.exabond.examples.feedhandler;

import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.poller.PageRelease;
import io.exabond.poller.PolledBond;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shape of a market-data feed handler with an A and a B feed, each on its own bond, that follows each bond's
 * active link.
 * <p>
 * One thread runs the duty cycle: read a packet from each feed's receive port, then poll one {@link FailoverPoller}
 * over both bonds through an {@link AgentInvoker}, then idle if there was nothing to do. When the poller reports a
 * failover, the event names the bond ({@link FailoverEvent#bond()}); the handler switches that feed's receive port at
 * once (on the duty-cycle thread, allocation-free) and writes a fixed-size record into a ring buffer; a second thread
 * drains the ring and logs, so that no printing or allocation happens on the hot path. When a bond's page is released
 * (the bond left exasock management), the handler stops trusting that feed's port until the poller follows the bond's
 * new page.
 * <p>
 * Usage: {@code FeedHandler SECONDS PAGE...}, each PAGE being /dev/exabond-BOND or a page file written by
 * {@code ./exabond simulate}. It exits 0 when, for every bond, it switched on every failover the page published while
 * it ran and ends receiving on the active port; 1 otherwise.
 */
public final class FeedHandler implements FailoverListener
{
    private static final int SWITCH_RECORD = 1;
    private static final int RELEASE_RECORD = 2;
    private static final int FOLLOW_RECORD = 3;
    private static final int RECORD_LENGTH = 48;

    private final OneToOneRingBuffer log;
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_LENGTH]);
    private final int[] receiveId;
    private final int[] receivePort;
    private final boolean[] trusted;
    private final long[] switches;
    private final long[] missed;
    private final long[] published;
    private final long[] baseline;
    private final long[] releases;
    private long packets;

    private FeedHandler(final OneToOneRingBuffer log, final int bonds)
    {
        this.log = log;
        this.receiveId = new int[bonds];
        this.receivePort = new int[bonds];
        this.trusted = new boolean[bonds];
        this.switches = new long[bonds];
        this.missed = new long[bonds];
        this.published = new long[bonds];
        this.baseline = new long[bonds];
        this.releases = new long[bonds];
    }

    private void start(final FailoverPoller poller)
    {
        for (int i = 0; i < receiveId.length; i++)
        {
            receiveOn(i, poller.bond(i).lastGroupInfo());
        }
    }

    /**
     * From here on, count what each page publishes: a generation counts from its page's creation, so a bond whose
     * page is released and followed adds up what each of its pages published.
     */
    private void startCounting(final FailoverPoller poller)
    {
        for (int i = 0; i < receiveId.length; i++)
        {
            baseline[i] = poller.bond(i).lastGeneration();
            published[i] = 0;
            switches[i] = 0;
            missed[i] = 0;
        }
    }

    /**
     * Called on the duty-cycle thread by the poller: switch the bond's feed now, log later.
     *
     * @param event the failover; valid only during this call.
     */
    public void onFailover(final FailoverEvent event)
    {
        final int bond = event.bond().index();
        receiveOn(bond, event.groupInfo());
        if (!event.isFollowed())
        {
            // A change between a released page and the bond's new one is no failover of either page.
            switches[bond]++;
        }
        // Asked here, the failovers missed before this one come in the event and not again.
        missed[bond] += event.missed();
        record.putInt(0, bond);
        record.putInt(4, event.previousGroupInfo());
        record.putInt(8, event.groupInfo());
        record.putLong(16, event.generation());
        record.putLong(24, event.latencyNs());
        record.putLong(32, event.missed());
        record.putLong(40, packets);
        log.write(SWITCH_RECORD, record, 0, RECORD_LENGTH);
    }

    /**
     * Failovers that happened between two polls and left the active port where it was.
     *
     * @param bond       the bond.
     * @param count      failovers not seen.
     * @param generation the block's generation now.
     */
    public void onMissedFailovers(final PolledBond bond, final long count, final long generation)
    {
        missed[bond.index()] += count;
    }

    /**
     * The bond left exasock management: its page says nothing any more, so the feed's port is a guess until the
     * poller follows the bond's new page.
     *
     * @param bond    the bond.
     * @param release how it was noticed.
     */
    public void onPageReleased(final PolledBond bond, final PageRelease release)
    {
        trusted[bond.index()] = false;
        releases[bond.index()]++;
        published[bond.index()] += bond.lastGeneration() - baseline[bond.index()];
        record.putInt(0, bond.index());
        record.putInt(4, release.ordinal());
        log.write(RELEASE_RECORD, record, 0, RECORD_LENGTH);
    }

    /**
     * The bond is back under management, on a new page: its port is known again (a different one is told by an
     * {@link #onFailover} right after this call).
     *
     * @param bond      the bond.
     * @param groupInfo word 0 of the new page.
     */
    public void onPageFollowed(final PolledBond bond, final int groupInfo)
    {
        receiveOn(bond.index(), groupInfo);
        baseline[bond.index()] = bond.lastGeneration();
        record.putInt(0, bond.index());
        record.putInt(4, groupInfo);
        log.write(FOLLOW_RECORD, record, 0, RECORD_LENGTH);
    }

    private void receiveOn(final int bond, final int groupInfo)
    {
        trusted[bond] = GroupInfo.isActive(groupInfo);
        if (trusted[bond])
        {
            receiveId[bond] = GroupInfo.exanicId(groupInfo);
            receivePort[bond] = GroupInfo.exanicPort(groupInfo);
        }
    }

    private int receive()
    {
        // Stands in for a read from each feed's SmartNIC port (receiveId, receivePort): one packet per feed a cycle.
        int work = 0;
        for (int i = 0; i < receiveId.length; i++)
        {
            if (trusted[i] && (receiveId[i] | receivePort[i]) >= 0)
            {
                packets++;
                work++;
            }
        }
        return work;
    }

    /**
     * @param args SECONDS PAGE...
     * @throws InterruptedException when interrupted while waiting for the logger.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length < 2)
        {
            System.err.println("usage: FeedHandler SECONDS PAGE...");
            System.exit(2);
        }
        final long runNs = TimeUnit.SECONDS.toNanos(Long.parseLong(args[0]));
        final List<Path> paths = new ArrayList<>();
        for (int i = 1; i < args.length; i++)
        {
            paths.add(Path.of(args[i]));
        }

        final OneToOneRingBuffer log = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(64 * 1024 + RingBufferDescriptor.TRAILER_LENGTH)));
        final Thread logger = new Thread(() -> drain(log, paths), "feed-handler-log");
        logger.setDaemon(true);
        logger.start();

        final List<BondPage> pages = new ArrayList<>();
        try
        {
            final FeedHandler handler = new FeedHandler(log, paths.size());
            final FailoverPollerContext context = new FailoverPollerContext().listener(handler);
            for (final Path path : paths)
            {
                final BondPage page = BondPage.open(path);
                pages.add(page);
                context.bond(path.getFileName().toString(), page);
            }
            final FailoverPoller poller = new FailoverPoller(context);
            handler.start(poller);
            final AgentInvoker invoker = new AgentInvoker(Throwable::printStackTrace, null, poller);
            // start() runs the poller's onStart, which warms its change path up (once per JVM) before it goes
            // live, so that the first failover is not the slow one.
            invoker.start();
            // The first poll after the warm-up reports what was published while it ran (the port switches, and
            // the failovers before the last one count as missed): the run is judged from there on.
            invoker.invoke();
            handler.startCounting(poller);
            final IdleStrategy idle = new BackoffIdleStrategy();

            final long end = System.nanoTime() + runNs;
            while (System.nanoTime() - end < 0)
            {
                int work = handler.receive();
                work += invoker.invoke();
                idle.idle(work);
            }
            invoker.close();

            Thread.sleep(100);
            boolean good = true;
            for (int i = 0; i < paths.size(); i++)
            {
                final PolledBond bond = poller.bond(i);
                final long published = handler.published[i] +
                    (bond.isReleased() ? 0 : bond.lastGeneration() - handler.baseline[i]);
                final int groupInfo = bond.lastGroupInfo();
                final boolean onActive = GroupInfo.exanicId(groupInfo) == handler.receiveId[i] &&
                    GroupInfo.exanicPort(groupInfo) == handler.receivePort[i] && handler.trusted[i];
                final long switches = handler.switches[i];
                final long missed = handler.missed[i];
                System.out.printf("feed-handler: %s: %d failovers published while running, %d switches, %d missed, " +
                    "%d releases, receiving on exanic%d:%d (%s)%n", bond.name(), published, switches, missed,
                    handler.releases[i], handler.receiveId[i], handler.receivePort[i],
                    onActive ? "the active port" : bond.isReleased() ? "released, not followed yet" : "NOT active");
                // A bond released in the last moments, not yet managed again, has no active port to be on.
                good &= switches + missed == published && missed == 0 && (onActive || bond.isReleased());
            }
            System.out.printf("feed-handler: %d packets%n", handler.packets);
            System.exit(good ? 0 : 1);
        }
        finally
        {
            pages.forEach(BondPage::close);
        }
    }

    private static void drain(final OneToOneRingBuffer log, final List<Path> paths)
    {
        while (true)
        {
            final int read = log.read((type, buffer, offset, length) ->
            {
                final Path page = paths.get(buffer.getInt(offset));
                switch (type)
                {
                    case SWITCH_RECORD -> System.out.printf("feed-handler: %s switched at packet %d: %s -> %s, " +
                        "generation %d, missed %d, %s%n", page.getFileName(), buffer.getLong(offset + 40),
                        GroupInfo.describe(buffer.getInt(offset + 4)), GroupInfo.describe(buffer.getInt(offset + 8)),
                        buffer.getLong(offset + 16), buffer.getLong(offset + 32), buffer.getLong(offset + 24) >= 0 ?
                        "word 0 seen " + buffer.getLong(offset + 24) + " ns after publish (CLOCK_MONOTONIC)" :
                        "no publish time for this one");
                    case RELEASE_RECORD -> System.out.printf("feed-handler: %s released (%s): not trusting its port " +
                        "until the bond is managed again%n", page,
                        PageRelease.values()[buffer.getInt(offset + 4)].name().toLowerCase());
                    case FOLLOW_RECORD -> System.out.printf("feed-handler: following the new page %s: active %s%n",
                        page, GroupInfo.describe(buffer.getInt(offset + 4)));
                    default -> System.out.printf("feed-handler: record of unknown type %d%n", type);
                }
            });
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
