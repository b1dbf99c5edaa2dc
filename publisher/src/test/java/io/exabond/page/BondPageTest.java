package io.exabond.page;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.TestBonds;
import io.exabond.internal.Errno;
import io.exabond.internal.LibC;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BondPageTest
{
    @TempDir
    Path dir;

    @Test
    void shouldMapACharacterDeviceOfSizeZeroAsOnePage()
    {
        try (BondPage page = BondPage.open(Path.of("/dev/zero")))
        {
            assertTrue(page.isCharacterDevice());
            assertEquals(LibC.pageSize(), page.size());
            assertEquals(0, page.groupInfoAcquire());
            assertFalse(GroupInfo.isActive(page.groupInfoAcquire()));
            assertEquals(StatusBlockReader.Status.NO_BLOCK,
                new StatusBlockReader(page.segment()).read(new StatusSnapshot()));
        }
    }

    @Test
    void shouldMapARegularPageFileReadOnly() throws IOException
    {
        try (PagePublisher publisher = TestBonds.publisher(dir);
            BondPage page = BondPage.open(publisher.path()))
        {
            assertFalse(page.isCharacterDevice());
            assertEquals(publisher.groupInfo(), page.groupInfoAcquire());
            assertThrows(IllegalArgumentException.class, () -> page.segment().set(
                java.lang.foreign.ValueLayout.JAVA_INT, 0, 0), "a reader's mapping must be read-only");
        }
        assertEquals(LibC.pageSize(), Files.size(dir.resolve("page")));
    }

    @Test
    void shouldSeeEveryPublishedChangeThroughTheSharedMapping()
    {
        try (PagePublisher publisher = TestBonds.publisher(dir);
            BondPage page = BondPage.open(publisher.path()))
        {
            publisher.publishActive(1);
            assertEquals(GroupInfoEncoder.encode(true, 1, 3), page.groupInfoAcquire());
            publisher.publishActive(-1);
            assertEquals(GroupInfoEncoder.encode(false, 1, 3), page.groupInfoAcquire());
        }
    }

    @Test
    void shouldOpenABondByNameUnderTheDevDirectory()
    {
        try (PagePublisher publisher = PagePublisher.create(dir.resolve("exabond-bond7"), TestBonds.bond0(), 1);
            BondPage page = BondPage.openBond(dir, "bond7"))
        {
            assertEquals(publisher.groupInfo(), page.groupInfoAcquire());
        }
    }

    @Test
    void shouldExplainAMissingDeviceNodeWithTheManagementCommand()
    {
        final PageException e = assertThrows(PageException.class, () -> BondPage.openBond(dir, "bond0"));

        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(dir.resolve("exabond-bond0"), e.path());
        assertTrue(e.getMessage().contains(dir.resolve("exabond-bond0").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        assertTrue(e.getMessage().contains("cat /sys/class/net/exabond_masters"), e.getMessage());
    }

    @Test
    void shouldRefuseARegularFileShorterThanAPageBeforeMappingIt() throws IOException
    {
        final Path shortFile = Files.write(dir.resolve("short"), new byte[100]);

        final PageException e = assertThrows(PageException.class, () -> BondPage.open(shortFile));

        assertTrue(e.getMessage().contains("100 bytes, shorter than one page"), e.getMessage());
        assertTrue(e.getMessage().contains("SIGBUS"), e.getMessage());
    }

    @Test
    void shouldRefuseDevNullBecauseItCannotBeMapped()
    {
        final PageException e = assertThrows(PageException.class, () -> BondPage.open(Path.of("/dev/null")));

        assertEquals(Errno.ENODEV, e.errno());
        assertTrue(e.getMessage().contains("/dev/null") && e.getMessage().contains("ENODEV"), e.getMessage());
    }

    @Test
    void shouldRefuseADirectory()
    {
        final PageException e = assertThrows(PageException.class, () -> BondPage.open(dir));

        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void shouldRefuseAFifoWithoutHanging() throws Exception
    {
        final Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());

        final PageException e = assertThrows(PageException.class, () -> BondPage.open(fifo));

        assertTrue(e.getMessage().contains("is a FIFO"), e.getMessage());
    }

    @Test
    void shouldExplainAPermissionProblem() throws IOException
    {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may read any file");
        final Path page;
        try (PagePublisher publisher = TestBonds.publisher(dir))
        {
            page = publisher.path();
        }
        Files.setPosixFilePermissions(page, java.util.Set.of());

        final PageException e = assertThrows(PageException.class, () -> BondPage.open(page));

        assertEquals(Errno.EACCES, e.errno());
        assertTrue(e.getMessage().contains("ls -l " + page), e.getMessage());
    }

    @Test
    void shouldUnmapOnceAndRefuseReadsAfterClose()
    {
        final BondPage page = BondPage.open(Path.of("/dev/zero"));
        page.close();
        page.close();

        assertTrue(page.isClosed());
        assertThrows(PageClosedException.class, page::groupInfoAcquire);
    }
}
