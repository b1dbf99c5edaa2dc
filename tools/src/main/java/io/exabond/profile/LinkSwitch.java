package io.exabond.profile;

/**
 * Takes a network interface's link down and up again, for {@code profile --trigger-by carrier}: through rtnetlink on
 * a host ({@link NetlinkLinkSwitch}); tests give one that plays the bonding driver on a fake sysfs tree.
 */
interface LinkSwitch extends AutoCloseable
{
    /**
     * Checks, without changing anything, that this process may change the interface's link.
     *
     * @param ifname the interface.
     * @throws ProfileException naming what is missing (the right, the interface) and how to fix it.
     */
    void check(String ifname);

    /**
     * Sets the interface's link administratively up or down, and returns once the kernel has made the change.
     *
     * @param ifname the interface.
     * @param up     true for up.
     * @throws ProfileException when the kernel refused; the message names the interface and why.
     */
    void setUp(String ifname, boolean up);

    /**
     * Releases what it holds; idempotent.
     */
    void close();
}
