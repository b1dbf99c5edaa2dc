package io.exabond.page;

import java.nio.file.Path;

/**
 * A page could not be opened, mapped or created. The message names the path, the errno where there is one,
 * and what to do about it.
 */
public class PageException extends ExabondException
{
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final int errno;

    /**
     * @param path    the file or device concerned.
     * @param errno   the errno of the failing call, or 0.
     * @param message the whole user-facing message.
     */
    public PageException(final Path path, final int errno, final String message)
    {
        super(message);
        this.path = path;
        this.errno = errno;
    }

    /**
     * @return the file or device concerned.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @return the errno of the failing call, or 0 when the failure was found without one.
     */
    public int errno()
    {
        return errno;
    }
}
