package io.exabond.page;

import io.exabond.internal.Errno;
import io.exabond.internal.LibC;
import io.exabond.internal.MappingException;
import io.exabond.internal.NativeAccess;
import io.exabond.internal.PageMapping;
import io.exabond.internal.PathWatch;
import io.exabond.internal.Word0;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * A bond's exabond page, mapped read-only: {@code open(O_RDONLY | O_NONBLOCK)} and
 * {@code mmap(PROT_READ, MAP_SHARED)} of exactly one page, the only mapping the driver allows.
 * <p>
 * Threading: {@link #groupInfoAcquire()} and {@link #segment()} may be called from any thread while the page is
 * open; both are allocation-free and lock-free. {@link #close()} may be called from any thread, even while others
 * read or poll the page, and is idempotent.
 * <p>
 * Close: {@link #close()} releases the device (or file) mapping and closes the descriptor at once, so the driver can
 * remove {@code /dev/exabond-<bond>}: close promptly when told to stop. It does not leave a hole at the page's address:
 * it atomically replaces the page with a private read-only "tombstone" page, every byte {@code 0xFF}, prepared at
 * open. A read racing with close therefore returns the page's word or fails as below, and never crashes the JVM. After
 * close:
 * <ul>
 * <li>{@link #groupInfoAcquire()} throws {@link PageClosedException} naming the page;</li>
 * <li>reads through {@link #segment()}, including {@link #groupInfoAcquire(MemorySegment)} and status-block reads,
 * throw {@link IllegalStateException} (the segment's shared arena is closed);</li>
 * <li>a {@code FailoverPoller} over the page ends its agent from its next poll, with an
 * {@code AgentTerminationException} whose cause is a {@link PageClosedException}.</li>
 * </ul>
 * The cost of this guarantee: the tombstone, one page of memory and one mapping per page, held from open until the
 * GC finds the page (and every poller over it) unreachable, when a Cleaner unmaps it. A page that is never closed is
 * released by that Cleaner as well, but close it: the GC may take long to run.
 */
public final class BondPage implements AutoCloseable
{
    /** Default folder of the device nodes. */
    public static final Path DEFAULT_DEV_DIR = Path.of("/dev");

    private final PageMapping mapping;
    private final MemorySegment segment;
    private final long address;

    private BondPage(final PageMapping mapping)
    {
        this.mapping = mapping;
        this.segment = mapping.segment();
        this.address = mapping.address();
    }

    /**
     * Maps {@code /dev/exabond-<bond>}.
     *
     * @param bond the bond's interface name.
     * @return the open page.
     * @throws PageException when it cannot be opened or mapped; the message says why and what to do.
     * @throws IllegalCallerException when the JVM runs without {@code --enable-native-access} for this library.
     */
    public static BondPage openBond(final String bond)
    {
        return openBond(DEFAULT_DEV_DIR, bond);
    }

    /**
     * Maps {@code <devDir>/exabond-<bond>}.
     *
     * @param devDir folder of the device nodes, normally {@code /dev}.
     * @param bond   the bond's interface name.
     * @return the open page.
     * @throws PageException when it cannot be opened or mapped; the message says why and what to do.
     * @throws IllegalCallerException when the JVM runs without {@code --enable-native-access} for this library.
     */
    public static BondPage openBond(final Path devDir, final String bond)
    {
        // The device path comes from the bindings, whose loading makes a restricted call: check the flag first.
        NativeAccess.check();
        final Path path = devicePath(devDir, bond);
        final String hint = "Is " + bond + " under exasock management? `cat /sys/class/net/exabond_masters` lists " +
            "the managed bonds (a bond released from management loses its node at once); `exabond manage " + bond +
            "` (or `echo +" + bond + " > /sys/class/net/exabond_masters`) adds it.";
        return new BondPage(mapReadOnly(path, hint));
    }

    /**
     * Maps a page by path: a device node or a page file written by a publisher.
     *
     * @param path the device or file.
     * @return the open page.
     * @throws PageException when it cannot be opened or mapped; the message says why and what to do.
     * @throws IllegalCallerException when the JVM runs without {@code --enable-native-access} for this library.
     */
    public static BondPage open(final Path path)
    {
        // The hint reads the device prefix from the bindings, whose loading makes a restricted call: flag first.
        NativeAccess.check();
        // A missing /dev/exabond-BOND is the driver's to create: never suggest a publisher's file in its place.
        final String file = String.valueOf(path.getFileName());
        final String node = file.startsWith(PageLayout.DEVICE_PREFIX) ?
            file.substring(PageLayout.DEVICE_PREFIX.length()) : "";
        final String hint = DEFAULT_DEV_DIR.equals(path.toAbsolutePath().normalize().getParent()) &&
            !node.isEmpty() ? "Only the exasock driver creates " + path + ", for a bond under its " +
            "management (`cat /sys/class/net/exabond_masters` lists them; a bond released from management loses its " +
            "node at once): `exabond manage " + node + "` adds it." :
            "Start a publisher that writes it (`exabond simulate --page " + path + "`), or give the " +
            "bond name to read /dev/exabond-<bond>.";
        return new BondPage(mapReadOnly(path, hint));
    }

    private static PageMapping mapReadOnly(final Path path, final String hint)
    {
        try
        {
            return PageMapping.map(path, false, hint);
        }
        catch (final MappingException e)
        {
            throw new PageException(e.path(), e.errno(), e.getMessage());
        }
    }

    /**
     * @param devDir folder of the device nodes.
     * @param bond   the bond's interface name.
     * @return {@code <devDir>/exabond-<bond>}.
     */
    public static Path devicePath(final Path devDir, final String bond)
    {
        return devDir.resolve(PageLayout.DEVICE_PREFIX + bond);
    }

    /**
     * Word 0 with one 32-bit acquire load: a load never torn, and every store the publisher made before its
     * release store of word 0 (the status block of that change) is visible after it. Decode with {@link GroupInfo}.
     * <p>
     * The load is by address, not through {@link #segment()}: the page's address is always mapped while this object is
     * reachable (see the class comment), so the JIT is left with the load, one {@code and} of the address with a
     * constant (which proves it in bounds and aligned) and one compare with the tombstone's word.
     *
     * @return the raw group info.
     * @throws PageClosedException after {@link #close()}.
     */
    public int groupInfoAcquire()
    {
        final int raw = Word0.acquire(address);
        // Only the tombstone's word, -1, can mean closed; a live page holding -1 costs one volatile read more.
        if (raw == Word0.TOMBSTONE && mapping.isClosed())
        {
            throw closed();
        }
        return raw;
    }

    /**
     * {@link #groupInfoAcquire()} on a segment: a page's {@link #segment()}, or any memory laid out as a page. Held in
     * a {@code static final} field, the segment is a constant to the JIT, which then folds its type, bounds, alignment
     * and owner checks, leaving the load and one liveness check; a segment reached through an instance field keeps
     * all of them on every call (see docs/benchmarks.md). For a {@link BondPage}, the instance method is as fast and
     * needs no static field. Reads after {@link #close()} throw {@link IllegalStateException}.
     *
     * @param page the {@link #segment()} of an open page.
     * @return the raw group info.
     */
    public static int groupInfoAcquire(final MemorySegment page)
    {
        return (int)Word0Handle.RAW.getAcquire(page, Word0Handle.OFFSET);
    }

    /**
     * @return the mapped page, {@link #size()} bytes, read-only; valid until {@link #close()}.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * @return bytes mapped: {@code sysconf(_SC_PAGESIZE)}.
     */
    public long size()
    {
        return segment.byteSize();
    }

    /**
     * @return the path that was mapped.
     */
    public Path path()
    {
        return mapping.path();
    }

    /**
     * PageLayout's word-0 handle, in a holder: loading the bindings makes a restricted call, so it must wait until
     * {@link #open(Path)} has checked native access (a missing flag then fails with its name, not a JVM warning).
     * Static finals all the same, which the JIT folds once the holder is initialized.
     */
    private static final class Word0Handle
    {
        static final VarHandle RAW = PageLayout.GRPINFO_RAW_HANDLE;
        static final long OFFSET = PageLayout.GRPINFO_OFFSET;
    }

    /** What the page's path names now, compared with the file that was mapped. */
    public enum PathState
    {
        /** The path still names the mapped file. */
        SAME,
        /** Nothing is at the path: the file was deleted (the mapping stays valid). */
        GONE,
        /** The path names another file: the page was replaced, e.g. by a new publisher or a re-managed bond. */
        REPLACED
    }

    /**
     * Compares the device and inode the path names now with those of the mapped file ({@code fstat} at open), with
     * one {@code stat(2)}. Allocates: for an occasional look. A poller watches the path itself, without allocating
     * ({@code FailoverPoller}'s release check).
     *
     * @return what the path names now.
     * @throws PageException when the path cannot be examined for another reason than its absence.
     */
    public PathState pathState()
    {
        final PathWatch watch = new PathWatch(mapping.path(), mapping.device(), mapping.inode());
        return switch (watch.check())
        {
            case PathWatch.SAME -> PathState.SAME;
            case PathWatch.GONE -> PathState.GONE;
            case PathWatch.REPLACED -> PathState.REPLACED;
            default -> throw new PageException(mapping.path(), watch.errno(), "cannot examine " + mapping.path() +
                ": " + Errno.name(watch.errno()) + " (" + LibC.strerror(watch.errno()) + ")");
        };
    }

    /**
     * @return {@code st_dev} of the mapped file, from {@code fstat} at open.
     */
    public long device()
    {
        return mapping.device();
    }

    /**
     * @return {@code st_ino} of the mapped file, from {@code fstat} at open: with {@link #device()}, what tells
     * whether the path still names it.
     */
    public long inode()
    {
        return mapping.inode();
    }

    /**
     * @return {@code st_rdev} of the mapped file at open: the device number of a character device (the driver's
     * nodes are misc devices, major 10), 0 for a regular file.
     */
    public long rdev()
    {
        return mapping.rdev();
    }

    /**
     * @return true when the page is a character device (the exasock driver's node) rather than a file.
     */
    public boolean isCharacterDevice()
    {
        return mapping.fileType() == LibC.S_IFCHR;
    }

    /**
     * @return true once {@link #close()} has run.
     */
    public boolean isClosed()
    {
        return mapping.isClosed();
    }

    /**
     * Releases the device or file mapping and closes the descriptor, replacing the page with its tombstone (see the
     * class comment); idempotent, and safe while other threads read or poll the page.
     */
    public void close()
    {
        mapping.close();
    }

    private PageClosedException closed()
    {
        return new PageClosedException(mapping.path(), "page " + mapping.path() + " is closed: reopen it to read " +
            "word 0 again");
    }
}
