package io.exabond.poller;

import io.exabond.counters.ExabondCounters;
import io.exabond.internal.LibC;
import io.exabond.internal.NativeAccess;
import io.exabond.internal.PageMapping;
import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The warm-up of {@link FailoverPoller#warmUp(int)}: compiles the change path before a poller goes live, so that
 * the first real failover does not meet an uncommon trap and a recompilation. It runs private pollers, configured
 * through {@link FailoverPollerContext} like any other, against private page files ({@link WarmUpPage}) that it fails
 * over itself, deleted when it ends.
 * <p>
 * Three pollers with listeners of three classes take turns, so that C2 compiles the listener calls as plain
 * interface calls: with a single listener class seen it would inline that class behind a type guard whose miss, at
 * the application's first real failover, deoptimizes. One listener asks for the block's facts during the call, the
 * others leave the poller to read them after it, so both are compiled; one poller polls two pages, so the loop over
 * bonds is compiled for more than one. Some failovers are published in pairs, so that the paths of missed failovers
 * (a generation jump, and A to B to A) are compiled too; and the states a concurrent publisher leaves a reader in are
 * staged (a write in progress at a change and at a check, a block one change ahead of word 0), since a branch the
 * warm-up never took is compiled as an uncommon trap that deoptimizes the poller the first time a real publisher is
 * caught mid-write, and a heartbeat gone stale. The pollers look at their pages' paths at every clock read, so the
 * release check is compiled; some keep counters (in memory only) and some do not, some check liveness at every clock
 * read and one on deadlines, so that both sides of each of those branches are compiled too.
 */
final class WarmUp
{
    /** Polls between two clock reads (and, with an interval of 0, checks) of the private pollers. */
    static final int POLLS_PER_CHECK = 64;

    private WarmUp()
    {
    }

    /**
     * @param failovers failovers to run.
     * @return failovers and missed failovers the private pollers noticed, so the work cannot be optimized away.
     */
    static long run(final int failovers)
    {
        NativeAccess.check();
        final long pageSize = Math.max(LibC.pageSize(), PageLayout.MIN_PAGE_SIZE);
        // Page files mapped as real pages are (PageMapping, a shared arena): written through a writable mapping,
        // polled through a BondPage, read by address, as an application's pollers read theirs. The third poller
        // reads the same memory as a segment, so that both ways of reading word 0 are compiled.
        final Path file = pageFile(pageSize);
        final Path second = pageFile(pageSize);
        try (PageMapping writable = PageMapping.map(file, true, "");
            PageMapping writableSecond = PageMapping.map(second, true, "");
            BondPage readable = BondPage.open(file);
            BondPage readableSecond = BondPage.open(second);
            Arena arena = Arena.ofShared())
        {
            final WarmUpPage publisher = new WarmUpPage(writable.segment());
            final WarmUpPage secondPublisher = new WarmUpPage(writableSecond.segment());
            final long[] seen = new long[1];
            final FailoverListener[] listeners = {
                new FailoverListener()
                {
                    public void onFailover(final FailoverEvent event)
                    {
                        seen[0] += 1 + event.missed();
                    }

                    public void onMissedFailovers(final PolledBond bond, final long missed, final long generation)
                    {
                        seen[0] += missed;
                    }
                },
                new FailoverListener()
                {
                    public void onFailover(final FailoverEvent event)
                    {
                        seen[0] += event.groupInfo() != event.previousGroupInfo() ? 1 : 0;
                    }

                    public void onMissedFailovers(final PolledBond bond, final long missed, final long generation)
                    {
                        seen[0] += generation > 0 ? missed : 0;
                    }
                },
                event -> seen[0] += event.exanicPort()
            };
            final FailoverPoller[] pollers = new FailoverPoller[listeners.length];
            // Counters on some pollers and not on others, so that both branches of each count are compiled: an
            // application's poller keeps counters unless told not to. Only where Agrona's buffers may be used.
            final ExabondCounters counters = ExabondCounters.isAgronaAccessible() ? ExabondCounters.inMemory() : null;
            for (int i = 0; i < pollers.length; i++)
            {
                // A check every 64 polls; a stall timeout of 0, so that the paths of a publisher caught mid-write
                // cost microseconds here; and one poller checking its thread, so that an application that asks for
                // the check does not meet that branch uncompiled.
                final FailoverPollerContext context = switch (i)
                {
                    case 0 -> new FailoverPollerContext().bond("warmup", readable).bond("warmup2", readableSecond);
                    case 1 -> new FailoverPollerContext().bond("warmup", readable);
                    default -> new FailoverPollerContext().bond("warmup", writable.segment(), "the warm-up page");
                };
                pollers[i] = new FailoverPoller(settings(context, listeners[i])
                    .counters(i == 1 ? null : counters)
                    .livenessCheckIntervalNs(i == 1 ? 50_000 : 0)
                    .pageCheckIntervalNs(i == 1 ? 100_000 : 0)
                    .stallTimeoutNs(0)
                    .checkSingleThread(i == pollers.length - 1));
            }
            // And a kernel page, word 0 alone, so that the path without a block is compiled too.
            final MemorySegment kernelPage = arena.allocate(pageSize, pageSize);
            final FailoverPoller kernelPoller = new FailoverPoller(
                settings(new FailoverPollerContext().bond("warmup", kernelPage, "the warm-up kernel page"),
                listeners[0]));
            int active = 0;
            for (int i = 0; i < failovers; i++)
            {
                final int next = (active + 1) % 3;
                switch (i & 63)
                {
                    case 31 ->
                    {
                        // A failover missed by all: A to B to C, seen as a jump of 2.
                        publisher.publishActive(next);
                        active = (next + 1) % 3;
                        publisher.publishActive(active);
                    }
                    case 62 ->
                    {
                        // A to B to A: word 0 ends where it was; the low-rate check reports it.
                        publisher.publishActive(next);
                        publisher.publishActive(active);
                    }
                    case 20 ->
                    {
                        // The publisher caught mid-write (seq odd) as word 0 changes: the change cannot be paired
                        // with the block; the next clock read pairs it once the write is done.
                        final long seq = publisher.seq();
                        publisher.storeSeq(seq + 1);
                        publisher.storeWord0(WarmUpPage.rawOf(next));
                        pollAll(pollers, 2);
                        publisher.storeSeq(seq);
                        publisher.publishActive(next);
                        active = next;
                    }
                    case 40 ->
                    {
                        // The block describes the next change when word 0 is loaded: told at once, paired later.
                        publisher.publishActive(next);
                        active = (next + 1) % 3;
                        publisher.publishActive(active);
                        publisher.storeWord0(WarmUpPage.rawOf(next));
                        pollAll(pollers, 2);
                        publisher.storeWord0(WarmUpPage.rawOf(active));
                    }
                    case 10 ->
                    {
                        // A change whose block is published and whose word 0 is not yet, during the low-rate check.
                        final int before = publisher.word0();
                        publisher.publishActive(next);
                        publisher.storeWord0(before);
                        pollAll(pollers, 70);
                        publisher.storeWord0(WarmUpPage.rawOf(next));
                        active = next;
                    }
                    case 55 ->
                    {
                        // A publisher whose heartbeat went stale, then its recovery at the next write.
                        publisher.staleHeartbeat();
                        pollAll(pollers, 140);
                        publisher.publishActive(next);
                        active = next;
                    }
                    case 50 ->
                    {
                        // A write in progress during the low-rate check, long enough to count as a stall (the
                        // warm-up pollers' stall timeout is 0), then the recovery.
                        final long seq = publisher.seq();
                        publisher.storeSeq(seq + 1);
                        pollAll(pollers, 140);
                        publisher.storeSeq(seq);
                        publisher.publishActive(next);
                        active = next;
                    }
                    default ->
                    {
                        publisher.publishActive(next);
                        active = next;
                    }
                }
                for (final FailoverPoller poller : pollers)
                {
                    poller.doWork();
                }
                pollAll(pollers, 8);
                secondPublisher.publishActive(next);
                PageLayout.GRPINFO_RAW_HANDLE.setRelease(kernelPage, (long)PageLayout.GRPINFO_OFFSET,
                    WarmUpPage.rawOf(active));
                for (int p = 0; p < 4; p++)
                {
                    kernelPoller.poll();
                }
            }
            return seen[0];
        }
        finally
        {
            deleteQuietly(file);
            deleteQuietly(second);
        }
    }

    private static void deleteQuietly(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignored)
        {
            // deleteOnExit removes it at the latest
        }
    }

    private static void pollAll(final FailoverPoller[] pollers, final int polls)
    {
        for (final FailoverPoller poller : pollers)
        {
            for (int p = 0; p < polls; p++)
            {
                poller.poll();
            }
        }
    }

    private static FailoverPollerContext settings(final FailoverPollerContext context, final FailoverListener listener)
    {
        return context
            .listener(listener)
            .maxPollsPerClockRead(POLLS_PER_CHECK)
            .livenessCheckIntervalNs(0)
            .pageCheckIntervalNs(0)
            .counters(null)
            .followReleasedPages(false)
            .warmUp(false);
    }

    private static Path pageFile(final long pageSize)
    {
        final Path shm = Path.of("/dev/shm");
        final Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm :
            Path.of(System.getProperty("java.io.tmpdir"));
        try
        {
            final Path file = Files.createTempFile(dir, "exabond-warmup-", ".page");
            // Deleted when the warm-up ends; a JVM killed during it leaves a file named exabond-warmup-*.
            file.toFile().deleteOnExit();
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
            {
                raf.setLength(pageSize);
            }
            return file;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("the warm-up needs a page file in " + dir + ": " + e.getMessage(), e);
        }
    }
}
