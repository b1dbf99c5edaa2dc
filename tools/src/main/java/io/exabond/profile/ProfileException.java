package io.exabond.profile;

/**
 * A profiling run cannot go on: the message says what happened and what to do, in one line.
 */
public final class ProfileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do.
     */
    public ProfileException(final String message)
    {
        super(message);
    }

    /**
     * @param message what happened and what to do.
     * @param cause   the underlying failure.
     */
    public ProfileException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
