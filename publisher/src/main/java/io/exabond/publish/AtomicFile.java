package io.exabond.publish;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a small text file that other processes read while it changes (node_exporter's textfile, the bridge's term
 * beside its page): into a temporary file in the same folder, then renamed over the target, so that a reader sees
 * the old file or the new one, never half of one. The temporary file is named {@code .NAME.<random>.tmp}, so that
 * no glob for the target's own pattern picks it up, and it is removed on every failure.
 */
public final class AtomicFile
{
    private AtomicFile()
    {
    }

    /**
     * @param file    the target.
     * @param text    what it should hold.
     * @param charset how to encode it.
     * @throws IOException as the file system said (e.g. {@link java.nio.file.NoSuchFileException} for a missing
     *                     folder, {@link java.nio.file.AtomicMoveNotSupportedException}); the target is then left as
     *                     it was.
     */
    public static void write(final Path file, final String text, final Charset charset) throws IOException
    {
        final Path absolute = file.toAbsolutePath();
        Path temp = null;
        try
        {
            temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
            // createTempFile makes it 0600; its readers often run as another user.
            try
            {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            catch (final UnsupportedOperationException notPosix)
            {
                // Not a POSIX file system: its default permissions stand.
            }
            Files.writeString(temp, text, charset);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
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
                    // Best effort: the failure being thrown is what the caller needs.
                }
            }
        }
    }
}
