package io.exabond.cli;

import io.exabond.json.Json;
import io.exabond.page.BondPage;
import io.exabond.sysfs.InterfaceName;
import io.exabond.page.PageException;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.sysfs.Accounts;
import io.exabond.sysfs.BondDoctor;
import io.exabond.sysfs.CountersScan;
import io.exabond.sysfs.Finding;
import io.exabond.sysfs.NodeUser;
import io.exabond.sysfs.PollDelay;
import io.exabond.sysfs.Severity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code exabond doctor}: every finding about a bond and its page, with severity and the command that fixes it.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {
        "Examine a bond (or every managed bond, or every bond when none is managed) and its page, and print every " +
            "finding with its severity and the exact command that fixes it: monitors off, the driver's monitor " +
            "interval, no members, non-SmartNIC / VLAN / bond slaves, links down, the MAC address pitfall, page " +
            "missing, stale heartbeat, word 0 that disagrees with sysfs active_slave, and the failover budget " +
            "(bonding detection + monitor interval + the reader's poll delay, measured here unless given).",
        "It also checks that the feed handler's user (--as-user) can open /dev/exabond-BOND for reading: the " +
            "exasock driver makes the node crw------- root root and offers no way to change it, so a user other " +
            "than root needs a udev rule (config/udev/60-exabond.rules), which doctor prints.",
        "Exit 0 when there is nothing wrong (notes only), 4 when it found errors or warnings. Reads only."
    })
final class DoctorCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "BOND", description = "The bond; default: all.")
    String bond;

    @Mixin
    SysfsRoots roots;

    @Option(names = "--page", paramLabel = "PATH",
        description = "Check this page file (a bridge's) instead of <dev>/exabond-BOND: its publisher (stalled?) and " +
            "word 0 against sysfs. Without BOND, the bond is the one its status block names, else NAME of a file " +
            "named exabond-NAME.")
    Path page;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Option(names = "--poll-delay-ns", paramLabel = "NS",
        description = "The reader's poll delay for the failover budget; default: measured in-process now.")
    Long pollDelayNs;

    @Option(names = "--as-user", paramLabel = "USER",
        description = "Check that USER (a name, or a uid) can open /dev/exabond-BOND for reading, from the node's " +
            "owner, group and mode and USER's groups in <etc>/passwd and <etc>/group; default: the user running " +
            "doctor (root can open any node, so as root only a note says when no one else can).")
    String asUser;

    @Option(names = "--etc", paramLabel = "DIR", defaultValue = "/etc",
        description = "Folder of the passwd and group files that --as-user and the node's owner are looked up in " +
            "(default: ${DEFAULT-VALUE}).")
    Path etcDir;

    @Option(names = "--counters-dir", paramLabel = "DIR",
        description = "With --page: the folder of the processes' counters files, where the bridge of the page keeps " +
            "its term of the failover budget (default: the -Dexabond.counters.dir of this JVM, else /dev/shm).")
    Path countersDir;

    @Option(names = "--settle-ms", paramLabel = "MS",
        description = "How long to wait before word 0 and sysfs count as disagreeing; default: 2 monitor intervals.")
    Long settleMs;

    public Integer call() throws InterruptedException
    {
        if (pollDelayNs != null && pollDelayNs < 0 || settleMs != null && settleMs < 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--poll-delay-ns and --settle-ms cannot be negative");
        }
        final Accounts accounts = Accounts.read(etcDir);
        final NodeUser reader = reader(accounts);
        final String examined = page != null && bond == null ? bondOfPage(page) : bond;
        final long delay;
        final String label;
        if (pollDelayNs != null)
        {
            delay = pollDelayNs;
            label = "given with --poll-delay-ns";
        }
        else
        {
            final PollDelay measured = PollDelay.measure(1_000);
            delay = measured.medianNs();
            label = "publish to word 0 seen, median of " + measured.samples() + " failovers of a busy-spinning " +
                "FailoverPoller in-process, " + measured.missed() + " not timed, System.nanoTime (CLOCK_MONOTONIC), " +
                "on this machine: " + measured.machine();
        }
        final BondDoctor doctor = new BondDoctor(roots.sysfs(), roots.devDir, page, delay, label,
            settleMs == null ? -1 : settleMs, reader, accounts)
            .countersDirectory(countersDir != null ? countersDir : CountersScan.defaultDirectory());
        final List<Finding> findings = doctor.examine(examined);
        int errors = 0;
        int warnings = 0;
        for (final Finding finding : findings)
        {
            errors += finding.severity() == Severity.ERROR ? 1 : 0;
            warnings += finding.severity() == Severity.WARNING ? 1 : 0;
        }
        final int exit = errors + warnings > 0 ? ExitCode.PROBLEMS : ExitCode.OK;
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final List<Json> items = new ArrayList<>();
            for (final Finding finding : findings)
            {
                items.add(new Json()
                    .field("severity", finding.severity().label())
                    .field("code", finding.code())
                    .field("subject", finding.subject())
                    .field("message", finding.message())
                    .field("fix", finding.fix()));
            }
            out.println(new Json().array("findings", items).field("errors", errors).field("warnings", warnings)
                .field("exit", exit));
        }
        else
        {
            for (final Finding finding : findings)
            {
                out.printf("%-7s %-18s %s: %s%n", finding.severity().label(), finding.code(), finding.subject(),
                    finding.message());
                if (finding.fix() != null)
                {
                    out.printf("        fix: %s%n", finding.fix());
                }
            }
            out.printf("%d errors, %d warnings, %d notes%n", errors, warnings, findings.size() - errors - warnings);
        }
        out.flush();
        return exit;
    }

    /**
     * The user who must open the node: {@code --as-user}'s, else this process's, whose groups the kernel gives;
     * null (no check) when even that cannot be read.
     */
    private NodeUser reader(final Accounts accounts)
    {
        if (asUser != null)
        {
            try
            {
                return accounts.user(asUser);
            }
            catch (final IllegalArgumentException e)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "bad --as-user: " + e.getMessage());
            }
        }
        try
        {
            return NodeUser.current();
        }
        catch (final IllegalStateException e)
        {
            return null;
        }
    }

    /**
     * The bond a page mirrors when no BOND is given: the name in its status block, else NAME of a file named
     * {@code exabond-NAME}; either only when it is a valid interface name, since it is then echoed into the commands
     * that findings suggest.
     */
    private String bondOfPage(final Path path)
    {
        String fromBlock = null;
        try (BondPage mapped = BondPage.open(path))
        {
            final StatusSnapshot snapshot = new StatusSnapshot();
            if (new StatusBlockReader(mapped.segment()).read(snapshot, PageView.STALL_TIMEOUT_NS) ==
                StatusBlockReader.Status.CONSISTENT)
            {
                fromBlock = snapshot.bondName();
            }
        }
        catch (final PageException | InternalError e)
        {
            // Missing or unreadable: doctor reports it as a finding; the name may still come from the file name.
        }
        if (fromBlock != null && InterfaceName.problem(fromBlock) == null)
        {
            return fromBlock;
        }
        final Path fileName = path.getFileName();
        final String file = fileName == null ? "" : fileName.toString();
        final String fromFile = file.startsWith(BondMetrics.PAGE_PREFIX) ?
            file.substring(BondMetrics.PAGE_PREFIX.length()) : null;
        if (fromFile != null && InterfaceName.problem(fromFile) == null)
        {
            return fromFile;
        }
        final String why = fromBlock != null ? "its status block names " + InterfaceName.quote(fromBlock) +
            ", not an interface name" : "no status block";
        throw new CommandLine.ParameterException(spec.commandLine(), "--page " + path + " names no bond (" + why +
            ", and the file is not named exabond-BOND): give the BOND it mirrors, e.g. exabond doctor bond0 --page " +
            "PATH");
    }
}
