package io.exabond.sysfs;

/**
 * Why the exasock extension would refuse a request, found before asking it.
 *
 * @param errno   the errno the driver would return, e.g. {@code ENOENT}; 0 when the driver would not be asked.
 * @param message what is wrong, one sentence.
 * @param fix     the command (or step) that fixes it.
 */
public record Refusal(int errno, String message, String fix)
{
    /**
     * @return {@code "<message>. Fix: <fix>"}.
     */
    public String toString()
    {
        return message + ". Fix: " + fix;
    }
}
