package io.exabond.cli;

import io.exabond.sysfs.InterfaceName;
import io.exabond.publish.Member;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the simulator's {@code --members} list: comma-separated {@code exanicN:P} or {@code IFNAME=exanicN:P}.
 * Without an interface name a member is called {@code exanicNpP} (a name may not contain ':').
 */
final class MemberSpec
{
    private static final Pattern MEMBER = Pattern.compile("(?:([^=]+)=)?exanic(\\d{1,3}):(\\d{1,3})");

    private MemberSpec()
    {
    }

    /**
     * @param spec e.g. {@code exanic0:0,exanic0:1} or {@code eth2=exanic0:0,eth3=exanic1:0}.
     * @return the members, the first one primary, all links up.
     * @throws IllegalArgumentException with a message for the user.
     */
    static List<Member> parse(final String spec)
    {
        final List<Member> members = new ArrayList<>();
        for (final String item : spec.split(",", -1))
        {
            final Matcher matcher = MEMBER.matcher(item.trim());
            if (!matcher.matches())
            {
                throw new IllegalArgumentException("bad member '" + item + "': write exanicN:P or IFNAME=exanicN:P, " +
                    "e.g. exanic0:0,exanic0:1");
            }
            final int id = Integer.parseInt(matcher.group(2));
            final int port = Integer.parseInt(matcher.group(3));
            if (id > 254 || port > 254)
            {
                throw new IllegalArgumentException("bad member '" + item + "': SmartNIC id and port go from 0 to 254 " +
                    "(255 marks a member that is not a SmartNIC port)");
            }
            final String name = matcher.group(1) != null ? matcher.group(1) : "exanic" + id + "p" + port;
            final String problem = InterfaceName.problem(name);
            if (problem != null)
            {
                throw new IllegalArgumentException("bad member '" + item + "': " + problem);
            }
            for (final Member other : members)
            {
                if (other.ifname().equals(name) || other.exanicId() == id && other.exanicPort() == port)
                {
                    throw new IllegalArgumentException("member '" + item + "' is listed twice");
                }
            }
            members.add(new Member(name, id, port, true, members.isEmpty()));
        }
        return members;
    }
}
