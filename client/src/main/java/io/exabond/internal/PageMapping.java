package io.exabond.internal;


import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.exabond.internal.Errno.EACCES;
import static io.exabond.internal.Errno.EINVAL;
import static io.exabond.internal.Errno.ENODEV;
import static io.exabond.internal.Errno.ENOENT;
import static io.exabond.internal.Errno.EPERM;

/**
 * One page of a file or character device mapped with {@code mmap(2)} by downcall, owned by a shared
 * {@link Arena} whose close unmaps the page and closes the descriptor, exactly once.
 * <p>
 * {@code FileChannel.map} cannot be used: a character device reports size 0, and a read-only channel refuses
 * to map past the end of the file. A regular file shorter than a page is refused before mapping, since a read
 * past its end raises SIGBUS.
 */
public final class PageMapping implements AutoCloseable
{
    private final Path path;
    private final int fd;
    private final int fileType;
    private final long fileSize;
    private final long device;
    private final long inode;
    private final Arena arena;
    private final MemorySegment segment;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PageMapping(final Path path, final int fd, final int fileType, final long fileSize, final long device,
        final long inode, final Arena arena, final MemorySegment segment)
    {
        this.device = device;
        this.inode = inode;
        this.path = path;
        this.fd = fd;
        this.fileType = fileType;
        this.fileSize = fileSize;
        this.arena = arena;
        this.segment = segment;
    }

    /**
     * Opens and maps the first page of a file or device.
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
        final int fd;
        final int fileType;
        final long fileSize;
        final long device;
        final long inode;
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment state = LibC.errnoSegment(call);
            final int flags = (writable ? LibC.O_RDWR : LibC.O_RDONLY) | LibC.O_NONBLOCK | LibC.O_CLOEXEC;
            fd = LibC.open(state, call.allocateFrom(path.toString()), flags);
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
            fileType = stat.get(ValueLayout.JAVA_INT, LibC.STAT_MODE_OFFSET) & LibC.S_IFMT;
            fileSize = stat.get(ValueLayout.JAVA_LONG, LibC.STAT_SIZE_OFFSET);
            device = stat.get(ValueLayout.JAVA_LONG, LibC.STAT_DEV_OFFSET);
            inode = stat.get(ValueLayout.JAVA_LONG, LibC.STAT_INO_OFFSET);
            final String refusal = refusal(path, fileType, fileSize, pageSize);
            if (refusal != null)
            {
                LibC.close(state, fd);
                throw new MappingException(path, 0, refusal);
            }

            final int prot = writable ? LibC.PROT_READ | LibC.PROT_WRITE : LibC.PROT_READ;
            final MemorySegment address = LibC.mmap(state, pageSize, prot, LibC.MAP_SHARED, fd, 0);
            if (address.address() == LibC.MAP_FAILED)
            {
                final int errno = LibC.errno(state);
                LibC.close(state, fd);
                throw mmapFailure(path, errno, pageSize);
            }

            final Arena arena = Arena.ofShared();
            final MemorySegment mapped = address.reinterpret(pageSize, arena, m -> unmapAndClose(m, pageSize, fd));
            // A store into a PROT_READ mapping would kill the JVM with SIGSEGV; a read-only segment throws instead.
            final MemorySegment segment = writable ? mapped : mapped.asReadOnly();
            return new PageMapping(path, fd, fileType, fileSize, device, inode, arena, segment);
        }
    }

    /**
     * @return the mapped page, valid until {@link #close()}.
     */
    public MemorySegment segment()
    {
        return segment;
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
     * @return true once {@link #close()} has run.
     */
    public boolean isClosed()
    {
        return closed.get();
    }

    /**
     * Unmaps the page and closes the descriptor. Idempotent; the segment is unusable afterwards.
     */
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            arena.close();
        }
    }

    private static void unmapAndClose(final MemorySegment mapped, final long pageSize, final int fd)
    {
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment state = LibC.errnoSegment(call);
            LibC.munmap(state, mapped, pageSize);
            LibC.close(state, fd);
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
