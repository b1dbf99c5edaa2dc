package io.exabond.sysfs;

import io.exabond.netlink.LinkFilter;
import io.exabond.netlink.LinkMessage;
import io.exabond.publish.Member;

import java.util.List;

/**
 * Which rtnetlink link messages concern the bridge's bond: one that names the bond (its {@code ifindex}, read from
 * sysfs on every pass so that a re-created bond is followed, or its name) or a slave (its {@code IFLA_MASTER} is the
 * bond, or its name is a published member's). The bonding driver sends such messages on every failover
 * ({@code IFLA_EVENT} {@code BONDING_FAILOVER} for the bond, {@code RTM_NEWLINK} for both slaves). Runs on the
 * bridge's thread, inside the receive.
 */
final class BondLinkFilter implements LinkFilter
{
    private final BridgePass pass;

    /**
     * @param pass what the bridge knows of its bond.
     */
    BondLinkFilter(final BridgePass pass)
    {
        this.pass = pass;
    }

    public boolean accept(final LinkMessage message)
    {
        final int index = pass.bondIfindex();
        if (index > 0 && (message.ifindex() == index || message.master() == index))
        {
            return true;
        }
        if (message.ifnameEquals(pass.bondName()))
        {
            return true;
        }
        final List<Member> members = pass.published().members();
        for (int i = 0; i < members.size(); i++)
        {
            if (message.ifnameEquals(members.get(i).ifname()))
            {
                return true;
            }
        }
        return false;
    }
}
