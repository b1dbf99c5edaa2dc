package io.exabond.publish;

import io.exabond.internal.LibC;
import io.exabond.internal.MappingException;
import io.exabond.internal.PageMapping;
import io.exabond.page.PageException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The file a publisher writes: exactly one page, created when absent and reused when it already is one, mapped
 * read-write and shared, and held with an exclusive {@code flock} so that a second publisher is kept out. It never
 * writes a device node: the driver's {@code /dev/exabond-<bond>} belongs to the driver.
 * <p>
 * Confined to the publisher that opened it. Closing unmaps the page (the publisher's view of it) and drops the lock;
 * the file and its contents stay for the readers that have it mapped.
 */
final class PageFile implements AutoCloseable
{
    private final Path path;
    private final PageMapping mapping;

    private PageFile(final Path path, final PageMapping mapping)
    {
        this.path = path;
        this.mapping = mapping;
    }

    /**
     * Creates the file with one page of zeros, or opens the page file that is there, maps it and locks it.
     *
     * @param path the page file; its folder must exist.
     * @return the open file, which the caller must close.
     * @throws PageException when the file cannot be created, is not a page file, or has another publisher.
     */
    static PageFile open(final Path path)
    {
        prepare(path);
        final PageMapping mapping;
        try
        {
            mapping = PageMapping.map(path, true, "Its folder must exist.");
        }
        catch (final MappingException e)
        {
            throw new PageException(e.path(), e.errno(), e.getMessage());
        }
        final int lock = mapping.tryLockExclusive();
        if (lock != 0)
        {
            mapping.close();
            throw new PageException(path, lock, "another publisher is writing " + path + " (it holds an " +
                "exclusive lock on it). Stop it first, or choose another --page.");
        }
        return new PageFile(path, mapping);
    }

    /**
     * @return the mapped page, writable until {@link #close()}.
     */
    MemorySegment segment()
    {
        return mapping.segment();
    }

    /**
     * @return the path the file was opened by.
     */
    Path path()
    {
        return path;
    }

    /**
     * Removes the path when it still names this file (its device and inode), as the driver removes its node when a
     * bond is released: a reader that has the page mapped keeps it, and the path is free for a new page. A path
     * that names another file now (replaced meanwhile) is left alone.
     *
     * @return true when the path was removed.
     * @throws PageException when the path cannot be examined or removed.
     */
    boolean unlinkIfSame()
    {
        try
        {
            final Map<String, Object> attributes =
                Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
            if ((Long)attributes.get("dev") != mapping.device() || (Long)attributes.get("ino") != mapping.inode())
            {
                return false;
            }
            Files.delete(path);
            return true;
        }
        catch (final NoSuchFileException e)
        {
            return false;
        }
        catch (final IOException e)
        {
            throw new PageException(path, 0, "cannot remove page file " + path + ": " + e.getMessage() +
                ". Check that its folder is writable.");
        }
    }

    /**
     * Unmaps the page and releases the lock; the file stays valid for readers. Idempotent.
     */
    public void close()
    {
        mapping.close();
    }

    private static void prepare(final Path path)
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
