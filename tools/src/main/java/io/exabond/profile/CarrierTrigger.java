package io.exabond.profile;

import io.exabond.sysfs.BondState;

/**
 * Fails a bond over by taking its active slave's link down ({@link LinkSwitch}), and brings it up again once the
 * failover was seen: the bonding driver notices the loss of carrier at its next {@code miimon} pass, so its
 * detection is in what is timed, as in a real link loss. Every link it takes down is in the {@link BondRestore}
 * before the request goes out, so that it comes back up whatever happens.
 */
final class CarrierTrigger implements FailoverTrigger
{
    private final LinkSwitch links;
    private final BondRestore restore;

    /**
     * @param links   what changes links.
     * @param restore where each link taken down is recorded.
     */
    CarrierTrigger(final LinkSwitch links, final BondRestore restore)
    {
        this.links = links;
        this.restore = restore;
    }

    public TriggerKind kind()
    {
        return TriggerKind.CARRIER;
    }

    public void check(final BondState state)
    {
        for (final String slave : state.slaves().stream().map(s -> s.name()).toList())
        {
            links.check(slave);
        }
    }

    public void prepare(final String from, final String to)
    {
        restore.linkTakenDown(from);
    }

    public void fire(final String from, final String to)
    {
        links.setUp(from, false);
    }

    public void undo(final String from)
    {
        links.setUp(from, true);
        restore.linkBroughtUp(from);
    }

    public void close()
    {
        links.close();
    }
}
