package io.exabond.sysfs;

/**
 * Whether an interface is administratively up and has a carrier, from {@code class/net/IF/flags} ({@code IFF_UP}
 * = 0x1, what {@code ip link set IF up} sets), {@code carrier} and {@code operstate}. An empty bond that was set up
 * has no carrier (none of its slaves has a link) and shows {@code operstate down} like a bond that was never set
 * up; only the first is fixed by {@code ip link set IF up}.
 * <p>
 * The kernel fails a read of {@code carrier} with {@code EINVAL} while the interface is administratively down, so a
 * {@code carrier} that can be read says the interface is up even where {@code flags} is missing (the captures of
 * the real bonding driver under {@code system-tests/real-bond/captures} hold no {@code flags}).
 */
public enum LinkState
{
    /** {@code IFF_UP} clear: {@code ip link set IF up} is the fix. */
    ADMIN_DOWN,
    /** Up, but no carrier: no lower link is up (a bond: none of its slaves, and an empty bond has none). */
    NO_CARRIER,
    /** Up with a carrier. */
    UP,
    /** Nothing readable tells. */
    UNKNOWN;

    /** {@code IFF_UP} of {@code <linux/if.h>}. */
    public static final int IFF_UP = 0x1;

    /**
     * @param sysfs  the tree.
     * @param ifname the interface.
     * @return its state.
     */
    public static LinkState read(final Sysfs sysfs, final String ifname)
    {
        return of(sysfs.attribute(ifname, "flags"), sysfs.attribute(ifname, "carrier"),
            sysfs.attribute(ifname, "operstate"));
    }

    /**
     * @param flags     the content of {@code flags} (e.g. {@code 0x1403}), or null when unreadable.
     * @param carrier   the content of {@code carrier} ({@code 0} or {@code 1}), or null when unreadable.
     * @param operstate the content of {@code operstate}, or null when unreadable.
     * @return the state those files show.
     */
    public static LinkState of(final String flags, final String carrier, final String operstate)
    {
        final long flagBits = parseFlags(flags);
        final String carrierValue = SysfsText.singleWord(carrier);
        final String oper = SysfsText.singleWord(operstate);
        if (flagBits >= 0 && (flagBits & IFF_UP) == 0)
        {
            return ADMIN_DOWN;
        }
        if ("1".equals(carrierValue))
        {
            return UP;
        }
        if ("0".equals(carrierValue))
        {
            return NO_CARRIER;
        }
        if (flagBits >= 0)
        {
            // Up by its flags, carrier unreadable: operstate is all there is.
            return "up".equals(oper) ? UP : "down".equals(oper) || "lowerlayerdown".equals(oper) ? NO_CARRIER :
                UNKNOWN;
        }
        if ("down".equals(oper))
        {
            // No flags and no carrier: the kernel refuses carrier only while the interface is down.
            return carrier == null ? ADMIN_DOWN : UNKNOWN;
        }
        return "up".equals(oper) ? UP : UNKNOWN;
    }

    private static long parseFlags(final String text)
    {
        final String value = SysfsText.singleWord(text);
        if (value == null || !value.matches("0x[0-9a-fA-F]{1,8}"))
        {
            return -1;
        }
        return Long.parseLong(value.substring(2), 16);
    }
}
