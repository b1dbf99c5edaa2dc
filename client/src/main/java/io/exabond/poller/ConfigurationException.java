package io.exabond.poller;

import io.exabond.page.ExabondException;

/**
 * A {@link FailoverPollerContext} was concluded with a setting missing or out of range, or concluded twice; the
 * message names the setting and what it accepts.
 */
public class ConfigurationException extends ExabondException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the whole user-facing message.
     */
    public ConfigurationException(final String message)
    {
        super(message);
    }
}
