package io.exabond.profile;

import io.exabond.sysfs.Sysfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A bond's {@code bonding/active_slave} in a sysfs tree, written as {@code echo SLAVE > active_slave} writes it: the
 * real bonding driver fails the bond over to that slave before the write returns; a fake tree just shows the new
 * name (over the old one, so names of one length, as a fake tree's are). The file is opened before the clock starts
 * and written with one {@code pwrite(2)} at offset 0, so that what is timed is the driver's work.
 */
final class ActiveSlaveFile
{
    private final Path file;
    private FileChannel channel;

    /**
     * @param sysfs the tree.
     * @param bond  the bond.
     */
    ActiveSlaveFile(final Sysfs sysfs, final String bond)
    {
        this.file = sysfs.netDir(bond).resolve("bonding/active_slave");
    }

    /**
     * @return the file.
     */
    Path path()
    {
        return file;
    }

    /**
     * @return whether this process may open it for writing ({@code access(2)}; root always may).
     */
    boolean writable()
    {
        return Files.isWritable(file);
    }

    /**
     * Opens the file for the next {@link #write}.
     *
     * @throws IOException when it cannot be opened (the bond vanished, no rights).
     */
    void open() throws IOException
    {
        close();
        // No O_TRUNC: sysfs ignores it, and on a fake tree it would show an empty file, "no active slave", to a
        // publisher that reads it before the write.
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
    }

    /**
     * Writes a slave's name, newline-terminated, in one system call, and closes the file.
     *
     * @param slave the slave to make active.
     * @throws IOException as the driver answers (e.g. {@code EINVAL} for a slave whose link is down).
     */
    void write(final String slave) throws IOException
    {
        if (channel == null)
        {
            open();
        }
        try
        {
            final ByteBuffer bytes = ByteBuffer.wrap((slave + "\n").getBytes(StandardCharsets.US_ASCII));
            channel.write(bytes, 0);
        }
        finally
        {
            close();
        }
    }

    /**
     * Closes the file if open; idempotent.
     */
    void close()
    {
        final FileChannel open = channel;
        channel = null;
        if (open != null)
        {
            try
            {
                open.close();
            }
            catch (final IOException e)
            {
                // Nothing was left to write: the close of a sysfs file cannot lose a write that returned.
            }
        }
    }
}
