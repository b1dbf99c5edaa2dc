package io.exabond.netlink;

import java.nio.charset.StandardCharsets;

/**
 * One {@code RTM_NEWLINK} or {@code RTM_DELLINK} message as {@link NetlinkParser} read it: the header, the
 * {@code ifinfomsg} and the three attributes a bond watcher uses. Mutable and reused for every message so that
 * parsing allocates nothing; valid until the parser moves on.
 * <p>
 * Threading: confined to the parser's thread.
 */
public final class LinkMessage
{
    /** {@link #master()} and {@link #event()} when the message does not carry the attribute. */
    public static final int ABSENT = -1;

    /** {@code IFNAMSIZ}: 15 characters and the terminating NUL. */
    static final int IFNAMSIZ = 16;

    private final byte[] ifname = new byte[IFNAMSIZ];
    private int ifnameLength = -1;
    private int type;
    private int flags;
    private int ifindex;
    private int ifiFlags;
    private int master;
    private int event;

    void reset(final int type, final int flags, final int ifindex, final int ifiFlags)
    {
        this.type = type;
        this.flags = flags;
        this.ifindex = ifindex;
        this.ifiFlags = ifiFlags;
        this.master = ABSENT;
        this.event = ABSENT;
        this.ifnameLength = -1;
    }

    byte[] ifnameBuffer()
    {
        return ifname;
    }

    void ifnameLength(final int length)
    {
        this.ifnameLength = length;
    }

    void master(final int master)
    {
        this.master = master;
    }

    void event(final int event)
    {
        this.event = event;
    }

    /**
     * @return {@code nlmsg_type}: {@code RTM_NEWLINK} or {@code RTM_DELLINK}.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return {@code nlmsg_flags}.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return {@code ifi_index}: the interface's index.
     */
    public int ifindex()
    {
        return ifindex;
    }

    /**
     * @return {@code ifi_flags} ({@code IFF_UP}, {@code IFF_RUNNING}, ...).
     */
    public int ifiFlags()
    {
        return ifiFlags;
    }

    /**
     * @return {@code IFLA_MASTER}: the index of the interface's master (its bond), or {@link #ABSENT}.
     */
    public int master()
    {
        return master;
    }

    /**
     * @return {@code IFLA_EVENT} ({@code IFLA_EVENT_BONDING_FAILOVER} is 3), or {@link #ABSENT}.
     */
    public int event()
    {
        return event;
    }

    /**
     * @return true when the message carries {@code IFLA_IFNAME}.
     */
    public boolean hasIfname()
    {
        return ifnameLength >= 0;
    }

    /**
     * Compares {@code IFLA_IFNAME} with a name without allocating.
     *
     * @param name an interface name (ASCII).
     * @return true when the message carries that name.
     */
    public boolean ifnameEquals(final String name)
    {
        if (ifnameLength < 0 || name.length() != ifnameLength)
        {
            return false;
        }
        for (int i = 0; i < ifnameLength; i++)
        {
            if ((ifname[i] & 0xFF) != name.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return {@code IFLA_IFNAME} decoded as ISO-8859-1 (allocates; for messages and tests), or null.
     */
    public String ifname()
    {
        return ifnameLength < 0 ? null : new String(ifname, 0, ifnameLength, StandardCharsets.ISO_8859_1);
    }

    /**
     * @return e.g. {@code RTM_NEWLINK ifindex 3 bond0 master -1 event 3}, for messages and tests (allocates).
     */
    public String toString()
    {
        return (type == NetlinkParser.RTM_NEWLINK ? "RTM_NEWLINK" : type == NetlinkParser.RTM_DELLINK ?
            "RTM_DELLINK" : "type " + type) + " ifindex " + ifindex + " " + ifname() + " master " + master +
            " event " + event;
    }
}
