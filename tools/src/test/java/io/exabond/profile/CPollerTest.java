package io.exabond.profile;

import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sim.BondSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class CPollerTest
{
    private static final BondDescription BOND = new BondDescription("bond0", 100, 100, 0,
        List.of(new Member("exa0", 0, 0, true, true), new Member("exa1", 0, 1, true, false)));

    @TempDir
    Path dir;

    @Test
    void shouldBuildTheCPollerAndAccountForEveryFailoverOfASimulatedRun() throws Exception
    {
        final Path log = dir.resolve("gcc.log");
        final CPoller poller = CPoller.build(log);
        assertTrue(Files.isExecutable(poller.binary()), poller.binary().toString());

        final Path page = dir.resolve("page");
        try (PagePublisher publisher = PagePublisher.create(page, BOND, 0))
        {
            final BondSimulator simulator = new BondSimulator(publisher, 0, 300_000, 500_000, 11);
            final Thread thread = Thread.ofPlatform().start(() -> simulator.run(generation -> { }));
            final RoundSamples samples;
            try
            {
                samples = poller.run(page, -1, 5, 100, TimeUnit.SECONDS.toNanos(60), log);
            }
            finally
            {
                simulator.stop();
                thread.join();
            }

            assertEquals(5, samples.warmupSeen() + samples.warmupMissed());
            assertEquals(100, samples.seen() + samples.missed(), "every measured failover seen or missed");
            assertEquals(samples.seen() - samples.untimed(), samples.listenerNs().length);
            assertEquals(samples.seen(), samples.handoffNs().length, "a hand-off for every failover seen");
            for (int i = 0; i < samples.listenerNs().length; i++)
            {
                final long listener = samples.listenerNs()[i];
                final long word0 = samples.word0Ns()[i];
                assertTrue(word0 >= 0 && word0 <= listener && listener < TimeUnit.SECONDS.toNanos(10),
                    "detection " + word0 + " ns, handler " + listener + " ns after publish");
            }
        }
    }

    @Test
    void shouldWaitForAPublisherPausedMidWriteBeforeTheFirstChange() throws Exception
    {
        final Path log = dir.resolve("gcc.log");
        final CPoller poller = CPoller.build(log);
        final Path page = dir.resolve("page");
        try (PagePublisher publisher = PagePublisher.create(page, BOND, 0))
        {
            // A Java publisher stopped at a safepoint mid-write: seq odd for far longer than one read's 1 ms retry.
            final long seq = seq(page);
            seq(page, seq + 1);
            final CompletableFuture<RoundSamples> run = CompletableFuture.supplyAsync(
                () -> poller.run(page, -1, 1, 4, TimeUnit.SECONDS.toNanos(60), log));
            Thread.sleep(200);
            assertTrue(!run.isDone(), "the C poller gave up on a seqlock held odd for 200 ms");
            seq(page, seq);
            final BondSimulator simulator = new BondSimulator(publisher, 0, 300_000, 500_000, 11);
            final Thread thread = Thread.ofPlatform().start(() -> simulator.run(generation -> { }));
            final RoundSamples samples;
            try
            {
                samples = run.get(60, TimeUnit.SECONDS);
            }
            finally
            {
                simulator.stop();
                thread.join();
            }

            assertEquals(1, samples.warmupSeen() + samples.warmupMissed());
            assertEquals(4, samples.seen() + samples.missed(), "every measured failover seen or missed");
        }
    }

    @Test
    void shouldSayThePublisherStalledWhenSeqStaysOddUntilTheDeadline() throws Exception
    {
        final Path log = dir.resolve("gcc.log");
        final CPoller poller = CPoller.build(log);
        final Path page = dir.resolve("page");
        try (PagePublisher _ = PagePublisher.create(page, BOND, 0))
        {
            seq(page, seq(page) + 1);

            final ProfileException e = assertThrows(ProfileException.class,
                () -> poller.run(page, -1, 1, 4, TimeUnit.SECONDS.toNanos(1), log));
            assertTrue(e.getMessage().contains("seqlock odd until its deadline"), e.getMessage());
        }
    }

    private static long seq(final Path page) throws IOException
    {
        try (FileChannel channel = FileChannel.open(page, StandardOpenOption.READ))
        {
            final ByteBuffer seq = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(seq, PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET);
            return seq.getLong(0);
        }
    }

    private static void seq(final Path page, final long value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(page, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value),
                PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET);
        }
    }
}
