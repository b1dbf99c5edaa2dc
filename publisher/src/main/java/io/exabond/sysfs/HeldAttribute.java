package io.exabond.sysfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One sysfs attribute kept open and read again with one {@code pread} at offset 0, which makes the kernel call the
 * attribute's {@code show} anew: the event-driven bridge's reaction reads {@code bonding/active_slave} this way, one
 * system call instead of the six of a read by path ({@link Sysfs#read}: two {@code stat}s, {@code open},
 * {@code fstat}, {@code read}, {@code close}), which under emulation is most of the reaction.
 * <p>
 * The file is opened again by {@link #reopen()}, which the bridge calls after each full pass: a bond deleted and
 * created again has a new attribute, and a read of the old one fails (then this falls back to a read by path). A
 * file replaced by a rename (a test's tree, never sysfs) is read as it was when opened until the next
 * {@link #reopen()}; the full pass that follows every reaction reads by path and corrects it. Confined to one thread.
 */
final class HeldAttribute implements AutoCloseable
{
    private final Path path;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
    private final byte[] bytes = new byte[4096];
    private FileChannel channel;

    /**
     * @param path the attribute's file; not opened until {@link #reopen()}.
     */
    HeldAttribute(final Path path)
    {
        this.path = path;
    }

    /**
     * Closes the file and opens it again; when it cannot be opened, {@link #read()} reads by path.
     */
    void reopen()
    {
        close();
        try
        {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        catch (final IOException | RuntimeException e)
        {
            channel = null;
        }
    }

    /**
     * @return the attribute's text now, or null when it cannot be read (as {@link Sysfs#read}).
     */
    String read()
    {
        final FileChannel held = channel;
        if (held != null)
        {
            try
            {
                buffer.clear();
                final int length = held.read(buffer, 0);
                if (length >= 0 && length < buffer.capacity())
                {
                    buffer.flip();
                    buffer.get(bytes, 0, length);
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
            }
            catch (final IOException | RuntimeException e)
            {
                // The attribute went away under the open file (bond deleted): read by path, and open it again.
                close();
            }
        }
        return Sysfs.read(path);
    }

    /**
     * Closes the file; idempotent.
     */
    public void close()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException e)
            {
                // Nothing was written through it: there is nothing to lose.
            }
            channel = null;
        }
    }
}
