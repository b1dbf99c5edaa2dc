package io.exabond.sysfs;

/**
 * The udev rule that lets a group read the exasock driver's device nodes, as shipped in
 * {@code config/udev/60-exabond.rules}. The driver creates {@code /dev/exabond-<bond>} as {@code crw------- root
 * root} (0600) and has no parameter to change it; only udev can. The rule gives read access and never write
 * access (0640, not 0660): the driver does not clear {@code VM_MAYWRITE}, so a process holding a writable
 * descriptor could {@code mprotect} its mapping writable and write into the kernel's page.
 */
public final class UdevRule
{
    /** The group the rule gives read access to. */
    public static final String GROUP = "exabond";
    /** The file's name, under {@code config/udev/} here and {@code /etc/udev/rules.d/} on a host. */
    public static final String FILE_NAME = "60-exabond.rules";
    /** Where udev reads local rules. */
    public static final String RULES_DIR = "/etc/udev/rules.d";
    /** The rule itself: misc devices named {@code exabond-*}, group {@link #GROUP}, mode 0640. */
    public static final String RULE = "SUBSYSTEM==\"misc\", KERNEL==\"exabond-*\", GROUP=\"" + GROUP +
        "\", MODE=\"0640\"";
    /** The mode the rule gives. */
    public static final int MODE = 0640;

    private UdevRule()
    {
    }

    /**
     * The commands that install the rule without this repository and let a user read the nodes.
     *
     * @param user the user (name) who must read the nodes.
     * @return one shell line, to run as root.
     */
    public static String installCommands(final String user)
    {
        return "groupadd -f " + GROUP + " && echo '" + RULE + "' > " + RULES_DIR + "/" + FILE_NAME +
            " && udevadm control --reload && udevadm trigger --subsystem-match=misc && usermod -aG " + GROUP + " " +
            user + "   (then restart " + user + "'s feed handler: a process gets its groups when it starts)";
    }
}
