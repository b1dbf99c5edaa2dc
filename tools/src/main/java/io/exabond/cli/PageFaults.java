package io.exabond.cli;

import io.exabond.page.BondPage;

import java.util.function.Supplier;

/**
 * Turns the JVM's report of a fault in a mapped page (the file was truncated or replaced under the mapping) into
 * an error for the user, at the edge of the command line.
 */
final class PageFaults
{
    private PageFaults()
    {
    }

    static <T> T guard(final BondPage page, final Supplier<T> action)
    {
        try
        {
            return action.get();
        }
        catch (final InternalError e)
        {
            throw new UserException(ExitCode.ERROR, "reading " + page.path() + " faulted (" + e.getMessage() +
                "): the page file was truncated or removed while mapped. Restart its publisher, then retry.");
        }
    }
}
