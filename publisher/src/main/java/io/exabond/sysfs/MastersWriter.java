package io.exabond.sysfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one command to {@code exabond_masters}. The file implementation is the only code of this project that
 * writes to sysfs; tests give another one to fake the driver's errnos.
 */
@FunctionalInterface
public interface MastersWriter
{
    /** Opens the file as the shell's {@code >} does ({@code O_WRONLY | O_TRUNC}, never creating it) and makes
     * exactly one {@code write(2)} of the whole command. */
    MastersWriter FILE = (file, command) ->
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final int written = channel.write(ByteBuffer.wrap(command));
            if (written != command.length)
            {
                throw new IOException("short write: " + written + " of " + command.length + " bytes");
            }
        }
    };

    /**
     * @param file    {@code exabond_masters}.
     * @param command the bytes to write in one {@code write(2)}, e.g. {@code +bond0}.
     * @throws IOException as the write failed; its message is the C library's text for the errno.
     */
    void write(Path file, byte[] command) throws IOException;
}
