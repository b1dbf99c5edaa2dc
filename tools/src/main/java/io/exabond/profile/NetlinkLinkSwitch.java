package io.exabond.profile;

import io.exabond.netlink.LinkControl;
import io.exabond.netlink.NetlinkException;

/**
 * {@link LinkSwitch} through rtnetlink ({@link LinkControl}: {@code RTM_NEWLINK} on a {@code NETLINK_ROUTE} socket),
 * as {@code ip link set IF down} does, without running {@code ip}. Synchronized: a shutdown hook may put a link back
 * while the profiler's thread still uses the socket.
 */
final class NetlinkLinkSwitch implements LinkSwitch
{
    private static final int EPERM = 1;
    private static final int ENODEV = 19;

    private final LinkControl control;

    private NetlinkLinkSwitch(final LinkControl control)
    {
        this.control = control;
    }

    /**
     * @return a switch on a new netlink socket.
     * @throws ProfileException when the socket cannot be opened.
     */
    static NetlinkLinkSwitch open()
    {
        try
        {
            return new NetlinkLinkSwitch(LinkControl.open());
        }
        catch (final NetlinkException e)
        {
            throw new ProfileException("--trigger-by carrier takes links down through rtnetlink, but " +
                e.getMessage() + "; use --trigger-by active-slave", e);
        }
    }

    public synchronized void check(final String ifname)
    {
        try
        {
            control.check(ifname);
        }
        catch (final NetlinkException e)
        {
            throw refusal(ifname, e);
        }
    }

    public synchronized void setUp(final String ifname, final boolean up)
    {
        try
        {
            control.setUp(ifname, up);
        }
        catch (final NetlinkException e)
        {
            throw e.errno() == EPERM || e.errno() == ENODEV ? refusal(ifname, e) :
                new ProfileException("cannot set the link of " + ifname + (up ? " up" : " down") + ": " +
                    e.getMessage(), e);
        }
    }

    public synchronized void close()
    {
        control.close();
    }

    private static ProfileException refusal(final String ifname, final NetlinkException e)
    {
        if (e.errno() == EPERM)
        {
            return new ProfileException("--trigger-by carrier needs CAP_NET_ADMIN to take the link of " + ifname +
                " down (the kernel answered EPERM to an RTM_NEWLINK request): run it as root", e);
        }
        if (e.errno() == ENODEV)
        {
            return new ProfileException("there is no network interface " + ifname + " on this host (the kernel " +
                "answered ENODEV to an RTM_NEWLINK request), although sysfs lists it as a slave: --sysfs names " +
                "another host's tree?", e);
        }
        return new ProfileException("cannot change the link of " + ifname + ": " + e.getMessage(), e);
    }
}
