package io.exabond.profile;

/**
 * How {@code profile --trigger} fails a bond over.
 */
public enum TriggerKind
{
    /**
     * A write of the bond's {@code bonding/active_slave}, alternating over its slaves: the bonding driver fails over
     * before the write returns, so the write's own time is the kernel's share and no detection is in the chain.
     */
    ACTIVE_SLAVE("active-slave"),
    /**
     * The active slave's link taken down (and up again after the failover) through rtnetlink: the bonding driver
     * notices at its next {@code miimon} pass, as it notices a real link loss, so its detection is in the chain.
     */
    CARRIER("carrier");

    private final String option;

    TriggerKind(final String option)
    {
        this.option = option;
    }

    /**
     * @return its name on the command line and in the reports, e.g. {@code active-slave}.
     */
    public String option()
    {
        return option;
    }

    /**
     * @param option e.g. {@code carrier}.
     * @return the kind.
     * @throws IllegalArgumentException naming the kinds there are.
     */
    public static TriggerKind of(final String option)
    {
        for (final TriggerKind kind : values())
        {
            if (kind.option.equals(option))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown trigger '" + option + "'; use active-slave or carrier");
    }
}
