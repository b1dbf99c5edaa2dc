package io.exabond.sysfs;

/**
 * A network interface as read from {@code class/net/<name>}.
 *
 * @param name       the interface name.
 * @param kind       what it is.
 * @param exanicId   SmartNIC number (N of {@code exanicN}), or -1 when not a SmartNIC port or not known.
 * @param exanicPort port on that SmartNIC ({@code dev_port}), or -1 likewise.
 * @param idProblem  why the id or port of a SmartNIC port is not known, or null.
 * @param driver     the basename of {@code device/driver}, or null when it has none (virtual interfaces).
 * @param address    its MAC address ({@code address}), or null.
 * @param operstate  its {@code operstate} (up, down, unknown, lowerlayerdown...), or null.
 */
public record NetInterface(String name, InterfaceKind kind, int exanicId, int exanicPort, String idProblem,
    String driver, String address, String operstate)
{
    /**
     * @return true when it is a SmartNIC port whose id and port are known.
     */
    public boolean hasExanicId()
    {
        return kind == InterfaceKind.SMARTNIC_PORT && exanicId >= 0 && exanicPort >= 0;
    }

    /**
     * @return e.g. {@code exanic0:1}, {@code exanic:?} for a SmartNIC port of unknown id, or {@code not-exanic}.
     */
    public String portLabel()
    {
        if (kind != InterfaceKind.SMARTNIC_PORT)
        {
            return "not-exanic";
        }
        return hasExanicId() ? "exanic" + exanicId + ":" + exanicPort : "exanic?:?";
    }

    /**
     * @return a short description of what it is, for messages.
     */
    public String describeKind()
    {
        return switch (kind)
        {
            case MISSING -> "missing";
            case BOND_MASTER -> "a bond master";
            case VLAN -> "a VLAN interface";
            case SMARTNIC_PORT -> "SmartNIC port " + portLabel();
            case OTHER -> driver != null ? "not a SmartNIC port (driver " + driver + ")" :
                "not a SmartNIC port (a virtual interface)";
        };
    }
}
