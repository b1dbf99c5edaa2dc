package io.exabond.page;

import io.exabond.internal.LibC;
import io.exabond.internal.MappingException;
import io.exabond.internal.NativeAccess;
import io.exabond.internal.PageMapping;

import java.lang.foreign.MemorySegment;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A bond's exabond page, mapped read-only: {@code open(O_RDONLY | O_NONBLOCK)} and
 * {@code mmap(PROT_READ, MAP_SHARED)} of exactly one page, the only mapping the driver allows.
 * <p>
 * Threading: {@link #groupInfoAcquire()} and {@link #segment()} may be called from any thread while the page is
 * open; both are allocation-free and lock-free. {@link #close()} unmaps the page and closes its descriptor
 * exactly once; call it only when no other thread still reads the page, since a read after close throws
 * {@link IllegalStateException}. The driver cannot remove {@code /dev/exabond-<bond>} while a page is mapped, so
 * close promptly when told to stop.
 */
public final class BondPage implements AutoCloseable
{
    /** Default folder of the device nodes. */
    public static final Path DEFAULT_DEV_DIR = Path.of("/dev");

    private final PageMapping mapping;
    private final MemorySegment segment;

    private BondPage(final PageMapping mapping)
    {
        this.mapping = mapping;
        this.segment = mapping.segment();
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
            "the managed bonds; `exabond manage " + bond + "` (or `echo +" + bond +
            " > /sys/class/net/exabond_masters`) adds it.";
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
        final String hint = "Start a publisher that writes it (`exabond simulate --page " + path + "`), or give the " +
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
     *
     * @return the raw group info.
     */
    public int groupInfoAcquire()
    {
        return groupInfoAcquire(segment);
    }

    /**
     * {@link #groupInfoAcquire()} on a page's {@link #segment()}, for the hottest loops: a segment held in a
     * {@code static final} field is a constant to the JIT, which then folds the segment's type, bounds, alignment and
     * owner checks, leaving the load and one liveness check (a segment reached through an instance field, as in the
     * instance method, keeps all of them on every call; see docs/benchmarks.md). Reads after {@link #close()} throw
     * {@link IllegalStateException} all the same.
     *
     * @param page the {@link #segment()} of an open page.
     * @return the raw group info.
     */
    public static int groupInfoAcquire(final MemorySegment page)
    {
        return (int)Word0.RAW.getAcquire(page, Word0.OFFSET);
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
    private static final class Word0
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
     * Compares the path's device and inode with those of the mapped file ({@code fstat} at open). Allocates and
     * makes a system call: for a low-rate check, never the hot path.
     *
     * @return what the path names now.
     * @throws PageException when the path cannot be examined for another reason than its absence.
     */
    public PathState pathState()
    {
        final Path path = mapping.path();
        try
        {
            final Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino");
            final long device = (Long)attributes.get("dev");
            final long inode = (Long)attributes.get("ino");
            return device == mapping.device() && inode == mapping.inode() ? PathState.SAME : PathState.REPLACED;
        }
        catch (final NoSuchFileException e)
        {
            return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? PathState.REPLACED : PathState.GONE;
        }
        catch (final IOException e)
        {
            throw new PageException(path, 0, "cannot examine " + path + ": " + e.getMessage());
        }
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
     * Unmaps the page and closes the descriptor; idempotent.
     */
    public void close()
    {
        mapping.close();
    }
}
