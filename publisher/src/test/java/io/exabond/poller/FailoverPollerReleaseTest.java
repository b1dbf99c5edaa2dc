package io.exabond.poller;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.internal.PageMapping;
import io.exabond.page.BondPage;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18.1: a page released under a running poller, as the exasock driver releases it (the node removed at once,
 * then word 0 = 0 in the page left behind, never written again), and the bond managed again (a new page at the path).
 * Page files stand for the driver's nodes here; the poller watches both kinds the same way.
 */
@Timeout(30)
class FailoverPollerReleaseTest
{
    private static final int EXA0 = GroupInfoEncoder.encode(true, 0, 0);
    private static final int EXA1 = GroupInfoEncoder.encode(true, 0, 1);

    @TempDir
    Path dir;

    @Test
    void shouldReportTheDriversZeroAsAReleaseNotAsALossOfTheLastLink() throws IOException
    {
        final Path path = dir.resolve("exabond-bond0");
        try (PageMapping writable = kernelPage(path, EXA1);
            BondPage page = BondPage.open(path))
        {
            final RecordingListener listener = new RecordingListener();
            // No page check for a minute: the change to 0 alone must tell it.
            final FailoverPoller poller = new FailoverPoller(
                context(page, listener).pageCheckIntervalNs(60_000_000_000L));

            releaseLikeTheDriver(path, writable);
            assertEquals(1, poller.poll());
            for (int i = 0; i < 100; i++)
            {
                assertEquals(0, poller.poll(), "the frozen page tells nothing more");
            }

            assertEquals(List.of(new RecordingListener.Released("bond0", PageRelease.REMOVED, EXA1)),
                listener.timeline());
            assertTrue(poller.bond(0).isReleased());
            assertEquals(EXA1, poller.bond(0).lastGroupInfo(), "the last state told stays known");
            assertEquals(1, poller.bond(0).releases());
            assertEquals(0, poller.failovers());
        }
    }

    @Test
    void shouldReportARealLossOfTheLastLinkWhileTheNodeStays() throws IOException
    {
        final Path path = dir.resolve("exabond-bond0");
        try (PageMapping writable = kernelPage(path, EXA0);
            BondPage page = BondPage.open(path))
        {
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(context(page, listener));

            // exanic0:0 loses its link: the driver clears ACTIVE and keeps id and port, which is 0 too.
            writable.segment().set(ValueLayout.JAVA_INT, 0, GroupInfoEncoder.encode(false, 0, 0));
            assertEquals(1, poller.poll());

            assertEquals(List.of(new RecordingListener.Seen(EXA0, 0, FailoverEvent.NO_GENERATION, 0, false, -1)),
                listener.failovers());
            assertFalse(poller.bond(0).isReleased());
        }
    }

    @Test
    void shouldNoticeARemovedNodeAtThePageCheckBeforeWordZeroMoves() throws IOException
    {
        final Path path = dir.resolve("exabond-bond0");
        try (PageMapping writable = kernelPage(path, EXA1);
            BondPage page = BondPage.open(path))
        {
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(context(page, listener).pageCheckIntervalNs(0));

            Files.delete(path);
            int work = 0;
            for (int i = 0; i < 4 && work == 0; i++)
            {
                work += poller.poll();
            }
            writable.segment().set(ValueLayout.JAVA_INT, 0, 0);
            for (int i = 0; i < 100; i++)
            {
                work += poller.poll();
            }

            assertEquals(1, work);
            assertEquals(List.of(new RecordingListener.Released("bond0", PageRelease.REMOVED, EXA1)),
                listener.timeline());
        }
    }

    @Test
    void shouldFollowTheNewPageWhenTheBondIsManagedAgainAndTellTheChange() throws IOException
    {
        final Path path = dir.resolve("exabond-bond0");
        try (PageMapping writable = kernelPage(path, EXA0);
            BondPage page = BondPage.open(path))
        {
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(context(page, listener).pageCheckIntervalNs(0));
            releaseLikeTheDriver(path, writable);
            pollTimes(poller, 8);

            try (PageMapping managedAgain = kernelPage(path, EXA1))
            {
                pollTimes(poller, 8);
                assertEquals(List.of(
                    new RecordingListener.Released("bond0", PageRelease.REMOVED, EXA0),
                    new RecordingListener.Followed("bond0", EXA1),
                    new RecordingListener.Seen("bond0", EXA0, EXA1, FailoverEvent.NO_GENERATION, 0, false, -1, true)),
                    listener.timeline());
                assertFalse(poller.bond(0).isReleased());

                // The new page is polled from now on.
                managedAgain.segment().set(ValueLayout.JAVA_INT, 0, EXA0);
                assertEquals(1, poller.poll());
                assertEquals(EXA0, poller.bond(0).lastGroupInfo());
                poller.onClose();
                assertTrue(poller.bond(0).path().equals(path));
            }
        }
    }

    @Test
    void shouldFollowAPageReplacedWithinTheDetectionWindowAtOnce() throws IOException
    {
        final Path path = dir.resolve("exabond-bond0");
        try (PageMapping writable = kernelPage(path, EXA0);
            BondPage page = BondPage.open(path))
        {
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(context(page, listener).pageCheckIntervalNs(0));
            releaseLikeTheDriver(path, writable);
            try (PageMapping _ = kernelPage(path, EXA0))
            {
                pollTimes(poller, 8);

                assertEquals(List.of(
                    new RecordingListener.Released("bond0", PageRelease.REPLACED, EXA0),
                    new RecordingListener.Followed("bond0", EXA0)),
                    listener.timeline(), "the same active slave on the new page: no failover to tell");
                assertEquals(0, poller.failovers());
                poller.onClose();
            }
        }
    }

    @Test
    void shouldFollowAPublishersNewPageFileWithItsBlock() throws IOException
    {
        final Path path = dir.resolve("exabond-bond0");
        final PagePublisher first = PagePublisher.create(path, TestPages.bond(2, 60_000), 0);
        try (BondPage page = BondPage.open(path))
        {
            first.publishActive(1);
            first.close();
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(context(page, listener).pageCheckIntervalNs(0));
            assertEquals(1, poller.bond(0).lastGeneration());

            Files.delete(path);
            try (PagePublisher second = PagePublisher.create(path, TestPages.bond(2, 60_000), 0))
            {
                pollTimes(poller, 8);
                assertEquals(0, poller.bond(0).lastGeneration(), "a new block counts from its own start");
                second.publishActive(1);
                assertEquals(1, poller.poll());

                final List<RecordingListener.Seen> failovers = listener.failovers();
                assertEquals(2, failovers.size(), listener.timeline().toString());
                assertTrue(failovers.get(0).followed() && !failovers.get(0).timed());
                assertEquals(1, failovers.get(1).generation());
                assertTrue(failovers.get(1).timed(), "the new page's own failovers are timed again");
                poller.onClose();
            }
        }
    }

    @Test
    void shouldStayReleasedWhenToldNotToFollow() throws IOException
    {
        final Path path = dir.resolve("exabond-bond0");
        try (PageMapping writable = kernelPage(path, EXA0);
            BondPage page = BondPage.open(path))
        {
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(context(page, listener).pageCheckIntervalNs(0)
                .followReleasedPages(false));
            releaseLikeTheDriver(path, writable);
            try (PageMapping _ = kernelPage(path, EXA1))
            {
                pollTimes(poller, 8);

                assertEquals(List.of(new RecordingListener.Released("bond0", PageRelease.REPLACED, EXA0)),
                    listener.timeline());
                assertTrue(poller.bond(0).isReleased());
            }
        }
    }

    @Test
    void shouldRefuseToFollowSomethingElseOnceAndFollowAPageWhenOneComes() throws IOException
    {
        final Path path = dir.resolve("exabond-bond0");
        try (PageMapping writable = kernelPage(path, EXA0);
            BondPage page = BondPage.open(path))
        {
            final RecordingListener listener = new RecordingListener();
            final FailoverPoller poller = new FailoverPoller(context(page, listener).pageCheckIntervalNs(0));
            releaseLikeTheDriver(path, writable);
            Files.createDirectory(path);
            pollTimes(poller, 8);
            Files.delete(path);
            try (PageMapping _ = kernelPage(path, EXA0))
            {
                pollTimes(poller, 8);

                final List<Record> timeline = listener.timeline();
                assertEquals(3, timeline.size(), timeline.toString());
                assertEquals(new RecordingListener.Released("bond0", PageRelease.REPLACED, EXA0), timeline.get(0));
                final RecordingListener.FollowFailed failed = (RecordingListener.FollowFailed)timeline.get(1);
                assertEquals(path + " is now a directory, not a regular file like the page that was released: " +
                    "not following it", failed.problem());
                assertEquals(new RecordingListener.Followed("bond0", EXA0), timeline.get(2));
                poller.onClose();
            }
        }
    }

    private static FailoverPollerContext context(final BondPage page, final FailoverListener listener)
    {
        return new FailoverPollerContext()
            .bond("bond0", page)
            .counters(null)
            .listener(listener)
            .maxPollsPerClockRead(1);
    }

    /** A page file holding word 0 only, as the driver's page does, kept writable as the driver keeps its page. */
    private static PageMapping kernelPage(final Path path, final int word0) throws IOException
    {
        final Path temporary = path.resolveSibling(path.getFileName() + ".new");
        Files.write(temporary, new byte[(int)Math.max(io.exabond.internal.LibC.pageSize(), 4096)]);
        final PageMapping mapping = PageMapping.map(temporary, true, "");
        mapping.segment().set(ValueLayout.JAVA_INT, 0, word0);
        // A new inode appears at the path in one step, as the driver's new node does.
        Files.move(temporary, path);
        return mapping;
    }

    /** What exasock does on {@code -bond}: the node goes first, then word 0 = 0, never written again. */
    private static void releaseLikeTheDriver(final Path path, final PageMapping page) throws IOException
    {
        Files.delete(path);
        page.segment().set(ValueLayout.JAVA_INT, 0, 0);
    }

    private static void pollTimes(final FailoverPoller poller, final int polls)
    {
        for (int i = 0; i < polls; i++)
        {
            poller.poll();
        }
    }
}
