package io.exabond.sim;

import io.exabond.TestBonds;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator leaves management and comes back as the driver does: the old page's path goes at once, word 0 = 0 is
 * the last store into it, and a re-manage publishes on a new page file (a new inode) from generation 0.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BondSimulatorReleaseTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReleaseTheOldPageForGoodAndGoOnOnANewOne() throws Exception
    {
        final Path path = dir.resolve("page");
        final List<String> log = new CopyOnWriteArrayList<>();
        try (PagePublisher publisher = PagePublisher.create(path, TestBonds.fastBond0(), 0);
            BondPage old = BondPage.open(path))
        {
            final Object oldInode = Files.getAttribute(path, "unix:ino");
            final byte[][] atRelease = new byte[1][];
            final boolean[] pathAtRelease = new boolean[1];
            // Failovers every 20-50 us and a 10 ms heartbeat: the new page sees both while the old must see neither.
            try (BondSimulator simulator = new BondSimulator(publisher, 400, 20_000, 50_000, 7)
                .releaseAfter(3, TimeUnit.MILLISECONDS.toNanos(1))
                .log(line ->
                {
                    if (line.startsWith("released"))
                    {
                        pathAtRelease[0] = Files.exists(path);
                        atRelease[0] = old.segment().toArray(ValueLayout.JAVA_BYTE);
                    }
                    log.add(line);
                }))
            {
                assertEquals(400, simulator.run(generation -> { }));

                assertFalse(pathAtRelease[0], "the path was gone when the release was done");
                assertEquals(0, old.groupInfoAcquire(), "the old page says no active slave");
                assertArrayEquals(atRelease[0], old.segment().toArray(ValueLayout.JAVA_BYTE),
                    "nothing wrote the old page after its release");
                assertEquals(3, read(old).generation());
                assertEquals(BondPage.PathState.REPLACED, old.pathState());

                assertTrue(publisher.isReleased());
                assertNotSame(publisher, simulator.publisher());
                try (BondPage fresh = BondPage.open(path))
                {
                    assertNotEquals(oldInode, Files.getAttribute(path, "unix:ino"), "a new page file");
                    final StatusSnapshot snapshot = read(fresh);
                    assertEquals(397, snapshot.generation(), "failovers on the new page, from generation 0");
                    assertEquals(simulator.publisher().groupInfo(), fresh.groupInfoAcquire());
                    assertTrue(GroupInfo.isActive(fresh.groupInfoAcquire()));
                }
                assertEquals(List.of("released bond0 from management: " + path + " removed, then word 0 = 0 " +
                    "stored into the old page, which nothing writes again", "managed bond0 again: a new page at " +
                    path + ", generation 0"), log);
            }
        }
    }

    @Test
    void shouldStayReleasedUntilStoppedWithoutARemanage() throws Exception
    {
        final Path path = dir.resolve("page");
        final CountDownLatch released = new CountDownLatch(1);
        try (PagePublisher publisher = PagePublisher.create(path, TestBonds.fastBond0(), 0);
            BondPage old = BondPage.open(path))
        {
            final BondSimulator simulator = new BondSimulator(publisher, 0, 20_000, 50_000, 3)
                .releaseAfter(2, -1).log(line -> released.countDown());
            final AtomicLong published = new AtomicLong(-1);
            final Thread runner = new Thread(() -> published.set(simulator.run(generation -> { })), "sim-test");
            runner.start();
            assertTrue(released.await(10, TimeUnit.SECONDS));

            assertFalse(Files.exists(path));
            assertEquals(0, old.groupInfoAcquire());
            assertTrue(runner.isAlive(), "released, it waits to be stopped");

            simulator.stop();
            runner.join(5_000);
            assertFalse(runner.isAlive());
            assertEquals(2, published.get());
            assertEquals(2, read(old).generation());
            simulator.close();
        }
    }

    @Test
    void shouldRefuseARemanageWithoutAPageFile()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final PagePublisher publisher = PagePublisher.inMemory(arena.allocate(4096, 4096), TestBonds.bond0(), 0);
            final BondSimulator simulator = new BondSimulator(publisher, 0, 1, 1, 1);

            assertThrows(IllegalArgumentException.class, () -> simulator.releaseAfter(1, 0));
            assertThrows(IllegalArgumentException.class, () -> simulator.releaseAfter(0, -1));
            simulator.releaseAfter(1, -1);
        }
    }

    private static StatusSnapshot read(final BondPage page)
    {
        final StatusSnapshot snapshot = new StatusSnapshot();
        assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page.segment()).read(snapshot));
        return snapshot;
    }
}
