package io.exabond.publish;

import io.exabond.page.PageException;
import io.exabond.page.PageLayout;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * The single writer of a page: the publishing rules (what counts as a change of active slave, when word 0 moves,
 * what a heartbeat refreshes) over a {@link StatusBlockWriter}, the seqlock writer of ABI.md, and a
 * {@link BlockImage} that knows which fields changed. Each update stores only what changed between an odd and an
 * even {@code seq}: a heartbeat its {@code heartbeat_ns}, a failover its generation, {@code active_raw}, two member
 * flags and its timestamps; members are written when they change, and a member removed is zeroed once. An update
 * that changes the active slave stores word 0 with release ordering after the block, so that a reader that sees
 * word 0 change always finds a block at least as new. A page file ({@link #create}) is locked against a second
 * publisher.
 * <p>
 * {@link #release()} does what the driver does when a bond leaves its management: the path goes at once, then word
 * 0 = 0 is stored into the page, which is never written again.
 * <p>
 * Threading: one thread at a time may call the publishing methods (they are not synchronized; the simulator and
 * bridge each own their publisher). Closing leaves the page valid and consistent ({@code seq} even) for readers
 * that still have it mapped.
 */
public final class PagePublisher implements AutoCloseable
{
    private final PageFile file;
    private final StatusBlockWriter writer;
    private final BlockImage image = new BlockImage();
    private final ActiveSlaveRules rules;
    private boolean released;

    private PagePublisher(final PageFile file, final MemorySegment page, final BondDescription bond)
    {
        this.file = file;
        this.writer = new StatusBlockWriter(page);
        this.rules = new ActiveSlaveRules(bond);
    }

    /**
     * Creates a page file of exactly one page, or reuses one, and publishes the bond with its initial active
     * slave. On a new page the block is written first and its magic last. On a page that already holds a block
     * (a restarted publisher) the generation continues, and counts one change when the active slave differs.
     *
     * @param path          the page file; its folder must exist. tmpfs ({@code /dev/shm}) keeps it in memory.
     * @param bond          the bond to describe.
     * @param initialActive index of the initial active member, or -1 for none.
     * @return the publisher, which owns the mapping until {@link #close()}.
     * @throws PageException when the file cannot be created, is not a page file, or has another publisher.
     */
    public static PagePublisher create(final Path path, final BondDescription bond, final int initialActive)
    {
        ActiveSlaveRules.checkIndex(initialActive, bond.members().size());
        final PageFile file = PageFile.open(path);
        try
        {
            final PagePublisher publisher = new PagePublisher(file, file.segment(), bond);
            publisher.start(initialActive);
            return publisher;
        }
        catch (final RuntimeException e)
        {
            file.close();
            throw e;
        }
    }

    /**
     * A publisher over memory the caller owns, for a private page no other process sees: warming a poller up,
     * benchmarks, tests. The memory must be zeroed or hold a block, be 8-byte aligned and at least
     * {@link PageLayout#MIN_PAGE_SIZE} bytes.
     *
     * @param page          the memory.
     * @param bond          the bond to describe.
     * @param initialActive index of the initial active member, or -1 for none.
     * @return the publisher; closing it leaves the memory alone.
     */
    public static PagePublisher inMemory(final MemorySegment page, final BondDescription bond, final int initialActive)
    {
        ActiveSlaveRules.checkIndex(initialActive, bond.members().size());
        final PagePublisher publisher = new PagePublisher(null, page, bond);
        publisher.start(initialActive);
        return publisher;
    }

    /**
     * Compiles the publishing path before a publisher goes live, so that its first changes are not published by
     * interpreted code (microseconds between {@code changed_ns} and the store of word 0, instead of tens of ns):
     * publishes changes and heartbeats into a private in-memory page. Call once per JVM.
     *
     * @param updates changes to publish; 20 000 take well under a second.
     * @return the private page's last generation, so that the work cannot be optimized away.
     */
    public static long warmUp(final int updates)
    {
        return PublisherWarmUp.run(updates);
    }

    /**
     * Publishes a change of active slave: {@code changed_ns} is taken just before the block is completed, the
     * generation counts one more change, and word 0 is stored last. Publishing the current active slave again
     * changes nothing but the heartbeat.
     *
     * @param index the new active member, or -1 for no active slave (the ACTIVE flag clears, id and port stay).
     * @return the generation after the call.
     * @throws IllegalStateException after {@link #release()}.
     */
    public long publishActive(final int index)
    {
        checkLive();
        final boolean changed = rules.activate(index);
        image.active(index);
        if (changed)
        {
            image.generation(rules.generation());
            image.activeRaw(rules.activeRaw());
        }
        else
        {
            image.heartbeatNs(System.nanoTime());
        }
        writer.update(image, changed, rules.activeRaw());
        return rules.generation();
    }

    /**
     * Republishes the whole bond in one write (members added or removed, link states, monitor intervals, the active
     * member), storing what differs from the page: for a publisher that mirrors a bond whose membership changes (the
     * sysfs bridge). The generation counts a change when word 0 differs or another member (by interface name) is
     * active: between two members that are not SmartNIC ports (both 255:255) the change shows in the block alone.
     *
     * @param newBond the bond as it is now; its name should stay the same.
     * @param index   the active member in {@code newBond}, or -1 for no active slave (the ACTIVE flag clears, id
     *                and port stay).
     * @return the generation after the call.
     * @throws IllegalStateException after {@link #release()}.
     */
    public long publish(final BondDescription newBond, final int index)
    {
        checkLive();
        final long now = System.nanoTime();
        final int change = rules.describe(newBond, index);
        image.describe(newBond);
        image.active(index);
        image.activeRaw(rules.activeRaw());
        image.generation(rules.generation());
        if (change == ActiveSlaveRules.CHANGED_IN_BLOCK)
        {
            image.changedNs(now);
        }
        if (change != ActiveSlaveRules.CHANGED_WORD0)
        {
            image.heartbeatNs(now);
        }
        writer.update(image, change == ActiveSlaveRules.CHANGED_WORD0, rules.activeRaw());
        return rules.generation();
    }

    /**
     * Publishes a member's new link state, without a change of active slave.
     *
     * @param index  the member.
     * @param linkUp its link state.
     * @throws IllegalStateException after {@link #release()}.
     */
    public void publishLink(final int index, final boolean linkUp)
    {
        checkLive();
        rules.linkUp(index, linkUp);
        image.linkUp(index, linkUp);
        image.heartbeatNs(System.nanoTime());
        writer.update(image, false, rules.activeRaw());
    }

    /**
     * Refreshes {@code heartbeat_ns}, and nothing else: call once per monitor pass, so that readers can tell a live
     * publisher.
     *
     * @throws IllegalStateException after {@link #release()}.
     */
    public void heartbeat()
    {
        checkLive();
        image.heartbeatNs(System.nanoTime());
        writer.update(image, false, rules.activeRaw());
    }

    /**
     * Releases the page as the driver does when a bond leaves its management: removes the page file's path at once
     * (when it still names this page, so that a new page can be created there), then stores word 0 = 0 with release
     * ordering into the page, and unmaps it. The block is left as it was; nothing writes the page again, so a reader
     * that has it mapped sees "no active slave" for ever. Idempotent; the publishing methods throw afterwards.
     *
     * @throws PageException when the path cannot be removed (word 0 is stored and the page unmapped all the same).
     */
    public void release()
    {
        if (released)
        {
            return;
        }
        released = true;
        try
        {
            if (file != null)
            {
                file.unlinkIfSame();
            }
        }
        finally
        {
            writer.storeGroupInfoRelease(0);
            close();
        }
    }

    /**
     * @return true once {@link #release()} has run.
     */
    public boolean isReleased()
    {
        return released;
    }

    /**
     * @return word 0 as last published (before a {@link #release()}).
     */
    public int groupInfo()
    {
        return rules.activeRaw();
    }

    /**
     * @return the index of the active member, -1 when none.
     */
    public int activeIndex()
    {
        return rules.activeIndex();
    }

    /**
     * @return active-slave changes published since the block was created.
     */
    public long generation()
    {
        return rules.generation();
    }

    /**
     * @return the bond this publisher describes, members as first given or as last given to {@link #publish}.
     */
    public BondDescription bond()
    {
        return rules.bond();
    }

    /**
     * @return the members with their current link states.
     */
    public List<Member> members()
    {
        return rules.members();
    }

    /**
     * @return the page file, or null for a publisher {@link #inMemory}.
     */
    public Path path()
    {
        return file != null ? file.path() : null;
    }

    /**
     * Unmaps the page and releases the lock; the page stays valid for readers. Idempotent.
     */
    public void close()
    {
        if (file != null)
        {
            file.close();
        }
    }

    private void start(final int initialActive)
    {
        final boolean resume = writer.magicAcquire() == PageLayout.STATUS_MAGIC;
        final long now = System.nanoTime();
        if (resume)
        {
            writer.resume();
        }
        final boolean changed = rules.start(initialActive, writer.groupInfoAcquire(), resume,
            resume ? writer.generation() : 0);
        image.describe(rules.bond());
        image.active(initialActive);
        image.activeRaw(rules.activeRaw());
        image.generation(rules.generation());
        image.heartbeatNs(now);
        image.changedNs(resume && !changed ? writer.changedNs() : now);
        image.markAll();
        if (resume)
        {
            writer.update(image, changed, rules.activeRaw());
        }
        else
        {
            writer.create(image, rules.activeRaw());
        }
    }

    private void checkLive()
    {
        if (released)
        {
            throw new IllegalStateException("the page of " + rules.bond().bondName() + " was released: nothing " +
                "may write it again; create a new publisher for a new page");
        }
    }
}
