package io.exabond.cli;

/**
 * An error to show the user as one line, without a stack trace, with an exit code.
 */
public final class UserException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode the process exit code, see {@link ExitCode}.
     * @param message  the whole message: what went wrong and what to do.
     */
    public UserException(final int exitCode, final String message)
    {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @return the process exit code.
     */
    public int exitCode()
    {
        return exitCode;
    }
}
