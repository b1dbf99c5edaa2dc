package io.exabond.cli;

import io.exabond.page.BondPage;
import io.exabond.sysfs.BondManagementException;
import io.exabond.sysfs.BondManager;
import io.exabond.sysfs.MastersWriter;
import io.exabond.sysfs.PageHolder;
import io.exabond.sysfs.ProcessScan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code exabond unmanage BOND}: writes {@code -BOND} to {@code exabond_masters} and tells which processes still
 * hold the page.
 */
@Command(name = "unmanage", mixinStandardHelpOptions = true,
    description = {
        "Release a bond from exasock management: writes exactly -BOND (no newline, one write) to " +
            "<sysfs>/class/net/exabond_masters. The driver removes /dev/exabond-BOND only once every process has " +
            "closed and unmapped it, so this lists the processes that still map or hold it (from <proc>/*/maps " +
            "and <proc>/*/fd).",
        "A bond not under management is left alone (exit 0). Needs root."
    })
final class UnmanageCommand implements Callable<Integer>
{
    /** Tests replace it to fake the driver's errnos. */
    static MastersWriter writer = MastersWriter.FILE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BOND", description = "The bond, e.g. bond0.")
    String bond;

    @Mixin
    SysfsRoots roots;

    @Option(names = "--proc", paramLabel = "ROOT", defaultValue = "/proc",
        description = "Where procfs is mounted (default: ${DEFAULT-VALUE}).")
    Path procRoot;

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final BondManager.Outcome outcome;
        try
        {
            outcome = new BondManager(roots.sysfs(), writer).unmanage(bond);
        }
        catch (final BondManagementException e)
        {
            throw new UserException(ExitCode.ERROR, e.getMessage());
        }
        final Path node = BondPage.devicePath(roots.devDir, bond);
        if (outcome == BondManager.Outcome.NOT_MANAGED)
        {
            out.println(bond + " is not under exasock management (nothing written)");
        }
        else
        {
            out.println(bond + " is released from exasock management");
        }
        final ProcessScan scan = ProcessScan.scan(procRoot, node);
        if (!scan.holders().isEmpty())
        {
            out.println(node + " stays until these processes close and unmap it:");
            for (final PageHolder holder : scan.holders())
            {
                out.println("  " + holder);
            }
        }
        else if (outcome == BondManager.Outcome.RELEASED)
        {
            out.println(Files.exists(node) ? "no process holds " + node + "; the driver removes it now" :
                node + " is gone");
        }
        if (scan.unreadable() > 0)
        {
            out.println("(" + scan.unreadable() + " processes could not be inspected; run as root to see them all)");
        }
        out.flush();
        return ExitCode.OK;
    }
}
