package io.exabond.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file for node_exporter's textfile collector the way it must be written: into a temporary file in the
 * same folder, then renamed over the target, so that the collector reads either the old file or the new one, never
 * half of one. The temporary file starts with a dot and ends in {@code .tmp}, so the collector (which reads
 * {@code *.prom}) never picks it up, and it is removed on every failure.
 */
final class Textfile
{
    private Textfile()
    {
    }

    /**
     * @param file the target, e.g. {@code /var/lib/node_exporter/textfile/exabond.prom}.
     * @param text what it should hold, written as UTF-8.
     * @throws UserException (exit 1) when it cannot be written; the target is then left as it was.
     */
    static void writeAtomically(final Path file, final String text)
    {
        final Path absolute = file.toAbsolutePath();
        final Path dir = absolute.getParent();
        Path temp = null;
        try
        {
            temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
            // createTempFile makes it 0600; node_exporter usually runs as another user, who must read it.
            try
            {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            catch (final UnsupportedOperationException notPosix)
            {
                // Not a POSIX file system: its default permissions stand.
            }
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        }
        catch (final NoSuchFileException e)
        {
            throw new UserException(ExitCode.ERROR, "cannot write " + file + ": the folder " + dir +
                " does not exist. Fix: create it (node_exporter's --collector.textfile.directory) or give another " +
                "--textfile");
        }
        catch (final AtomicMoveNotSupportedException e)
        {
            throw new UserException(ExitCode.ERROR, "cannot rename a temporary file over " + file +
                " atomically. Fix: give a --textfile on a local file system");
        }
        catch (final IOException e)
        {
            throw new UserException(ExitCode.ERROR, "cannot write " + file + " (" + e.getClass().getSimpleName() +
                ": " + e.getMessage() + "). Fix: give a --textfile PATH in a folder this user may write, and not " +
                "a folder itself");
        }
        finally
        {
            if (temp != null)
            {
                try
                {
                    Files.deleteIfExists(temp);
                }
                catch (final IOException ignored)
                {
                    // Best effort: the error above is what the user needs to see.
                }
            }
        }
    }
}
