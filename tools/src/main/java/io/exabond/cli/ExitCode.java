package io.exabond.cli;

/**
 * Exit codes of the {@code exabond} command, the same for every sub-command.
 */
public final class ExitCode
{
    /** Everything is fine. */
    public static final int OK = 0;
    /** An error: the message on stderr says what and how to fix it. */
    public static final int ERROR = 1;
    /** Bad usage: an unknown option, a missing or malformed argument. */
    public static final int USAGE = 2;
    /** The publisher of the page looks stalled (stale heartbeat, or seqlock left odd). */
    public static final int STALLED = 3;
    /** {@code doctor} found problems. */
    public static final int PROBLEMS = 4;

    private ExitCode()
    {
    }
}
