package io.exabond.bench;

import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bond and the folders the benchmarks publish pages into.
 */
public final class BenchPages
{
    /** Interface name of the first member, also the content of the sysfs-style {@code active_slave} file. */
    public static final String ACTIVE_SLAVE = "exanic0p1";

    private BenchPages()
    {
    }

    /**
     * A two-member bond of SmartNIC ports. The monitor interval is long (10 s) so that the poller's periodic
     * health check finds the heartbeat fresh for a whole benchmark iteration and takes its usual path.
     *
     * @return the bond.
     */
    public static BondDescription bond()
    {
        return new BondDescription("bond0", 10_000, 100, 0, List.of(
            new Member(ACTIVE_SLAVE, 0, 1, true, true),
            new Member("exanic1p1", 1, 1, true, false)));
    }

    /**
     * A new private folder on tmpfs ({@code /dev/shm}) when there is one, so that page files live in memory as the
     * driver's pages do, else under {@code java.io.tmpdir}.
     *
     * @param prefix the folder name's prefix.
     * @return the folder; the caller deletes it.
     */
    public static Path newFolder(final String prefix)
    {
        try
        {
            final Path shm = Path.of("/dev/shm");
            if (Files.isDirectory(shm) && Files.isWritable(shm))
            {
                return Files.createTempDirectory(shm, prefix);
            }
            return Files.createTempDirectory(prefix);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes a folder made by {@link #newFolder(String)} and the files in it; quiet about files already gone.
     *
     * @param folder the folder.
     */
    public static void deleteFolder(final Path folder)
    {
        if (folder == null)
        {
            return;
        }
        try (var files = Files.list(folder))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
