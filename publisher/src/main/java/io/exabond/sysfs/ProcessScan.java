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
 * Finds the processes that map or hold open a file, from {@code /proc/<pid>/maps} and {@code /proc/<pid>/fd/*}:
 * the exasock driver removes {@code /dev/exabond-<bond>} only once every handle and mapping is gone. Reads only.
 *
 * @param holders    the processes found, by pid.
 * @param unreadable processes whose maps or descriptors could not be read (another user's, when not root).
 */
public record ProcessScan(List<PageHolder> holders, int unreadable)
{
    /** The real procfs. */
    public static final Path DEFAULT_ROOT = Path.of("/proc");

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
                final Boolean mapped = mapsList(entry.resolve("maps"), wanted);
                final Boolean open = fdsHold(entry.resolve("fd"), wanted);
                if (mapped == null && open == null)
                {
                    unreadable++;
                    continue;
                }
                if (Boolean.TRUE.equals(mapped) || Boolean.TRUE.equals(open))
                {
                    final String comm = SysfsText.value(Sysfs.read(entry.resolve("comm")));
                    holders.add(new PageHolder(Integer.parseInt(name), comm == null || comm.isEmpty() ? "?" : comm,
                        Boolean.TRUE.equals(mapped), Boolean.TRUE.equals(open)));
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

    private static Boolean mapsList(final Path maps, final String wanted)
    {
        try
        {
            for (final String line : Files.readAllLines(maps, StandardCharsets.ISO_8859_1))
            {
                // address perms offset dev inode pathname: the path is the sixth field and may hold spaces.
                final String[] fields = line.trim().split("\\s+", 6);
                if (fields.length == 6)
                {
                    String path = fields[5];
                    if (path.endsWith(" (deleted)"))
                    {
                        path = path.substring(0, path.length() - " (deleted)".length());
                    }
                    if (path.equals(wanted))
                    {
                        return true;
                    }
                }
            }
            return false;
        }
        catch (final IOException | RuntimeException e)
        {
            return null;
        }
    }

    private static Boolean fdsHold(final Path fdDir, final String wanted)
    {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir))
        {
            for (final Path fd : fds)
            {
                try
                {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.endsWith(" (deleted)"))
                    {
                        target = target.substring(0, target.length() - " (deleted)".length());
                    }
                    if (target.equals(wanted))
                    {
                        return true;
                    }
                }
                catch (final IOException | RuntimeException e)
                {
                    // The descriptor closed while we looked, or is not a link: not ours.
                }
            }
            return false;
        }
        catch (final IOException | RuntimeException e)
        {
            return null;
        }
    }
}
