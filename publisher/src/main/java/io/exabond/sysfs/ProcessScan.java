package io.exabond.sysfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the processes that map or hold open a file, from {@code /proc/<pid>/maps} and {@code /proc/<pid>/fd/*}.
 * The exasock driver removes {@code /dev/exabond-<bond>} at once when the bond is released, mapped or not, and
 * leaves every process that mapped it with a page frozen at word 0 = 0: this names them. The kernel marks a removed
 * file {@code (deleted)} in both places, so a holder of an earlier, already released page is told apart from a
 * holder of the node now at the path ({@link PageHolder#deleted()}). Reads only.
 *
 * @param holders    the processes found, by pid.
 * @param unreadable processes whose maps or descriptors could not be read (another user's, when not root).
 */
public record ProcessScan(List<PageHolder> holders, int unreadable)
{
    /** The real procfs. */
    public static final Path DEFAULT_ROOT = Path.of("/proc");

    private static final String DELETED_MARK = " (deleted)";
    private static final int UNREADABLE = -1;
    private static final int LIVE = 1;
    private static final int DELETED = 2;

    /**
     * Copies the list.
     */
    public ProcessScan
    {
        holders = List.copyOf(holders);
    }

    /**
     * @param procRoot where procfs is mounted, normally {@code /proc}.
     * @param file     the file to look for, e.g. {@code /dev/exabond-bond0}.
     * @return the processes holding it.
     */
    public static ProcessScan scan(final Path procRoot, final Path file)
    {
        final String wanted = file.toAbsolutePath().normalize().toString();
        final List<PageHolder> holders = new ArrayList<>();
        int unreadable = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(procRoot))
        {
            for (final Path entry : entries)
            {
                final String name = entry.getFileName().toString();
                if (!name.matches("\\d{1,10}"))
                {
                    continue;
                }
                final int mapped = mapsList(entry.resolve("maps"), wanted);
                final int open = fdsHold(entry.resolve("fd"), wanted);
                if (mapped == UNREADABLE && open == UNREADABLE)
                {
                    unreadable++;
                    continue;
                }
                final int found = Math.max(mapped, 0) | Math.max(open, 0);
                if (found != 0)
                {
                    final String comm = SysfsText.value(Sysfs.read(entry.resolve("comm")));
                    holders.add(new PageHolder(Integer.parseInt(name), comm == null || comm.isEmpty() ? "?" : comm,
                        mapped > 0, open > 0, found == DELETED));
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return new ProcessScan(holders, unreadable);
        }
        holders.sort(Comparator.comparingInt(PageHolder::pid));
        return new ProcessScan(holders, unreadable);
    }

    /** @return LIVE and/or DELETED for each entry naming the file, 0 for none, or UNREADABLE. */
    private static int mapsList(final Path maps, final String wanted)
    {
        try
        {
            int found = 0;
            for (final String line : Files.readAllLines(maps, StandardCharsets.ISO_8859_1))
            {
                // address perms offset dev inode pathname: the path is the sixth field and may hold spaces.
                final String[] fields = line.trim().split("\\s+", 6);
                if (fields.length == 6)
                {
                    found |= match(fields[5], wanted);
                }
            }
            return found;
        }
        catch (final IOException | RuntimeException e)
        {
            return UNREADABLE;
        }
    }

    private static int fdsHold(final Path fdDir, final String wanted)
    {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir))
        {
            int found = 0;
            for (final Path fd : fds)
            {
                try
                {
                    found |= match(Files.readSymbolicLink(fd).toString(), wanted);
                }
                catch (final IOException | RuntimeException e)
                {
                    // The descriptor closed while we looked, or is not a link: not ours.
                }
            }
            return found;
        }
        catch (final IOException | RuntimeException e)
        {
            return UNREADABLE;
        }
    }

    private static int match(final String path, final String wanted)
    {
        if (path.equals(wanted))
        {
            return LIVE;
        }
        return path.endsWith(DELETED_MARK) && path.length() == wanted.length() + DELETED_MARK.length() &&
            path.startsWith(wanted) ? DELETED : 0;
    }
}
