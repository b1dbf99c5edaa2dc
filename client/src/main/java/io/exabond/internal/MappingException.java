package io.exabond.internal;

import java.nio.file.Path;

/**
 * A file or device could not be opened or mapped by {@link PageMapping}. The message is written for the user: it
 * names the path, the errno where there is one, and the likely fix. Callers in the API packages rethrow it as
 * their own exception type ({@code io.exabond.page.PageException}), so that this package needs none of theirs.
 */
public final class MappingException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final int errno;

    /**
     * @param path    the file or device concerned.
     * @param errno   the errno of the failing call, or 0.
     * @param message the whole user-facing message.
     */
    public MappingException(final Path path, final int errno, final String message)
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
