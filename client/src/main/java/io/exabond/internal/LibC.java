package io.exabond.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few libc calls a page mapping needs, as Linker downcalls that capture {@code errno}.
 * <p>
 * These are hand-written rather than generated: they are a few stable POSIX (and, for {@code mremap}, Linux)
 * signatures, and jextract over
 * {@code <sys/mman.h>} and {@code <sys/stat.h>} would commit thousands of lines of glibc declarations. The
 * constants below are the Linux values for x86-64 and arm64; {@code AbiConformanceTest} checks them against the C
 * headers with gcc. Every call returns the raw libc result; a negative result leaves the errno in the
 * caller's {@link #errnoSegment(Arena)}.
 */
public final class LibC
{
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_PRIVATE = 2;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MREMAP_MAYMOVE = 1;
    public static final int MREMAP_FIXED = 2;
    public static final int SC_PAGESIZE = 30;
    public static final long MAP_FAILED = -1L;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;

    public static final int S_IFMT = 0xF000;
    public static final int S_IFREG = 0x8000;
    public static final int S_IFDIR = 0x4000;
    public static final int S_IFCHR = 0x2000;
    public static final int S_IFBLK = 0x6000;
    public static final int S_IFIFO = 0x1000;
    public static final int S_IFSOCK = 0xC000;

    /** {@code sizeof(struct stat)}: big enough for both supported architectures. */
    public static final long STAT_SIZE = 144;
    /** {@code offsetof(struct stat, st_mode)}: 24 on x86-64, 16 on arm64. */
    public static final long STAT_MODE_OFFSET = "aarch64".equals(System.getProperty("os.arch")) ? 16 : 24;
    /** {@code offsetof(struct stat, st_dev)}: 0 on both. */
    public static final long STAT_DEV_OFFSET = 0;
    /** {@code offsetof(struct stat, st_ino)}: 8 on both. */
    public static final long STAT_INO_OFFSET = 8;
    /** {@code offsetof(struct stat, st_size)}: 48 on both. */
    public static final long STAT_SIZE_OFFSET = 48;
    /** {@code offsetof(struct stat, st_rdev)}: 40 on x86-64, 32 on arm64. */
    public static final long STAT_RDEV_OFFSET = "aarch64".equals(System.getProperty("os.arch")) ? 32 : 40;

    static
    {
        NativeAccess.check();
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option CCS = Linker.Option.captureCallState("errno");
    private static final MemoryLayout CCS_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CCS_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle OPEN = downcall(
        "open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CCS, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CCS);
    private static final MethodHandle FSTAT = downcall(
        "fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), CCS);
    private static final MethodHandle STAT = downcall(
        "stat", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), CCS);
    private static final MethodHandle MMAP = downcall(
        "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CCS);
    private static final MethodHandle MUNMAP = downcall(
        "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), CCS);
    private static final MethodHandle MPROTECT = downcall(
        "mprotect", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CCS);
    // void *mremap(void *old, size_t old_size, size_t new_size, int flags, ... /* void *new_address */): the new
    // address is a variadic argument, so it must be passed as one.
    private static final MethodHandle MREMAP = downcall(
        "mremap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS),
        CCS, Linker.Option.firstVariadicArg(4));
    private static final MethodHandle SYSCONF = downcall("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT), CCS);
    private static final MethodHandle FLOCK = downcall(
        "flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CCS);
    private static final MethodHandle STRERROR = downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static final long PAGE_SIZE = queryPageSize();

    private LibC()
    {
    }

    /**
     * Memory for one call's captured state ({@code errno}).
     *
     * @param arena where to allocate it.
     * @return a segment to pass as the first argument of the calls below.
     */
    public static MemorySegment errnoSegment(final Arena arena)
    {
        return arena.allocate(CCS_LAYOUT);
    }

    /**
     * The errno captured by the last call that used this segment.
     *
     * @param state from {@link #errnoSegment(Arena)}.
     * @return the errno value.
     */
    public static int errno(final MemorySegment state)
    {
        return (int)ERRNO.get(state, 0L);
    }

    /**
     * {@code sysconf(_SC_PAGESIZE)}, read once.
     *
     * @return the size of a page in bytes.
     */
    public static long pageSize()
    {
        return PAGE_SIZE;
    }

    public static int open(final MemorySegment state, final MemorySegment path, final int flags)
    {
        try
        {
            return (int)OPEN.invokeExact(state, path, flags, 0);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("open downcall failed", t);
        }
    }

    public static int close(final MemorySegment state, final int fd)
    {
        try
        {
            return (int)CLOSE.invokeExact(state, fd);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("close downcall failed", t);
        }
    }

    public static int fstat(final MemorySegment state, final int fd, final MemorySegment statBuf)
    {
        try
        {
            return (int)FSTAT.invokeExact(state, fd, statBuf);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("fstat downcall failed", t);
        }
    }

    /**
     * {@code stat(2)} by path, following symbolic links: what the path names now, whatever was opened before.
     *
     * @param state   from {@link #errnoSegment(Arena)}.
     * @param path    a NUL-terminated path.
     * @param statBuf {@link #STAT_SIZE} bytes, 8-aligned.
     * @return 0, or -1 with the errno in {@code state}.
     */
    public static int stat(final MemorySegment state, final MemorySegment path, final MemorySegment statBuf)
    {
        try
        {
            return (int)STAT.invokeExact(state, path, statBuf);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("stat downcall failed", t);
        }
    }

    public static MemorySegment mmap(
        final MemorySegment state, final long length, final int prot, final int flags, final int fd, final long offset)
    {
        try
        {
            return (MemorySegment)MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd, offset);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("mmap downcall failed", t);
        }
    }

    public static int munmap(final MemorySegment state, final MemorySegment address, final long length)
    {
        try
        {
            return (int)MUNMAP.invokeExact(state, address, length);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("munmap downcall failed", t);
        }
    }

    public static int mprotect(
        final MemorySegment state, final MemorySegment address, final long length, final int prot)
    {
        try
        {
            return (int)MPROTECT.invokeExact(state, address, length, prot);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("mprotect downcall failed", t);
        }
    }

    /**
     * {@code mremap(from, length, length, MREMAP_MAYMOVE | MREMAP_FIXED, to)}: moves the mapping at {@code from} onto
     * {@code to}, replacing whatever was mapped there in one step (the range is never left unmapped).
     *
     * @param state   from {@link #errnoSegment(Arena)}.
     * @param from    the mapping to move.
     * @param length  its length, a multiple of the page size.
     * @param to      where it goes, page-aligned.
     * @return {@code to}, or {@link #MAP_FAILED} as an address with the errno in {@code state}.
     */
    public static MemorySegment mremapFixed(
        final MemorySegment state, final MemorySegment from, final long length, final MemorySegment to)
    {
        try
        {
            return (MemorySegment)MREMAP.invokeExact(state, from, length, length, MREMAP_MAYMOVE | MREMAP_FIXED, to);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("mremap downcall failed", t);
        }
    }

    public static int flock(final MemorySegment state, final int fd, final int operation)
    {
        try
        {
            return (int)FLOCK.invokeExact(state, fd, operation);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("flock downcall failed", t);
        }
    }

    /**
     * The C library's text for an errno, as {@code strerror(3)} gives it.
     *
     * @param errno the error number.
     * @return its description, e.g. "No such file or directory".
     */
    public static String strerror(final int errno)
    {
        try
        {
            final MemorySegment text = (MemorySegment)STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        }
        catch (final Throwable t)
        {
            return "errno " + errno;
        }
    }

    private static long queryPageSize()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = errnoSegment(arena);
            final long size = (long)SYSCONF.invokeExact(state, SC_PAGESIZE);
            if (size <= 0)
            {
                throw new IllegalStateException("sysconf(_SC_PAGESIZE) failed: " + strerror(errno(state)));
            }
            return size;
        }
        catch (final RuntimeException e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("sysconf downcall failed", t);
        }
    }

    private static MethodHandle downcall(
        final String name, final FunctionDescriptor descriptor, final Linker.Option... options)
    {
        final MemorySegment symbol = LIBC.find(name)
            .orElseThrow(() -> new IllegalStateException("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }
}
