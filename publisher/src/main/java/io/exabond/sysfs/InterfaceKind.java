package io.exabond.sysfs;

/**
 * What a network interface is, as far as the exasock extension's slave rules care.
 */
public enum InterfaceKind
{
    /** No such interface under {@code class/net}. */
    MISSING,
    /** A bonding master ({@code bonding/} exists): refused as a slave with {@code EINVAL}. */
    BOND_MASTER,
    /** An 802.1Q VLAN ({@code DEVTYPE=vlan} in {@code uevent}): never accepted as a slave. */
    VLAN,
    /** A SmartNIC (ExaNIC) port: its {@code device/driver} link ends in {@code exanic}. */
    SMARTNIC_PORT,
    /** Any other interface: refused as a slave with {@code ENODEV}. */
    OTHER
}
