package io.exabond.cli;

import io.exabond.page.BondPage;
import io.exabond.sysfs.BondManagementException;
import io.exabond.sysfs.BondManager;
import io.exabond.sysfs.BondReader;
import io.exabond.sysfs.BondState;
import io.exabond.sysfs.MastersWriter;
import io.exabond.sysfs.NodeAccess;
import io.exabond.sysfs.Sysfs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code exabond manage BOND}: checks what the exasock driver checks, then writes {@code +BOND} to
 * {@code exabond_masters}.
 */
@Command(name = "manage", mixinStandardHelpOptions = true,
    description = {
        "Place a bond under exasock management, which creates /dev/exabond-BOND. First checks everything the " +
            "driver checks (name, exists, is a bond, mode active-backup, every slave a SmartNIC port: no VLAN or " +
            "bond slaves) and explains the first failure with its fix; then writes exactly +BOND (no newline, one " +
            "write) to <sysfs>/class/net/exabond_masters and explains any errno the driver returns.",
        "A bond already managed is left alone (exit 0). Needs root."
    })
final class ManageCommand implements Callable<Integer>
{
    /** Tests replace it to fake the driver. */
    static MastersWriter writer = MastersWriter.FILE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BOND", description = "The bond, e.g. bond0.")
    String bond;

    @Mixin
    SysfsRoots roots;

    @Option(names = "--force", description = "Write even when a check fails (the driver still checks; use when " +
        "this tool misjudges a slave).")
    boolean force;

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Sysfs sysfs = roots.sysfs();
        final BondManager.Outcome outcome;
        try
        {
            outcome = new BondManager(sysfs, writer).manage(bond, force);
        }
        catch (final BondManagementException e)
        {
            throw new UserException(ExitCode.ERROR, e.getMessage());
        }
        final String pagePath = BondPage.devicePath(roots.devDir, bond).toString();
        if (outcome == BondManager.Outcome.ALREADY_MANAGED)
        {
            out.println(bond + " is already under exasock management (nothing written); its page is " + pagePath);
        }
        else
        {
            out.println(bond + " is now under exasock management; its page is " + pagePath +
                " (a new node: ls -l " + pagePath + ")");
        }
        out.flush();
        final BondState state = BondReader.read(sysfs, bond);
        if (state != null && state.bothMonitorsOff())
        {
            err.println("manage: warning: both miimon and arp_interval are off on " + bond + ", so a failover may " +
                "never be noticed; the driver looks only every 200 ms and emits a kernel WARN_ONCE (a warning with a " +
                "backtrace that taints the kernel, once per module load). Fix: ip link set " + bond +
                " type bond miimon 100");
        }
        final NodeAccess node = NodeAccess.statOrNull(Path.of(pagePath));
        if (node != null && node.ownerOnly())
        {
            err.println("manage: note: only root can open " + pagePath + String.format(" (mode %04o, as the driver " +
                "makes its nodes); for a feed handler that runs as another user: exabond doctor %s --as-user USER " +
                "(prints the udev rule that lets a group read it)", node.permissions(), bond));
        }
        if (state != null && state.slaves().isEmpty())
        {
            err.println("manage: note: " + bond + " has no slaves yet; libexasock needs at least one before it is " +
                "used. Fix: ip link set IF down && ip link set IF master " + bond);
        }
        err.flush();
        return ExitCode.OK;
    }
}
