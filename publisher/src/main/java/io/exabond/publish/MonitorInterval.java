package io.exabond.publish;

/**
 * The exasock driver's rule for how often it looks at a bond (docs/driver-facts.md): the smaller of {@code miimon}
 * and {@code arp_interval}, where 0 counts as 200 ms and {@code arp_interval} counts only when an ARP target is
 * set; 200 ms when both monitors are off.
 */
public final class MonitorInterval
{
    /** What the driver uses for a monitor that is off. */
    public static final int OFF_MS = 200;

    private MonitorInterval()
    {
    }

    /**
     * @param miimonMs      the bond's {@code miimon}, 0 = off.
     * @param arpIntervalMs the bond's {@code arp_interval}, 0 = off.
     * @param hasArpTarget  whether {@code arp_ip_target} is set.
     * @return the driver's monitor interval in ms.
     */
    public static int effectiveMs(final int miimonMs, final int arpIntervalMs, final boolean hasArpTarget)
    {
        final int mii = miimonMs > 0 ? miimonMs : OFF_MS;
        final int arp = hasArpTarget && arpIntervalMs > 0 ? arpIntervalMs : OFF_MS;
        return Math.min(mii, arp);
    }

    /**
     * @param miimonMs      the bond's {@code miimon}.
     * @param arpIntervalMs the bond's {@code arp_interval}.
     * @param hasArpTarget  whether {@code arp_ip_target} is set.
     * @return true when neither monitor runs: the bonding driver may never notice a SmartNIC link going down.
     */
    public static boolean bothOff(final int miimonMs, final int arpIntervalMs, final boolean hasArpTarget)
    {
        return miimonMs <= 0 && !(hasArpTarget && arpIntervalMs > 0);
    }
}
