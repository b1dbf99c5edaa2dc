package io.exabond.page;

/**
 * The root of the library's exceptions, as Aeron has {@code AeronException}: a page that cannot be opened or read
 * ({@link PageException}), a page read after close ({@link PageClosedException}), a poller configured wrongly
 * ({@code io.exabond.poller.ConfigurationException}), a counters file that cannot be read
 * ({@code io.exabond.counters.CountersFileException}). Each message is written for the person who runs the program:
 * it names what is wrong and how to fix it.
 */
public class ExabondException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the whole user-facing message.
     */
    public ExabondException(final String message)
    {
        super(message);
    }

    /**
     * @param message the whole user-facing message.
     * @param cause   what went wrong underneath.
     */
    public ExabondException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
