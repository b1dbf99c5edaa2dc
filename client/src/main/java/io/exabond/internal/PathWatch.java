package io.exabond.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Tells whether a path still names the file that was mapped from it, with one {@code stat(2)} and no allocation: the
 * low-rate check by which a poller learns that the exasock driver released its bond. The driver removes
 * {@code /dev/exabond-<bond>} at once on a release, mapped or not, and leaves the mapping frozen (word 0 = 0 for
 * ever), so a reader learns of a release from the path alone; a bond managed again gets a new node, another inode.
 * <p>
 * Compares the device and inode the path names now with those {@code fstat} gave at open. A {@code stat} is one
 * system call, about a microsecond: a poller makes it on a time interval, never on its no-change path. Confined to
 * one thread: the buffers are reused.
 */
public final class PathWatch
{
    /** The path names the mapped file. */
    public static final int SAME = 0;
    /** Nothing is at the path ({@code ENOENT} or {@code ENOTDIR}). */
    public static final int GONE = 1;
    /** The path names another file, or the same inode of another device. */
    public static final int REPLACED = 2;
    /** {@code stat} failed for another reason ({@link #errno()}): nothing can be told. */
    public static final int UNKNOWN = 3;

    private final Path path;
    private final long device;
    private final long inode;
    private final MemorySegment cPath;
    private final MemorySegment statBuf;
    private final MemorySegment state;
    private int errno;
    private int fileType;
    private long rdev;

    /**
     * @param path   the path to watch.
     * @param device {@code st_dev} of the file mapped from it.
     * @param inode  {@code st_ino} of the file mapped from it.
     */
    public PathWatch(final Path path, final long device, final long inode)
    {
        this.path = path;
        this.device = device;
        this.inode = inode;
        // Freed with this object: the buffers live as long as the watch, whose owner keeps it for its lifetime.
        final Arena arena = Arena.ofAuto();
        this.cPath = arena.allocateFrom(path.toString());
        this.statBuf = arena.allocate(LibC.STAT_SIZE, 8);
        this.state = LibC.errnoSegment(arena);
    }

    /**
     * @param mapping a mapping whose path to watch.
     * @return a watch of {@link PageMapping#path()} against the mapped file.
     */
    public static PathWatch of(final PageMapping mapping)
    {
        return new PathWatch(mapping.path(), mapping.device(), mapping.inode());
    }

    /**
     * One {@code stat(2)} of the path; allocation-free.
     *
     * @return {@link #SAME}, {@link #GONE}, {@link #REPLACED} or {@link #UNKNOWN}.
     */
    public int check()
    {
        if (LibC.stat(state, cPath, statBuf) != 0)
        {
            errno = LibC.errno(state);
            fileType = 0;
            rdev = 0;
            return errno == Errno.ENOENT || errno == Errno.ENOTDIR ? GONE : UNKNOWN;
        }
        errno = 0;
        fileType = statBuf.get(ValueLayout.JAVA_INT, LibC.STAT_MODE_OFFSET) & LibC.S_IFMT;
        rdev = statBuf.get(ValueLayout.JAVA_LONG, LibC.STAT_RDEV_OFFSET);
        final long nowDevice = statBuf.get(ValueLayout.JAVA_LONG, LibC.STAT_DEV_OFFSET);
        final long nowInode = statBuf.get(ValueLayout.JAVA_LONG, LibC.STAT_INO_OFFSET);
        return nowDevice == device && nowInode == inode ? SAME : REPLACED;
    }

    /**
     * @return the watched path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @return the {@code S_IFMT} bits of what the path named at the last {@link #check()}, 0 when nothing.
     */
    public int fileType()
    {
        return fileType;
    }

    /**
     * @return {@code st_rdev} of what the path named at the last {@link #check()}: a character device's number.
     */
    public long rdev()
    {
        return rdev;
    }

    /**
     * @return the errno of the last {@link #check()} that failed, 0 after one that succeeded.
     */
    public int errno()
    {
        return errno;
    }

    /**
     * @param rdev a device number as {@code st_rdev} holds it.
     * @return its major number, as glibc's {@code major()} computes it.
     */
    public static long major(final long rdev)
    {
        return ((rdev >>> 32) & 0xFFFFF000L) | ((rdev >>> 8) & 0xFFFL);
    }
}
