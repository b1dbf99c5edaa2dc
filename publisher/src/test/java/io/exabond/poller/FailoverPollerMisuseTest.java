package io.exabond.poller;

import io.exabond.page.BondPage;
import io.exabond.page.PageClosedException;
import io.exabond.publish.PagePublisher;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15.2: misuse gets a message that says what happened, not a bare JDK exception or silent duplicates.
 */
@Timeout(60)
class FailoverPollerMisuseTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAMissingListenerAtConstructionNamingIt()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new FailoverPoller(new FailoverPollerContext().bond("bond0", page, "test page")));
            assertTrue(e.getMessage().startsWith("listener is not set"), e.getMessage());
            assertTrue(e.getMessage().contains("bond0"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseNoBondABondTwiceANamelessBondOrANegativeIntervalNamingIt()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final FailoverListener listener = new RecordingListener();
            assertMessageStarts("no bond is set",
                () -> new FailoverPoller(new FailoverPollerContext().listener(listener)));
            assertMessageStarts("bond bond0 is given twice",
                () -> new FailoverPoller(new FailoverPollerContext().bond("bond0", page, "a").bond("bond0", page, "b")
                    .listener(listener)));
            assertMessageStarts("a bond needs a name",
                () -> new FailoverPollerContext().bond("", page, "test page"));
            assertMessageStarts("livenessCheckIntervalNs must be at least 0, not -1",
                () -> new FailoverPoller(TestPages.checkingContext(page, listener, 8).livenessCheckIntervalNs(-1)));
            assertMessageStarts("stallTimeoutNs must be at least 0, not -5",
                () -> new FailoverPoller(TestPages.checkingContext(page, listener, 8).stallTimeoutNs(-5)));
            assertMessageStarts("page test page of bond bond0 has 16 bytes",
                () -> new FailoverPoller(TestPages.checkingContext(page.asSlice(0, 16), listener, 8)));
        }
    }

    @Test
    void shouldRefuseToChangeOrReuseAContextAPollerConcluded()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = TestPages.page(arena);
            final FailoverPollerContext ctx = TestPages.checkingContext(page, new RecordingListener(), 8);
            new FailoverPoller(ctx);

            assertMessageStarts("this FailoverPollerContext is concluded (a poller uses it)",
                () -> ctx.bond("bond1", page, "test page"));
            assertMessageStarts("this FailoverPollerContext is concluded already: a context configures one poller",
                () -> new FailoverPoller(ctx));
        }
    }

    @Test
    void shouldShowEverySettingInItsDescription()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final FailoverPollerContext ctx = TestPages.checkingContext(TestPages.page(arena), new RecordingListener(),
                8).pageCheckIntervalNs(5_000_000L).followReleasedPages(false);

            final String text = ctx.toString();

            assertTrue(text.contains("bonds=[bond0=test page]") && text.contains("pageCheckIntervalNs=5000000") &&
                text.contains("followReleasedPages=false") && text.contains("maxPollsPerClockRead=8") &&
                text.contains("counters=none") && text.contains("concluded=false"), text);
            assertEquals(1, ctx.bondCount());
            assertEquals("bond0", ctx.bondName(0));
            assertEquals(5_000_000L, ctx.pageCheckIntervalNs());
        }
    }

    @Test
    void shouldNameThePageAndTheBondWhenThePageIsClosedUnderThePoller()
    {
        final Path file = dir.resolve("exabond-bond7");
        try (PagePublisher _ = PagePublisher.create(file, TestPages.bond(2, 60_000), 0))
        {
            final BondPage page = BondPage.open(file);
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond7", page)
                .listener(new RecordingListener())
                .warmUp(false));
            assertEquals(0, poller.poll());
            page.close();

            final AgentTerminationException e = assertThrows(AgentTerminationException.class, poller::poll);
            assertTrue(e.getMessage().contains("bond7") && e.getMessage().contains(file.toString()),
                e.getMessage());
            assertTrue(e.getMessage().contains("was closed while exabond-poller-bond7 polled it"), e.getMessage());
            assertInstanceOf(PageClosedException.class, e.getCause());
            assertEquals(file, ((PageClosedException)e.getCause()).path());
        }
    }

    @Test
    void shouldStopTheAgentRunnerWithTheNamedErrorWhenThePageIsClosedUnderIt() throws Exception
    {
        final Path file = dir.resolve("exabond-bond8");
        try (PagePublisher _ = PagePublisher.create(file, TestPages.bond(2, 60_000), 0))
        {
            final BondPage page = BondPage.open(file);
            final AtomicReference<Throwable> error = new AtomicReference<>();
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond("bond8", page)
                .listener(new RecordingListener())
                .warmUp(false));
            final AgentRunner runner = new AgentRunner(new BusySpinIdleStrategy(), error::set, null, poller);
            final Thread thread = AgentRunner.startOnThread(runner);
            Thread.sleep(50);
            page.close();

            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!thread.isAlive(), "the runner went on after its page was closed");
            assertInstanceOf(AgentTerminationException.class, error.get());
            assertTrue(error.get().getMessage().contains("bond8"), error.get().getMessage());
            runner.close();
        }
    }

    @Test
    void shouldCatchASecondPollingThreadWhenAskedTo() throws Exception
    {
        try (Arena arena = Arena.ofShared())
        {
            final MemorySegment page = TestPages.page(arena);
            PagePublisher.inMemory(page, TestPages.bond(2, 60_000), 0);
            // A clock read and a check at every poll, so that the second thread's first poll meets the check.
            final FailoverPoller poller = new FailoverPoller(
                TestPages.checkingContext(page, new RecordingListener(), 1).checkSingleThread(true));
            poller.poll();
            poller.poll();

            final AtomicReference<Throwable> thrown = new AtomicReference<>();
            final Thread second = Thread.ofPlatform().name("second-poller").start(() ->
            {
                try
                {
                    poller.poll();
                    poller.poll();
                }
                catch (final Throwable t)
                {
                    thrown.set(t);
                }
            });
            second.join();

            assertInstanceOf(IllegalStateException.class, thrown.get());
            assertTrue(thrown.get().getMessage().contains("'second-poller'") &&
                thrown.get().getMessage().contains("'" + Thread.currentThread().getName() + "'"),
                thrown.get().getMessage());
        }
    }

    private static void assertMessageStarts(final String start, final Runnable construct)
    {
        final ConfigurationException e = assertThrows(ConfigurationException.class, construct::run);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
