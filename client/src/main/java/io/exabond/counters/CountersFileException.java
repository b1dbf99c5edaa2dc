package io.exabond.counters;

import io.exabond.page.ExabondException;

import java.nio.file.Path;

/**
 * A counters file could not be created or read: the message names the file, what is wrong and what to do.
 */
public class CountersFileException extends ExabondException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file    the counters file.
     * @param message the whole user-facing message.
     */
    public CountersFileException(final Path file, final String message)
    {
        super(message);
        this.file = file;
    }

    /**
     * @param file    the counters file.
     * @param message the whole user-facing message.
     * @param cause   what went wrong underneath.
     */
    public CountersFileException(final Path file, final String message, final Throwable cause)
    {
        super(message, cause);
        this.file = file;
    }

    /**
     * @return the counters file.
     */
    public Path file()
    {
        return file;
    }
}
