package io.exabond.sysfs;

/**
 * How bad a {@link Finding} is. Errors and warnings are problems ({@code doctor} exits 4); notes are not.
 */
public enum Severity
{
    /** Something is broken or will break a failover. */
    ERROR,
    /** Something is likely to go wrong, or is degraded. */
    WARNING,
    /** Worth knowing: a figure, or a pitfall to keep in mind. */
    INFO;

    /**
     * @return true for errors and warnings.
     */
    public boolean isProblem()
    {
        return this != INFO;
    }

    /**
     * @return the lower-case name, e.g. {@code error}.
     */
    public String label()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
