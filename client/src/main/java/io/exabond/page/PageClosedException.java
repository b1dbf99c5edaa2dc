package io.exabond.page;

import java.nio.file.Path;

/**
 * A page was read after {@link BondPage#close()}: a program error (close the page after every reader has stopped),
 * never a failover. A {@code FailoverPoller} polled after its page was closed ends its agent with this as the cause.
 */
public class PageClosedException extends ExabondException
{
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path    the page's path.
     * @param message the whole user-facing message.
     */
    public PageClosedException(final Path path, final String message)
    {
        super(message);
        this.path = path;
    }

    /**
     * @return the path of the closed page.
     */
    public Path path()
    {
        return path;
    }
}
