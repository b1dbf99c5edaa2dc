package io.exabond.publish;

import io.exabond.TestBonds;
import io.exabond.internal.LibC;
import io.exabond.page.BondPage;
import io.exabond.page.PageException;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PagePublisherTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCreateAPageFileOfExactlyOnePageWithTheInitialActiveMember() throws IOException
    {
        try (PagePublisher publisher = TestBonds.publisher(dir))
        {
            assertEquals(LibC.pageSize(), Files.size(publisher.path()));
            assertEquals(GroupInfoEncoder.encode(true, 0, 0), publisher.groupInfo());
            assertEquals(0, publisher.generation());
        }
    }

    @Test
    void shouldCountOneGenerationPerChangeOfActiveSlaveAndNoneForARepeat()
    {
        try (PagePublisher publisher = TestBonds.publisher(dir))
        {
            assertEquals(1, publisher.publishActive(1));
            assertEquals(1, publisher.publishActive(1));
            assertEquals(2, publisher.publishActive(-1));
            assertEquals(3, publisher.publishActive(0));
        }
    }

    @Test
    void shouldContinueTheGenerationWhenAPublisherRestartsOnTheSamePage()
    {
        final Path page = dir.resolve("page");
        try (PagePublisher first = PagePublisher.create(page, TestBonds.bond0(), 0))
        {
            first.publishActive(1);
            first.publishActive(0);
        }
        try (PagePublisher second = PagePublisher.create(page, TestBonds.bond0(), 1);
            BondPage reader = BondPage.open(page))
        {
            final StatusSnapshot s = new StatusSnapshot();
            assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(reader.segment()).read(s));
            assertEquals(3, s.generation(), "two changes before the restart and one at it");
            assertEquals(second.groupInfo(), reader.groupInfoAcquire());
        }
    }

    @Test
    void shouldKeepASecondPublisherOffAPageThatHasOne()
    {
        try (PagePublisher first = TestBonds.publisher(dir))
        {
            final PageException e = assertThrows(PageException.class, () -> TestBonds.publisher(dir));
            assertTrue(e.getMessage().contains("another publisher"), e.getMessage());
            assertEquals(0, first.generation());
        }
        TestBonds.publisher(dir).close();
    }

    @Test
    void shouldRefuseToOverwriteAFileThatIsNotAPage() throws IOException
    {
        final Path other = Files.writeString(dir.resolve("notes.txt"), "precious");

        final PageException e = assertThrows(PageException.class,
            () -> PagePublisher.create(other, TestBonds.bond0(), 0));

        assertTrue(e.getMessage().contains("not one page"), e.getMessage());
        assertEquals("precious", Files.readString(other));
    }

    @Test
    void shouldRefuseToWriteADeviceNode()
    {
        final PageException e = assertThrows(PageException.class,
            () -> PagePublisher.create(Path.of("/dev/null"), TestBonds.bond0(), 0));

        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void shouldMarkOnlyTheActiveMemberActiveAndPublishLinkChanges()
    {
        try (PagePublisher publisher = TestBonds.publisher(dir);
            BondPage page = BondPage.open(publisher.path()))
        {
            publisher.publishActive(1);
            publisher.publishLink(0, false);
            final StatusSnapshot s = new StatusSnapshot();
            new StatusBlockReader(page.segment()).read(s);

            assertEquals(List.of(false, true, false), List.of(s.isMemberActive(0), s.isMemberActive(1),
                s.isMemberActive(2)));
            assertEquals(false, s.isMemberLinkUp(0));
            assertEquals(1, s.generation(), "a link change is not a failover");
        }
    }

    @Test
    void shouldRefuseDescriptionsTheBlockCannotHold()
    {
        assertThrows(IllegalArgumentException.class, () -> new Member("", 0, 0, true, false));
        assertThrows(IllegalArgumentException.class, () -> new Member("sixteen-chars-xx", 0, 0, true, false));
        assertThrows(IllegalArgumentException.class, () -> new Member("eth0", 256, 0, true, false));
        assertThrows(IllegalArgumentException.class, () -> new BondDescription("bond0", 0, 0, 0, List.of()));
    }

    @Test
    void shouldApplyTheDriversMonitorIntervalRule()
    {
        assertEquals(100, MonitorInterval.effectiveMs(100, 0, false));
        assertEquals(50, MonitorInterval.effectiveMs(100, 50, true));
        assertEquals(100, MonitorInterval.effectiveMs(100, 50, false), "arp_interval counts only with a target");
        assertEquals(200, MonitorInterval.effectiveMs(0, 0, true));
        assertEquals(200, MonitorInterval.effectiveMs(300, 0, false), "an off monitor counts as 200 ms");
        assertTrue(MonitorInterval.bothOff(0, 100, false));
    }
}
