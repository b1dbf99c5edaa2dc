package io.exabond.cli;

import io.exabond.counters.CountersFileException;
import io.exabond.counters.ExabondCounters;
import io.exabond.page.GroupInfo;
import io.exabond.sysfs.InterfaceName;
import io.exabond.poller.ThreadAffinity;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.MonitorInterval;
import io.exabond.publish.PagePublisher;
import io.exabond.sim.BondSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code exabond simulate}: publishes a simulated bond into a page file and fails it over.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {
        "Publish a simulated bond into a page file (word 0 and the status block) and fail it over between its " +
            "members, as the exasock extension would. The page stays valid and consistent on exit, Ctrl-C included.",
        "--release-after N releases the bond from management once, after N failovers, as the driver does on " +
            "-BOND: the page's path is removed at once, then word 0 = 0 is stored into the old page, which is never " +
            "written again. --remanage-after-ms MS then manages it again MS ms later: a new page file at the same " +
            "path, generation from 0, failing over as before; without it the bond stays released until stopped."
    })
final class SimulateCommand implements java.util.concurrent.Callable<Integer>
{
    private static final long MAX_REMANAGE_MS = 3_600_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--page", required = true, paramLabel = "PATH",
        description = "Page file to create or reuse (exactly one page). Put it on tmpfs, e.g. /dev/shm/exabond-bond0.")
    Path page;

    @Option(names = "--bond", defaultValue = "bond0", paramLabel = "NAME",
        description = "Bond name (default: ${DEFAULT-VALUE}).")
    String bond;

    @Option(names = "--members", defaultValue = "exanic0:0,exanic0:1", paramLabel = "LIST",
        description = "Members: exanicN:P or IFNAME=exanicN:P, comma separated; the first is primary " +
            "(default: ${DEFAULT-VALUE}).")
    String members;

    @Option(names = "--flips", defaultValue = "0", paramLabel = "N",
        description = "Failovers to publish, 0 = until stopped (default: ${DEFAULT-VALUE}).")
    long flips;

    @Option(names = "--gap-us", defaultValue = "1000-5000", paramLabel = "MIN-MAX",
        converter = GapRange.Converter.class,
        description = "Random gap between failovers, microseconds (default: ${DEFAULT-VALUE}).")
    GapRange gap;

    @Option(names = "--miimon-ms", defaultValue = "100", paramLabel = "MS",
        description = "The simulated bond's miimon, 0 = off (default: ${DEFAULT-VALUE}).")
    int miimonMs;

    @Option(names = "--arp-interval-ms", defaultValue = "0", paramLabel = "MS",
        description = "The simulated bond's arp_interval with an ARP target set, 0 = off (default: ${DEFAULT-VALUE}).")
    int arpIntervalMs;

    @Option(names = "--monitor-ms", paramLabel = "M",
        description = "Heartbeat interval; default: the driver's rule, min(miimon, arp_interval) with 0 as 200 ms.")
    Integer monitorMs;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
        description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--busy-wait",
        description = "Spin between failovers instead of parking (one CPU stays busy): for latency measurements.")
    boolean busyWait;

    @Option(names = "--release-after", paramLabel = "N",
        description = "Release the bond from management once, after N failovers (as the driver on -BOND).")
    Long releaseAfter;

    @Option(names = "--remanage-after-ms", paramLabel = "MS",
        description = "After a release, manage the bond again MS ms later, on a new page file at the same path; " +
            "default: stay released until stopped.")
    Long remanageAfterMs;

    @Option(names = "--cpu", paramLabel = "N",
        description = "Pin the publishing thread (only it, not the JVM) to CPU N.")
    Integer cpu;

    public Integer call() throws InterruptedException
    {
        final CommandLine commandLine = spec.commandLine();
        final String bondProblem = InterfaceName.problem(bond);
        if (bondProblem != null)
        {
            throw new CommandLine.ParameterException(commandLine, "bad --bond: " + bondProblem);
        }
        final List<Member> memberList;
        try
        {
            memberList = MemberSpec.parse(members);
        }
        catch (final IllegalArgumentException e)
        {
            throw new CommandLine.ParameterException(commandLine, "bad --members: " + e.getMessage());
        }
        if (memberList.size() < 2 || memberList.size() > io.exabond.page.PageLayout.MAX_MEMBERS)
        {
            throw new CommandLine.ParameterException(commandLine,
                "bad --members: a failover needs 2 to 16 members, not " + memberList.size());
        }
        if (flips < 0 || miimonMs < 0 || arpIntervalMs < 0 || monitorMs != null && monitorMs < 1)
        {
            throw new CommandLine.ParameterException(commandLine,
                "--flips, --miimon-ms and --arp-interval-ms cannot be negative; --monitor-ms must be at least 1");
        }
        checkRelease(commandLine);
        final int interval = monitorMs != null ? monitorMs : MonitorInterval.effectiveMs(miimonMs, arpIntervalMs, true);
        final BondDescription description = new BondDescription(bond, interval, miimonMs, arpIntervalMs, memberList);

        if (cpu != null)
        {
            try
            {
                ThreadAffinity.pinCurrentThread(cpu);
            }
            catch (final IllegalArgumentException e)
            {
                throw new CommandLine.ParameterException(commandLine, "bad --cpu: " + e.getMessage());
            }
        }
        final PrintWriter err = commandLine.getErr();
        // Compiled before going live: interpreted publishing code would put microseconds between changed_ns and
        // the store of word 0, which a reader measuring detection latency would take for its own delay.
        PagePublisher.warmUp(20_000);
        try (PagePublisher publisher = PagePublisher.create(page, description, 0))
        {
            final BondSimulator simulator = new BondSimulator(
                publisher, flips, gap.minUs() * 1000, gap.maxUs() * 1000, seed).busyWait(busyWait);
            try
            {
                // Its failovers and last write, for `exabond stat` and the Prometheus export.
                simulator.counters(ExabondCounters.forProcess());
            }
            catch (final CountersFileException e)
            {
                throw new UserException(ExitCode.ERROR, e.getMessage());
            }
            if (releaseAfter != null)
            {
                simulator.releaseAfter(releaseAfter,
                    remanageAfterMs == null ? -1 : TimeUnit.MILLISECONDS.toNanos(remanageAfterMs));
            }
            simulator.log(line ->
            {
                if (!quiet)
                {
                    err.println("simulate: " + line);
                    err.flush();
                }
            });
            // The signal's resource closes last: the simulator's own page is closed before a hook lets the JVM halt.
            try (StopOnSignal _ = new StopOnSignal("simulate", simulator::stop); simulator)
            {
                if (!quiet)
                {
                    final boolean untilStopped = flips == 0 || releaseAfter != null && remanageAfterMs == null;
                    err.printf("simulating %s on %s: %d members, %s failovers every %d-%d us, heartbeat every %d ms, " +
                        "generation %d%s%s%n", bond, page, memberList.size(),
                        flips == 0 ? "unlimited" : Long.toString(flips), gap.minUs(), gap.maxUs(), interval,
                        publisher.generation(), releasePlan(), untilStopped ? " (Ctrl-C stops)" : "");
                    err.flush();
                }
                final long published = simulator.run(generation -> { });
                final PagePublisher last = simulator.publisher();
                if (!quiet && last.isReleased())
                {
                    err.printf("published %d failovers; released, word 0 = 0 on the old page%n", published);
                    err.flush();
                }
                else if (!quiet)
                {
                    err.printf("published %d failovers; generation %d; active %s; the page stays valid%n", published,
                        last.generation(), GroupInfo.describe(last.groupInfo()));
                    err.flush();
                }
            }
        }
        return ExitCode.OK;
    }

    private String releasePlan()
    {
        if (releaseAfter == null)
        {
            return "";
        }
        return ", released after " + releaseAfter + " failovers" + (remanageAfterMs == null ?
            " until stopped" : " and managed again " + remanageAfterMs + " ms later on a new page");
    }

    private void checkRelease(final CommandLine commandLine)
    {
        if (releaseAfter != null && releaseAfter < 1)
        {
            throw new CommandLine.ParameterException(commandLine, "--release-after must be at least 1 (failovers " +
                "before the release)");
        }
        if (releaseAfter != null && flips > 0 && releaseAfter > flips)
        {
            throw new CommandLine.ParameterException(commandLine, "--release-after " + releaseAfter + " would never " +
                "come: --flips " + flips + " ends the run first");
        }
        if (remanageAfterMs != null && releaseAfter == null)
        {
            throw new CommandLine.ParameterException(commandLine, "--remanage-after-ms needs --release-after: it " +
                "times the new page after a release");
        }
        if (remanageAfterMs != null && (remanageAfterMs < 0 || remanageAfterMs > MAX_REMANAGE_MS))
        {
            throw new CommandLine.ParameterException(commandLine, "--remanage-after-ms must be 0.." +
                MAX_REMANAGE_MS);
        }
    }
}
