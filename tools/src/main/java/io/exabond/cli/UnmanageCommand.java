package io.exabond.cli;

import io.exabond.page.BondPage;
import io.exabond.sysfs.InterfaceName;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code exabond unmanage BOND}: writes {@code -BOND} to {@code exabond_masters} and names the processes left
 * holding the released page. The driver removes {@code /dev/exabond-BOND} at once, mapped or not, and writes word
 * 0 = 0 into the page on its way out: a process that mapped it keeps a frozen page that says "no active slave" for
 * ever. So the holders are found before the write, while the node is still there, and reported after it.
 */
@Command(name = "unmanage", mixinStandardHelpOptions = true,
    description = {
        "Release a bond from exasock management: writes exactly -BOND (no newline, one write) to " +
            "<sysfs>/class/net/exabond_masters. The driver removes /dev/exabond-BOND at once, whether or not it is " +
            "open or mapped, then writes word 0 = 0 into the page: every process that mapped it is left with a " +
            "frozen page that says \"no active slave\" for ever, and must open /dev/exabond-BOND again once the " +
            "bond is managed again (a new node over a new page). So this lists those processes, found before the " +
            "write (from <proc>/*/maps and <proc>/*/fd).",
        "A bond not under management is left alone (exit 0). Needs root."
    })
final class UnmanageCommand implements Callable<Integer>
{
    /** Tests replace it to fake the driver. */
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
        final Path node = BondPage.devicePath(roots.devDir, bond);
        // Before the write: the node is there to be found in maps and descriptors (after it, only "(deleted)" is).
        final ProcessScan scan = InterfaceName.isValid(bond) ? ProcessScan.scan(procRoot, node) :
            new ProcessScan(List.of(), 0);
        final BondManager.Outcome outcome;
        try
        {
            outcome = new BondManager(roots.sysfs(), writer).unmanage(bond);
        }
        catch (final BondManagementException e)
        {
            throw new UserException(ExitCode.ERROR, e.getMessage());
        }
        final List<PageHolder> current = new ArrayList<>();
        final List<PageHolder> earlier = new ArrayList<>();
        for (final PageHolder holder : scan.holders())
        {
            (holder.deleted() ? earlier : current).add(holder);
        }
        if (outcome == BondManager.Outcome.NOT_MANAGED)
        {
            out.println(bond + " is not under exasock management (nothing written)");
        }
        else
        {
            out.println(bond + " is released from exasock management; " + (Files.exists(node) ? node +
                " is still there, but the exasock driver removes its node at once: is " + roots.devDir +
                " where its nodes appear (--dev)?" : "the driver removed " + node + " at once"));
            if (current.isEmpty())
            {
                out.println("no process held " + node);
            }
            else
            {
                out.println("these processes are left holding a frozen page (word 0 = 0, \"no active slave\", for " +
                    "ever); they must open " + node + " again after `exabond manage " + bond + "`:");
                print(out, current);
            }
        }
        if (!earlier.isEmpty())
        {
            out.println("these processes still hold a page of " + bond + " released earlier, frozen (word 0 = 0):");
            print(out, earlier);
        }
        if (scan.unreadable() > 0)
        {
            out.println("(" + scan.unreadable() + " processes could not be inspected; run as root to see them all)");
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void print(final PrintWriter out, final List<PageHolder> holders)
    {
        for (final PageHolder holder : holders)
        {
            out.println("  " + holder);
        }
    }
}
