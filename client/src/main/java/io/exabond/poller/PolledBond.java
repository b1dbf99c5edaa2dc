package io.exabond.poller;

import io.exabond.internal.LibC;
import io.exabond.internal.PathWatch;
import io.exabond.page.BondPage;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * One bond that a {@link FailoverPoller} polls: named in every event and listener call, so that one listener can
 * serve an A and a B feed on two bonds. Holds the bond's state as the poller last saw it.
 * <p>
 * Threading: the getters are plain reads of the polling thread's fields: call them on that thread (in the listener,
 * or between polls of your own loop). Another thread or process reads the same figures from the bond's counters
 * ({@link FailoverPollerContext#counters(io.exabond.counters.ExabondCounters)}).
 */
public final class PolledBond
{
    private final int index;
    private final String name;
    private final GroupInfoPoller poller;
    private final long changeReadTimeoutNs;
    private final BlockHeader header = new BlockHeader();
    final GenerationAccount generations = new GenerationAccount();
    final PublisherLiveness liveness;
    final BondCounters counters;

    String pageName;
    BondPage page;
    BondPage ownedPage;
    MemorySegment segment;
    StatusBlockReader reader;
    PathWatch watch;
    int mappedFileType;
    long mappedMajor;
    boolean hasBlock;
    boolean freshBlock;
    boolean pendingPair;
    boolean released;
    int groupInfoAtRelease;
    String followProblem;
    long failovers;
    long releases;
    long stalls;

    PolledBond(final int index, final String name, final GroupInfoPoller poller, final long changeReadTimeoutNs,
        final long stallTimeoutNs, final BondCounters counters)
    {
        this.index = index;
        this.name = name;
        this.poller = poller;
        this.changeReadTimeoutNs = changeReadTimeoutNs;
        this.liveness = new PublisherLiveness(stallTimeoutNs);
        this.counters = counters;
    }

    /**
     * Points the bond at a page: the one it was configured with, or a new one after a release.
     *
     * @param page      a page this library mapped, or null for memory given as a segment.
     * @param segment   the page's memory.
     * @param pageName  how messages name it.
     */
    void map(final BondPage page, final MemorySegment segment, final String pageName)
    {
        this.page = page;
        this.segment = segment;
        this.pageName = pageName;
        this.reader = new StatusBlockReader(segment);
        this.hasBlock = reader.hasBlock();
        this.freshBlock = false;
        this.pendingPair = false;
        this.released = false;
        this.followProblem = null;
        this.generations.reset();
        this.liveness.reset();
        if (page != null)
        {
            this.watch = new PathWatch(page.path(), page.device(), page.inode());
            this.mappedFileType = page.isCharacterDevice() ? LibC.S_IFCHR : LibC.S_IFREG;
            this.mappedMajor = PathWatch.major(page.rdev());
        }
        else
        {
            this.watch = null;
        }
    }

    /**
     * @return the bond's name, as configured ({@link FailoverPollerContext#bond(String, BondPage)}).
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the bond's position among the poller's bonds, from 0 in the order they were configured: an index for
     * the application's own per-bond arrays.
     */
    public int index()
    {
        return index;
    }

    /**
     * @return how messages name the page polled now: its path, or the name given with a segment.
     */
    public String pageName()
    {
        return pageName;
    }

    /**
     * @return the path of the page polled now, or null for memory given as a segment.
     */
    public Path path()
    {
        return page == null ? null : page.path();
    }

    /**
     * @return word 0 (the group info) as last reported: after a release, the last one before it, until the poller
     * follows a new page.
     */
    public int lastGroupInfo()
    {
        return released ? groupInfoAtRelease : poller.cachedOf(index);
    }

    /**
     * @return the block's generation as last paired with word 0, or {@link FailoverEvent#NO_GENERATION} on a kernel
     * page.
     */
    public long lastGeneration()
    {
        return hasBlock ? generations.lastGeneration() : FailoverEvent.NO_GENERATION;
    }

    /**
     * @return true when the page polled now has a status block.
     */
    public boolean hasBlock()
    {
        return hasBlock;
    }

    /**
     * @return failovers reported through {@link FailoverListener#onFailover}.
     */
    public long failovers()
    {
        return failovers;
    }

    /**
     * @return failovers known to have been missed, from generation jumps.
     */
    public long missed()
    {
        return generations.missedTotal();
    }

    /**
     * @return stalls of the publisher reported through {@link FailoverListener#onPublisherStalled}.
     */
    public long stalls()
    {
        return stalls;
    }

    /**
     * @return releases of the bond's page reported through {@link FailoverListener#onPageReleased}.
     */
    public long releases()
    {
        return releases;
    }

    /**
     * @return true while the publisher counts as stalled.
     */
    public boolean isPublisherStalled()
    {
        return liveness.isStalled();
    }

    /**
     * @return true from a release of the page until the poller follows a new one.
     */
    public boolean isReleased()
    {
        return released;
    }

    /**
     * @return the bond's name and page; allocates.
     */
    public String toString()
    {
        return "bond " + name + " (" + pageName + ")";
    }

    /**
     * Word 0 changed: until the change is paired with the block's header, the generation account is out of step.
     */
    void beginChange()
    {
        freshBlock = false;
        if (!hasBlock)
        {
            hasBlock = reader.hasBlock();
            freshBlock = hasBlock;
        }
        generations.beginChange(hasBlock);
    }

    /**
     * Reads the block's header once and pairs it with the event's change, when it describes that change.
     *
     * @param event the change being told.
     */
    void pairHeader(final FailoverEvent event)
    {
        event.headerRead = true;
        if (hasBlock && header.read(segment) && header.activeRaw == event.groupInfo)
        {
            final long jump = generations.paired(header.generation, freshBlock);
            event.paired = true;
            event.generation = header.generation;
            event.missed = Math.max(0, jump - 1);
            event.changedNs = header.changedNs;
            event.timed = jump == 1 && !event.followed;
            if (event.missed > 0)
            {
                countMissed(event.missed);
            }
        }
    }

    /**
     * One attempt to find word 0 and the block describing one state outside a change, and to count what was
     * published and neither reported nor counted yet (A to B to A, changes reported unpaired).
     *
     * @param word0 word 0 as last seen, and still.
     * @return the failovers found missed, 0 or less when none; {@link Long#MIN_VALUE} when the header was not
     * consistent or describes another state (nothing could be told).
     */
    long settle(final int word0)
    {
        if (header.read(segment) && header.activeRaw == word0)
        {
            pendingPair = false;
            return generations.settled(header.generation);
        }
        return Long.MIN_VALUE;
    }

    /**
     * @return the header of the last read, for the liveness judgement.
     */
    BlockHeader header()
    {
        return header;
    }

    /**
     * Reads the header for a liveness check.
     *
     * @return true when consistent.
     */
    boolean readHeader()
    {
        return header.read(segment);
    }

    StatusBlockReader.Status readStatus(final StatusSnapshot into)
    {
        return reader.read(into, changeReadTimeoutNs);
    }

    boolean isPageClosed()
    {
        return page != null && page.isClosed();
    }

    void countFailover(final FailoverEvent event)
    {
        failovers++;
        if (counters != null)
        {
            counters.failover(event.timed ? event.detectedNs - event.changedNs : -1);
        }
    }

    void countMissed(final long missed)
    {
        generations.countMissed(missed);
        if (counters != null)
        {
            counters.missed(missed);
        }
    }

    void countStall()
    {
        stalls++;
        if (counters != null)
        {
            counters.stall();
        }
    }

    void countRelease()
    {
        releases++;
        if (counters != null)
        {
            counters.release();
        }
    }

    /**
     * Closes a page the poller mapped itself when following.
     */
    void closeOwnedPage()
    {
        final BondPage owned = ownedPage;
        ownedPage = null;
        if (owned != null)
        {
            owned.close();
        }
    }
}
