package io.exabond.publish;

import io.exabond.internal.LibC;
import io.exabond.internal.MappingException;
import io.exabond.internal.PageMapping;
import io.exabond.page.GroupInfo;
import io.exabond.page.PageException;
import io.exabond.page.PageLayout;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static io.exabond.page.PageLayout.ACTIVE_RAW_OFFSET;
import static io.exabond.page.PageLayout.ARP_INTERVAL_MS_OFFSET;
import static io.exabond.page.PageLayout.BLOCK_SIZE_OFFSET;
import static io.exabond.page.PageLayout.BOND_NAME_OFFSET;
import static io.exabond.page.PageLayout.CHANGED_NS_OFFSET;
import static io.exabond.page.PageLayout.GENERATION_OFFSET;
import static io.exabond.page.PageLayout.HEARTBEAT_NS_OFFSET;
import static io.exabond.page.PageLayout.IFNAMSIZ;
import static io.exabond.page.PageLayout.MAX_MEMBERS;
import static io.exabond.page.PageLayout.MEMBERS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_COUNT_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_ID_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_EXANIC_PORT_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAGS_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_FLAG_ACTIVE;
import static io.exabond.page.PageLayout.MEMBER_FLAG_PRIMARY;
import static io.exabond.page.PageLayout.MEMBER_IFNAME_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_LINK_UP_OFFSET;
import static io.exabond.page.PageLayout.MEMBER_SIZE;
import static io.exabond.page.PageLayout.MIIMON_MS_OFFSET;
import static io.exabond.page.PageLayout.MONITOR_INTERVAL_MS_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_OFFSET;
import static io.exabond.page.PageLayout.STATUS_BLOCK_SIZE;
import static io.exabond.page.PageLayout.STATUS_MAGIC;
import static io.exabond.page.PageLayout.STATUS_VERSION;
import static io.exabond.page.PageLayout.VERSION_OFFSET;

/**
 * The single writer of a page file: word 0 and the status block, by the writer side of the seqlock of ABI.md.
 * <p>
 * Every update rewrites the whole payload between an odd and an even {@code seq}; an update that changes the
 * active slave stores word 0 with release ordering after the block, so that a reader that sees word 0 change
 * always finds a block at least as new. An exclusive {@code flock} on the file keeps a second publisher out.
 * <p>
 * Threading: one thread at a time may call the publishing methods (they are not synchronized; the simulator
 * and bridge each own their publisher). Closing leaves the page valid and consistent ({@code seq} even) for
 * readers that still have it mapped.
 */
public final class PagePublisher implements AutoCloseable
{
    // The seqlock's handles, made from the generated struct layouts: each takes its struct's offset in the page.
    private static final VarHandle RAW = PageLayout.GRPINFO_RAW_HANDLE;
    private static final VarHandle MAGIC = PageLayout.MAGIC_HANDLE;
    private static final VarHandle SEQ = PageLayout.SEQ_HANDLE;
    private static final long WORD0 = PageLayout.GRPINFO_OFFSET;
    private static final long BLOCK = STATUS_BLOCK_OFFSET;

    private final PageMapping mapping;
    private final Path path;
    private final MemorySegment page;
    private BondDescription bond;
    private Member[] members;
    private byte[] bondNameBytes;
    /** The members area as written, less the active flag: rebuilt only when a member changes. */
    private final byte[] memberImage = new byte[MAX_MEMBERS * MEMBER_SIZE];
    private long seq;
    private long generation;
    private long changedNs;
    private long heartbeatNs;
    private int activeRaw;
    private int activeIndex;

    private PagePublisher(final PageMapping mapping, final Path path, final MemorySegment page,
        final BondDescription bond)
    {
        this.mapping = mapping;
        this.path = path;
        this.page = page;
        describe(bond);
    }

    private void describe(final BondDescription newBond)
    {
        bond = newBond;
        members = newBond.members().toArray(new Member[0]);
        bondNameBytes = nameBytes(newBond.bondName());
        buildMemberImage();
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
        checkIndex(initialActive, bond.members().size());
        prepareFile(path);
        final PageMapping mapping;
        try
        {
            mapping = PageMapping.map(path, true, "Its folder must exist.");
        }
        catch (final MappingException e)
        {
            throw new PageException(e.path(), e.errno(), e.getMessage());
        }
        try
        {
            final int lock = mapping.tryLockExclusive();
            if (lock != 0)
            {
                throw new PageException(path, lock, "another publisher is writing " + path + " (it holds an " +
                    "exclusive lock on it). Stop it first, or choose another --page.");
            }
            final PagePublisher publisher = new PagePublisher(mapping, path, mapping.segment(), bond);
            publisher.start(initialActive);
            return publisher;
        }
        catch (final RuntimeException e)
        {
            mapping.close();
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
        checkIndex(initialActive, bond.members().size());
        if (page.byteSize() < PageLayout.MIN_PAGE_SIZE || page.address() % 8 != 0)
        {
            throw new IllegalArgumentException("a page needs at least " + PageLayout.MIN_PAGE_SIZE +
                " bytes, 8-byte aligned");
        }
        final PagePublisher publisher = new PagePublisher(null, null, page, bond);
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
        final long size = Math.max(LibC.pageSize(), PageLayout.MIN_PAGE_SIZE);
        // A shared arena, like a file mapping (PageMapping), so that the compiled code fits the real page.
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared())
        {
            final MemorySegment memory = arena.allocate(size, size);
            final BondDescription bond = new BondDescription("warmup", 100, 100, 0, List.of(
                new Member("warm0", 0, 0, true, true), new Member("warm1", 0, 1, true, false)));
            final PagePublisher publisher = inMemory(memory, bond, 0);
            for (int i = 0; i < updates; i++)
            {
                publisher.publishActive(i & 1 ^ 1);
                if ((i & 15) == 0)
                {
                    publisher.heartbeat();
                }
            }
            return publisher.generation();
        }
    }

    private void start(final int initialActive)
    {
        final boolean reuse = (int)MAGIC.getAcquire(page, BLOCK) == STATUS_MAGIC;
        final int previousRaw = (int)RAW.getAcquire(page, WORD0);
        final long now = System.nanoTime();
        activeIndex = initialActive;
        activeRaw = rawFor(initialActive, previousRaw);
        heartbeatNs = now;
        if (reuse)
        {
            final long oldSeq = (long)SEQ.getAcquire(page, BLOCK);
            // A publisher killed mid-write left seq odd: step past it so parity keeps its meaning.
            seq = (oldSeq & 1) == 0 ? oldSeq : oldSeq + 1;
            generation = page.get(ValueLayout.JAVA_LONG, BLOCK + GENERATION_OFFSET);
            changedNs = page.get(ValueLayout.JAVA_LONG, BLOCK + CHANGED_NS_OFFSET);
            final boolean changed = activeRaw != previousRaw;
            if (changed)
            {
                generation++;
                changedNs = now;
            }
            write(changed);
        }
        else
        {
            seq = 0;
            generation = 0;
            changedNs = now;
            page.asSlice(BLOCK, STATUS_BLOCK_SIZE).fill((byte)0);
            page.set(ValueLayout.JAVA_SHORT, BLOCK + VERSION_OFFSET, (short)STATUS_VERSION);
            page.set(ValueLayout.JAVA_SHORT, BLOCK + BLOCK_SIZE_OFFSET, (short)STATUS_BLOCK_SIZE);
            writePayload();
            page.set(ValueLayout.JAVA_LONG, BLOCK + CHANGED_NS_OFFSET, changedNs);
            MAGIC.setRelease(page, BLOCK, STATUS_MAGIC);
            RAW.setRelease(page, WORD0, activeRaw);
        }
    }

    /**
     * Publishes a change of active slave: {@code changed_ns} is taken just before the block is written, the
     * generation counts one more change, and word 0 is stored last. Publishing the current active slave again
     * changes nothing but the heartbeat.
     *
     * @param index the new active member, or -1 for no active slave (the ACTIVE flag clears, id and port stay).
     * @return the generation after the call.
     */
    public long publishActive(final int index)
    {
        checkIndex(index, members.length);
        final long now = System.nanoTime();
        final int raw = rawFor(index, activeRaw);
        heartbeatNs = now;
        activeIndex = index;
        if (raw == activeRaw)
        {
            write(false);
            return generation;
        }
        changedNs = now;
        generation++;
        activeRaw = raw;
        write(true);
        return generation;
    }

    /**
     * Republishes the whole bond in one write: its members (a slave added or removed), their link states, its
     * monitor intervals, and the active member. For a publisher that mirrors a bond whose membership changes (the
     * sysfs bridge). The generation counts one change when the active slave changes: word 0 differs, or another
     * member (by interface name) is active. Between two members that are not SmartNIC ports word 0 stays the same
     * (both are 255:255), so such a change shows in the block alone. Word 0 is stored last, only when it changes.
     *
     * @param newBond the bond as it is now; its name should stay the same.
     * @param index   the active member in {@code newBond}, or -1 for no active slave (the ACTIVE flag clears, id
     *                and port stay).
     * @return the generation after the call.
     */
    public long publish(final BondDescription newBond, final int index)
    {
        checkIndex(index, newBond.members().size());
        final long now = System.nanoTime();
        final String previousName = activeIndex >= 0 ? members[activeIndex].ifname() : null;
        describe(newBond);
        final int raw = rawFor(index, activeRaw);
        final String name = index >= 0 ? members[index].ifname() : null;
        heartbeatNs = now;
        activeIndex = index;
        final boolean rawChanged = raw != activeRaw;
        if (rawChanged || !Objects.equals(previousName, name))
        {
            changedNs = now;
            generation++;
        }
        activeRaw = raw;
        write(rawChanged);
        return generation;
    }

    /**
     * Publishes a member's new link state, without a change of active slave.
     *
     * @param index  the member.
     * @param linkUp its link state.
     */
    public void publishLink(final int index, final boolean linkUp)
    {
        if (index < 0 || index >= members.length)
        {
            throw new IllegalArgumentException("no member " + index + " of " + members.length);
        }
        members[index] = members[index].withLinkUp(linkUp);
        buildMemberImage();
        heartbeatNs = System.nanoTime();
        write(false);
    }

    /**
     * Refreshes {@code heartbeat_ns}: call once per monitor pass, so that readers can tell a live publisher.
     */
    public void heartbeat()
    {
        heartbeatNs = System.nanoTime();
        write(false);
    }

    /**
     * @return word 0 as last published.
     */
    public int groupInfo()
    {
        return activeRaw;
    }

    /**
     * @return the index of the active member, -1 when none.
     */
    public int activeIndex()
    {
        return activeIndex;
    }

    /**
     * @return active-slave changes published since the block was created.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * @return the bond this publisher describes, members as first given or as last given to {@link #publish}.
     */
    public BondDescription bond()
    {
        return bond;
    }

    /**
     * @return the members with their current link states.
     */
    public List<Member> members()
    {
        return new ArrayList<>(List.of(members));
    }

    /**
     * @return the page file, or null for a publisher {@link #inMemory}.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Unmaps the page and releases the lock; the page stays valid for readers. Idempotent.
     */
    public void close()
    {
        if (mapping != null)
        {
            mapping.close();
        }
    }

    private void write(final boolean activeChanged)
    {
        final long s = seq;
        SEQ.set(page, BLOCK, s + 1);
        VarHandle.storeStoreFence();
        writePayload();
        if (activeChanged)
        {
            // Taken as late as possible, right before the stores that publish the change, so that changed_ns
            // measures the change and not this publisher's own copying of the block. The full fence drains the
            // payload's stores first: a store is visible only after every earlier one, so without it the word-0
            // store would wait for each payload line a reader had cached to be taken back from it, and a reader that
            // copies the whole block on a change (the Java poller) would pay for that in its own latency where one
            // that reads three fields (the C poller) would not. A change is a monitor pass too: the heartbeat
            // carries the same instant.
            VarHandle.fullFence();
            changedNs = System.nanoTime();
            heartbeatNs = changedNs;
            page.set(ValueLayout.JAVA_LONG, BLOCK + HEARTBEAT_NS_OFFSET, heartbeatNs);
        }
        page.set(ValueLayout.JAVA_LONG, BLOCK + CHANGED_NS_OFFSET, changedNs);
        SEQ.setRelease(page, BLOCK, s + 2);
        seq = s + 2;
        if (activeChanged)
        {
            RAW.setRelease(page, WORD0, activeRaw);
        }
    }

    private void writePayload()
    {
        page.set(ValueLayout.JAVA_LONG, BLOCK + GENERATION_OFFSET, generation);
        page.set(ValueLayout.JAVA_LONG, BLOCK + HEARTBEAT_NS_OFFSET, heartbeatNs);
        page.set(ValueLayout.JAVA_INT, BLOCK + ACTIVE_RAW_OFFSET, activeRaw);
        page.set(ValueLayout.JAVA_INT, BLOCK + MONITOR_INTERVAL_MS_OFFSET, bond.monitorIntervalMs());
        page.set(ValueLayout.JAVA_INT, BLOCK + MIIMON_MS_OFFSET, bond.miimonMs());
        page.set(ValueLayout.JAVA_INT, BLOCK + ARP_INTERVAL_MS_OFFSET, bond.arpIntervalMs());
        page.set(ValueLayout.JAVA_BYTE, BLOCK + MEMBER_COUNT_OFFSET, (byte)members.length);
        MemorySegment.copy(bondNameBytes, 0, page, ValueLayout.JAVA_BYTE, BLOCK + BOND_NAME_OFFSET, IFNAMSIZ);
        // One bulk copy of the members (names, ids, link states, primary flags), then the active flag: no
        // allocation and few calls, so that even before the JIT compiles it a write takes little time.
        MemorySegment.copy(memberImage, 0, page, ValueLayout.JAVA_BYTE, BLOCK + MEMBERS_OFFSET, memberImage.length);
        if (activeIndex >= 0)
        {
            final long flags = BLOCK + MEMBERS_OFFSET + (long)activeIndex * MEMBER_SIZE + MEMBER_FLAGS_OFFSET;
            page.set(ValueLayout.JAVA_BYTE, flags, (byte)(memberImage[activeIndex * MEMBER_SIZE +
                MEMBER_FLAGS_OFFSET] | MEMBER_FLAG_ACTIVE));
        }
    }

    private void buildMemberImage()
    {
        java.util.Arrays.fill(memberImage, (byte)0);
        for (int i = 0; i < members.length; i++)
        {
            final Member member = members[i];
            final int at = i * MEMBER_SIZE;
            final byte[] name = nameBytes(member.ifname());
            System.arraycopy(name, 0, memberImage, at + MEMBER_IFNAME_OFFSET, IFNAMSIZ);
            memberImage[at + MEMBER_EXANIC_ID_OFFSET] = (byte)member.exanicId();
            memberImage[at + MEMBER_EXANIC_PORT_OFFSET] = (byte)member.exanicPort();
            memberImage[at + MEMBER_LINK_UP_OFFSET] = (byte)(member.linkUp() ? 1 : 0);
            memberImage[at + MEMBER_FLAGS_OFFSET] = (byte)(member.primary() ? MEMBER_FLAG_PRIMARY : 0);
        }
    }

    private static byte[] nameBytes(final String name)
    {
        final byte[] padded = new byte[IFNAMSIZ];
        final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, padded, 0, Math.min(bytes.length, IFNAMSIZ));
        return padded;
    }

    private int rawFor(final int index, final int previousRaw)
    {
        if (index < 0)
        {
            return GroupInfo.encode(false, GroupInfo.exanicId(previousRaw), GroupInfo.exanicPort(previousRaw));
        }
        return members[index].activeGroupInfo();
    }

    private static void checkIndex(final int index, final int count)
    {
        if (index < -1 || index >= count)
        {
            throw new IllegalArgumentException("active member index " + index + " is not -1 or 0.." + (count - 1));
        }
    }

    private static void prepareFile(final Path path)
    {
        final long pageSize = LibC.pageSize();
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path))
        {
            throw new PageException(path, 0, path + " exists and is not a regular file. A publisher writes page " +
                "files (put them on tmpfs, e.g. /dev/shm), never a device node such as /dev/exabond-<bond>.");
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
        {
            final long size = file.length();
            if (size == 0)
            {
                file.setLength(pageSize);
            }
            else if (size != pageSize)
            {
                throw new PageException(path, 0, path + " is " + size + " bytes, not one page (" + pageSize +
                    " bytes), so it is not a page file. Delete it or choose another --page.");
            }
        }
        catch (final IOException e)
        {
            throw new PageException(path, 0, "cannot create page file " + path + ": " + e.getMessage() +
                ". Check that its folder exists and is writable.");
        }
    }
}
