package io.exabond.cli;

import io.exabond.publish.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Writes a file for node_exporter's textfile collector the way it must be written ({@link AtomicFile}: a temporary
 * file renamed over the target, which the collector, reading {@code *.prom}, never picks up), and says what went
 * wrong in the user's terms.
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
        try
        {
            AtomicFile.write(file, text, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException e)
        {
            throw new UserException(ExitCode.ERROR, "cannot write " + file + ": the folder " +
                file.toAbsolutePath().getParent() + " does not exist. Fix: create it (node_exporter's " +
                "--collector.textfile.directory) or give another --textfile");
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
    }
}
