package io.exabond.sysfs;

/**
 * A bond could not be placed under or released from exasock management; {@link #refusal()} says why and how to
 * fix it.
 */
public final class BondManagementException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;

    /**
     * @param refusal why.
     */
    public BondManagementException(final Refusal refusal)
    {
        super(refusal.toString());
        this.refusal = refusal;
    }

    /**
     * @return why, with the errno and the fix.
     */
    public Refusal refusal()
    {
        return refusal;
    }
}
