package io.exabond.internal;


import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.exabond.internal.Errno.EACCES;
import static io.exabond.internal.Errno.EINVAL;
import static io.exabond.internal.Errno.ENODEV;
import static io.exabond.internal.Errno.ENOENT;
import static io.exabond.internal.Errno.EPERM;

/**
 * One page of a file or character device mapped with {@code mmap(2)} by downcall, with a lifecycle that never leaves
 * its address unmapped while this object is reachable, so that the library's hot paths may read it by absolute
 * address ({@link Word0}) without a liveness check:
 * <ul>
 * <li>open: {@code open}, {@code fstat}, {@code mmap(MAP_SHARED)} of one page, and at once a private read-only
 * "tombstone" page with every byte {@code 0xFF}, so that close cannot fail for want of memory;</li>
 * <li>{@link #close()}: marks the mapping closed, closes the shared {@link Arena} of {@link #segment()} (reads through
 * it throw {@link IllegalStateException}), then moves the tombstone onto the page's address with
 * {@code mremap(MREMAP_MAYMOVE | MREMAP_FIXED)} and closes the descriptor. The kernel replaces the mapping under its
 * mmap lock: a racing read sees the page or the tombstone, never a hole, and the file or device mapping is released
 * at once (the driver can remove its node);</li>
 * <li>a {@link Cleaner} unmaps the tombstone once this object is unreachable (a mapping never closed is released
 * then too). The public segment's arena refers to this object, so a segment still held alone keeps it reachable.</li>
 * </ul>
 * Cost of the design: one private page of memory and one more mapping per opened page, from open until the GC finds
 * the mapping unreachable.
 * <p>
 * {@code FileChannel.map} cannot be used: a character device reports size 0, and a read-only channel refuses
 * to map past the end of the file. A regular file shorter than a page is refused before mapping, since a read
 * past its end raises SIGBUS.
 */
public final class PageMapping implements AutoCloseable
{
    private static final Cleaner CLEANER = Cleaner.create(
        Thread.ofPlatform().name("exabond-page-cleaner").daemon().factory());

    private final Path path;
    private final int fileType;
    private final long fileSize;
    private final long device;
    private final long inode;
    private final long rdev;
    private final long address;
    private final int fd;
    private final Arena arena;
    private final MemorySegment segment;
    private final Release release;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PageMapping(final Path path, final int fd, final int fileType, final long fileSize, final long device,
        final long inode, final long rdev, final long address, final long tombstone, final long size,
        final boolean writable)
    {
        this.device = device;
        this.inode = inode;
        this.rdev = rdev;
        this.path = path;
        this.fd = fd;
        this.fileType = fileType;
        this.fileSize = fileSize;
        this.address = address;
        this.release = new Release(address, size, fd, tombstone);
        this.arena = Arena.ofShared();
        // The cleanup refers to this object: a user who keeps only the segment keeps the mapping reachable, so the
        // Cleaner cannot unmap the page under a read through it. Closing the arena (close()) drops that reference.
        final MemorySegment mapped = MemorySegment.ofAddress(address).reinterpret(size, arena, ignored -> retire());
        // A store into a PROT_READ mapping would kill the JVM with SIGSEGV; a read-only segment throws instead.
        this.segment = writable ? mapped : mapped.asReadOnly();
        CLEANER.register(this, release);
    }

    /**
     * Opens and maps the first page of a file or device, and prepares its tombstone.
     *
     * @param path        what to map.
     * @param writable    map {@code PROT_READ | PROT_WRITE} on a descriptor opened {@code O_RDWR} (publishers), else
     *                    {@code PROT_READ} on {@code O_RDONLY} (readers, and the only mode the driver allows).
     * @param missingHint what to tell the user when the path does not exist.
     * @return the mapping, which the caller must close.
     * @throws MappingException naming the path, the errno and the likely fix.
     * @throws IllegalCallerException when the JVM runs without native access for this library.
     */
    public static PageMapping map(final Path path, final boolean writable, final String missingHint)
    {
        NativeAccess.check();
        final long pageSize = LibC.pageSize();
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment state = LibC.errnoSegment(call);
            final int flags = (writable ? LibC.O_RDWR : LibC.O_RDONLY) | LibC.O_NONBLOCK | LibC.O_CLOEXEC;
            final int fd = LibC.open(state, call.allocateFrom(path.toString()), flags);
            if (fd < 0)
            {
                throw openFailure(path, LibC.errno(state), writable, missingHint);
            }

            final MemorySegment stat = call.allocate(LibC.STAT_SIZE, 8);
            if (LibC.fstat(state, fd, stat) != 0)
            {
                final int errno = LibC.errno(state);
                LibC.close(state, fd);
                throw new MappingException(path, errno, "cannot stat " + path + ": " + describe(errno));
            }
            final int fileType = stat.get(ValueLayout.JAVA_INT, LibC.STAT_MODE_OFFSET) & LibC.S_IFMT;
            final long fileSize = stat.get(ValueLayout.JAVA_LONG, LibC.STAT_SIZE_OFFSET);
            final long device = stat.get(ValueLayout.JAVA_LONG, LibC.STAT_DEV_OFFSET);
            final long inode = stat.get(ValueLayout.JAVA_LONG, LibC.STAT_INO_OFFSET);
            final long rdev = stat.get(ValueLayout.JAVA_LONG, LibC.STAT_RDEV_OFFSET);
            final String refusal = refusal(path, fileType, fileSize, pageSize);
            if (refusal != null)
            {
                LibC.close(state, fd);
                throw new MappingException(path, 0, refusal);
            }

            final int prot = writable ? LibC.PROT_READ | LibC.PROT_WRITE : LibC.PROT_READ;
            final MemorySegment page = LibC.mmap(state, pageSize, prot, LibC.MAP_SHARED, fd, 0);
            if (page.address() == LibC.MAP_FAILED)
            {
                final int errno = LibC.errno(state);
                LibC.close(state, fd);
                throw mmapFailure(path, errno, pageSize);
            }

            if (!Word0.readable(page.address()))
            {
                LibC.munmap(state, page, pageSize);
                LibC.close(state, fd);
                throw new MappingException(path, 0, "cannot read " + path + " by address: the kernel mapped it at 0x" +
                    Long.toHexString(page.address()) + ", outside the 57-bit user address space that the library's " +
                    "reads assume; please report this with the output of uname -a.");
            }
            final long tombstone = mapTombstone(state, pageSize);
            if (tombstone == LibC.MAP_FAILED)
            {
                final int errno = LibC.errno(state);
                LibC.munmap(state, page, pageSize);
                LibC.close(state, fd);
                throw new MappingException(path, errno, "cannot map " + path + ": no memory for the page that " +
                    "replaces it at close: " + describe(errno) + ".");
            }
            return new PageMapping(
                path, fd, fileType, fileSize, device, inode, rdev, page.address(), tombstone, pageSize, writable);
        }
    }

    /**
     * @return the mapped page, valid until {@link #close()}: reads and writes through it throw
     * {@link IllegalStateException} afterwards.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * The page's address, for {@link Word0#acquire(long)}: mapped (the page, then the tombstone after {@link #close()})
     * for as long as this object is reachable. A reader must therefore hold this mapping, or what holds it, in a field
     * for as long as it reads the address.
     *
     * @return the address of the page.
     */
    public long address()
    {
        return address;
    }

    /**
     * @return the path that was mapped.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @return the {@code S_IFMT} bits of the mapped file, e.g. {@link LibC#S_IFCHR}.
     */
    public int fileType()
    {
        return fileType;
    }

    /**
     * @return {@code st_size} at open: 0 for a character device.
     */
    public long fileSize()
    {
        return fileSize;
    }

    /**
     * @return {@code st_dev} of the mapped file, from {@code fstat} at open.
     */
    public long device()
    {
        return device;
    }

    /**
     * @return {@code st_ino} of the mapped file, from {@code fstat} at open: with {@link #device()}, what tells
     * whether the path still names the mapped file.
     */
    public long inode()
    {
        return inode;
    }

    /**
     * @return {@code st_rdev} of the mapped file at open: the device number of a character device (the exasock
     * driver's nodes are misc devices, major 10), 0 for a regular file.
     */
    public long rdev()
    {
        return rdev;
    }

    /**
     * @return the descriptor opened at open: closed by {@link #close()} (for tests that check it was).
     */
    public int fd()
    {
        return fd;
    }

    /**
     * Takes an exclusive {@code flock(2)} on the descriptor without waiting, so that two publishers never write one
     * page. The lock belongs to this mapping's open file and goes with {@link #close()}.
     *
     * @return 0 when the lock was taken, else the errno ({@code EWOULDBLOCK} when another holder has it).
     */
    public int tryLockExclusive()
    {
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment state = LibC.errnoSegment(call);
            return LibC.flock(state, fd, LibC.LOCK_EX | LibC.LOCK_NB) == 0 ? 0 : LibC.errno(state);
        }
    }

    /**
     * A volatile read: for change paths and periodic checks, not for every poll (a read by address after close returns
     * {@link Word0#TOMBSTONE}, which a poller sees as a change).
     *
     * @return true once {@link #close()} has begun.
     */
    public boolean isClosed()
    {
        return closed.get();
    }

    /**
     * Replaces the page with the tombstone and closes the descriptor, at once; idempotent, never unmaps the address.
     * {@link #segment()} is unusable afterwards; reads by {@link #address()} return {@link Word0#TOMBSTONE}.
     *
     * @throws IllegalStateException when another thread is using {@link #segment()} in a downcall (as
     * {@link Arena#close()} does); the page is released all the same.
     */
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            try
            {
                arena.close();
            }
            finally
            {
                // The arena's cleanup has retired the mapping, unless its close threw: then do it here.
                retire();
            }
        }
    }

    private void retire()
    {
        release.retire();
    }

    private static long mapTombstone(final MemorySegment state, final long size)
    {
        final MemorySegment tombstone = LibC.mmap(
            state, size, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        if (tombstone.address() == LibC.MAP_FAILED)
        {
            return LibC.MAP_FAILED;
        }
        // Every word -1: differs from whatever word 0 a poller has cached (so its change path runs and sees closed),
        // and every seqlock sequence is odd, so a status-block reader sees a write in progress, never a block.
        tombstone.reinterpret(size).fill((byte)0xFF);
        // Read-only like the page it replaces: a stray store faults instead of writing where a page used to be.
        if (LibC.mprotect(state, tombstone, size, LibC.PROT_READ) != 0)
        {
            LibC.munmap(state, tombstone, size);
            return LibC.MAP_FAILED;
        }
        return tombstone.address();
    }

    /** What closing and cleaning need, with no reference back to the mapping (the Cleaner's action). */
    private static final class Release implements Runnable
    {
        private final long address;
        private final long size;
        private final int fd;
        private long tombstone;
        private boolean retired;

        Release(final long address, final long size, final int fd, final long tombstone)
        {
            this.address = address;
            this.size = size;
            this.fd = fd;
            this.tombstone = tombstone;
        }

        synchronized void retire()
        {
            if (retired)
            {
                return;
            }
            retired = true;
            try (Arena call = Arena.ofConfined())
            {
                final MemorySegment state = LibC.errnoSegment(call);
                final MemorySegment moved = LibC.mremapFixed(
                    state, MemorySegment.ofAddress(tombstone), size, MemorySegment.ofAddress(address));
                if (moved.address() == address)
                {
                    tombstone = 0;
                }
                // Else the page stays mapped (safe to read, released by run()) rather than leave a hole.
                LibC.close(state, fd);
            }
        }

        /** Nothing can read the address any more: unmap whatever is there. */
        public synchronized void run()
        {
            retire();
            try (Arena call = Arena.ofConfined())
            {
                final MemorySegment state = LibC.errnoSegment(call);
                LibC.munmap(state, MemorySegment.ofAddress(address), size);
                if (tombstone != 0)
                {
                    LibC.munmap(state, MemorySegment.ofAddress(tombstone), size);
                    tombstone = 0;
                }
            }
        }
    }

    private static String refusal(final Path path, final int fileType, final long size, final long pageSize)
    {
        final String what = switch (fileType)
        {
            case LibC.S_IFDIR -> "a directory";
            case LibC.S_IFIFO -> "a FIFO";
            case LibC.S_IFSOCK -> "a socket";
            case LibC.S_IFBLK -> "a block device";
            default -> null;
        };
        if (what != null)
        {
            return path + " is " + what + ", not an exabond page. A page is /dev/exabond-<bond> (exasock) or a " +
                "page file written by `exabond simulate` or `exabond bridge`.";
        }
        if (fileType == LibC.S_IFREG && size < pageSize)
        {
            return path + " is " + size + " bytes, shorter than one page (" + pageSize + " bytes), so it is not a " +
                "page file: mapping it would crash on the first read past its end (SIGBUS). Give the path of a page " +
                "written by `exabond simulate`, or let `exabond simulate --page " + path + "` create it.";
        }
        return null;
    }

    private static MappingException openFailure(
        final Path path, final int errno, final boolean writable, final String missingHint)
    {
        final String base = "cannot open " + path + (writable ? " for writing" : "") + ": " + describe(errno);
        return switch (errno)
        {
            case ENOENT -> new MappingException(path, errno, base + ". " + missingHint);
            case EACCES, EPERM -> new MappingException(path, errno, base + ". Check its owner and mode (ls -l " + path +
                "); run as a user who may " + (writable ? "write" : "read") + " it, or grant access (chmod/chgrp).");
            default -> new MappingException(path, errno, base + ".");
        };
    }

    private static MappingException mmapFailure(final Path path, final int errno, final long pageSize)
    {
        final String base = "cannot map " + path + ": " + describe(errno);
        return switch (errno)
        {
            case ENODEV -> new MappingException(path, errno, base + ". It does not support memory mapping, so it is " +
                "not an exabond page (a page is /dev/exabond-<bond> or a page file written by `exabond simulate`).");
            case EACCES -> new MappingException(path, errno, base + ". The driver maps pages read-only (PROT_READ); " +
                "a writable mapping is refused.");
            case EINVAL -> new MappingException(path, errno, base + ". The driver maps exactly one page (" + pageSize +
                " bytes) at offset 0 and refuses other lengths.");
            default -> new MappingException(path, errno, base + ".");
        };
    }

    private static String describe(final int errno)
    {
        return Errno.name(errno) + " (" + LibC.strerror(errno) + ")";
    }
}
