package io.exabond.sysfs;

/**
 * How long a failover of a bond may take to reach a reader, term by term, as {@code doctor} predicts it: the bonding
 * driver's detection (up to one {@code miimon}, or {@code arp_interval} when that is smaller and has a target, plus
 * {@code downdelay}), then the publisher of the page (the exasock driver's or a publisher's monitor interval, or the
 * bridge's own term kept beside its page), then the reader's poll delay. {@code doctor} reports it as a finding;
 * {@code profile --trigger} shows it beside what it measured, term by term, from the same record.
 *
 * @param bond            the bond.
 * @param unbounded       both monitors are off: the bonding driver may never notice a SmartNIC link going down.
 * @param detectionMs     the bonding driver's detection bound, ms (the smaller monitor that is on); 0 when unbounded.
 * @param detectionBy     {@code miimon} or {@code arp_interval}; null when unbounded.
 * @param downdelayMs     the bond's {@code downdelay}, ms, added to the detection.
 * @param publisherTermMs the publisher's bound, ms.
 * @param publisherTerm   that term in words, e.g. "up to 100 ms (exasock's monitor interval)".
 * @param bridge          the bridge's term it comes from, or null (exasock, or a publisher without one).
 * @param pollDelayNs     the reader's poll delay, ns; negative when unknown.
 * @param pollDelayLabel  how it was obtained (clock, machine).
 */
public record FailoverBudget(String bond, boolean unbounded, int detectionMs, String detectionBy, int downdelayMs,
    double publisherTermMs, String publisherTerm, BridgeTerm bridge, long pollDelayNs, String pollDelayLabel)
{
    /**
     * The budget of a bond as sysfs and its page describe it.
     *
     * @param sysfs          the tree ({@code downdelay} is read from it).
     * @param state          the bond as read from it.
     * @param pageMonitorMs  the monitor interval in the page's status block, or -1 for a kernel page (or no page):
     *                       the exasock driver's rule then gives it from the bond's monitors.
     * @param bridge         the bridge's term kept beside the page, or null.
     * @param pollDelayNs    the reader's poll delay, ns; negative when unknown.
     * @param pollDelayLabel how it was obtained.
     * @return the budget.
     */
    public static FailoverBudget of(final Sysfs sysfs, final BondState state, final int pageMonitorMs,
        final BridgeTerm bridge, final long pollDelayNs, final String pollDelayLabel)
    {
        final String bond = state.name();
        final int downdelay = Math.max(0, SysfsText.nonNegativeInt(sysfs.attribute(bond, "bonding/downdelay")));
        final int monitorMs = pageMonitorMs >= 0 ? pageMonitorMs : state.monitorIntervalMs();
        final String term = bridge != null ? bridge.describe() : "up to " + monitorMs + " ms (" +
            (pageMonitorMs >= 0 ? "the publisher's" : "exasock's") + " monitor interval)";
        final double publisherMs = bridge == null ? monitorMs : bridge.boundMs();
        if (state.bothMonitorsOff())
        {
            return new FailoverBudget(bond, true, 0, null, downdelay, publisherMs, term, bridge, pollDelayNs,
                pollDelayLabel);
        }
        final int mii = state.miimonMs() > 0 ? state.miimonMs() : Integer.MAX_VALUE;
        final int arp = state.hasArpTarget() && state.arpIntervalMs() > 0 ? state.arpIntervalMs() : Integer.MAX_VALUE;
        return new FailoverBudget(bond, false, Math.min(mii, arp), mii <= arp ? "miimon" : "arp_interval", downdelay,
            publisherMs, term, bridge, pollDelayNs, pollDelayLabel);
    }

    /**
     * @return the sum of the terms in ms (the poll delay counted as 0 when unknown); NaN when unbounded.
     */
    public double totalMs()
    {
        return unbounded ? Double.NaN : detectionMs + downdelayMs + publisherTermMs + Math.max(0, pollDelayNs) / 1e6;
    }

    /**
     * @return the publisher's term and the poll delay in ms, without the detection: what a failover made by writing
     *         {@code active_slave} waits for, since that write fails the bond over itself.
     */
    public double afterDetectionMs()
    {
        return publisherTermMs + Math.max(0, pollDelayNs) / 1e6;
    }

    /**
     * @return the reader's poll delay in words, e.g. "250 ns (reader poll delay: ...)".
     */
    public String pollDelay()
    {
        return pollDelayNs >= 0 ? formatNs(pollDelayNs) + " (reader poll delay: " + pollDelayLabel + ")" :
            "the reader's poll delay (unknown)";
    }

    /**
     * @return the budget as {@code doctor}'s finding says it, in one sentence.
     */
    public String message()
    {
        if (unbounded)
        {
            return "failover budget of " + bond + ": unbounded, since with both monitors off the bonding driver " +
                "may never notice a SmartNIC link going down; then " + publisherTerm + " + " + pollDelay();
        }
        return String.format("failover budget of %s: up to %d ms (bonding detection, one %s%s) + %s + %s" +
            " = up to %.3f ms; only the last term is the reader's to make small", bond, detectionMs, detectionBy,
            downdelayMs > 0 ? " + downdelay " + downdelayMs + " ms" : "", publisherTerm, pollDelay(), totalMs());
    }

    private static String formatNs(final long ns)
    {
        return ns < 10_000 ? ns + " ns" : String.format("%.1f us", ns / 1e3);
    }
}
