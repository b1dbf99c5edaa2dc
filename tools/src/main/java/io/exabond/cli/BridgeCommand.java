package io.exabond.cli;

import io.exabond.counters.CountersFileException;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.sysfs.InterfaceName;
import io.exabond.sysfs.BondBridge;
import io.exabond.sysfs.BondManagementException;
import io.exabond.sysfs.BridgeContext;
import io.exabond.sysfs.BridgeTerm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code exabond bridge}: publishes a page from a Linux active-backup bond in sysfs, for hosts without exasock.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
    description = {
        "Publish the page of a Linux active-backup bond from sysfs, for hosts without the exasock module: writes " +
            "word 0 and the status block of <sysfs>/class/net/BOND to a page file through the same publisher as " +
            "`simulate`, with a fresh heartbeat each monitor interval (the driver's, or --interval-ms).",
        "By default it listens to rtnetlink link messages and re-reads sysfs as soon as one names the bond or a " +
            "slave, with a full re-read every 2 s (or each interval, if longer) and after a socket overrun; where " +
            "netlink cannot be opened it says so once and polls. --poll re-reads sysfs once per interval instead, so " +
            "the page trails the driver by up to an interval. A --sysfs tree other than the kernel's sysfs (a test " +
            "tree, which no rtnetlink message describes) is polled at the interval, with a note saying so.",
        "SmartNIC ports get their id and port from sysfs or --member; other slaves get 255:255. Survives the bond " +
            "disappearing and coming back (the page stays valid, ACTIVE clear). Ctrl-C or SIGTERM stops it cleanly.",
        "Its passes, mode and measured reaction (message to word 0) are kept in its counters file " +
            "(/dev/shm/exabond-counters-PID, or the folder of -Dexabond.counters.dir), where doctor --page and " +
            "profile --page find its term of the failover budget, and stat and status --format prometheus show them."
    })
final class BridgeCommand implements Callable<Integer>
{
    private static final Pattern MEMBER = Pattern.compile("([^=]+)=(?:exanic)?(\\d{1,3}):(\\d{1,3})");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BOND", description = "The bond to mirror.")
    String bond;

    @Mixin
    SysfsRoots roots;

    @Option(names = "--page", required = true, paramLabel = "PATH",
        description = "Page file to create or reuse, e.g. /dev/shm/exabond-bond0 (never a /dev/exabond-* node).")
    Path page;

    @Option(names = "--interval-ms", paramLabel = "N",
        description = "Monitor interval: between heartbeats (and between passes when polling); default: the " +
            "driver's rule, min(miimon, arp_interval), 0 as 200 ms.")
    Integer intervalMs;

    @Option(names = "--events", description = "Follow rtnetlink link messages (the default).")
    boolean events;

    @Option(names = "--poll", description = "Poll sysfs once per interval instead of following rtnetlink.")
    boolean poll;

    @Option(names = "--member", paramLabel = "IF=ID:PORT",
        description = "SmartNIC id and port of a slave, e.g. eth2=0:1 (or eth2=exanic0:1); repeatable.")
    List<String> members;

    @Option(names = "--quiet", description = "Print nothing but errors and warnings.")
    boolean quiet;

    public Integer call() throws InterruptedException
    {
        final CommandLine commandLine = spec.commandLine();
        if (intervalMs != null && (intervalMs < 1 || intervalMs > 60_000))
        {
            throw new CommandLine.ParameterException(commandLine, "--interval-ms must be 1..60000");
        }
        if (events && poll)
        {
            throw new CommandLine.ParameterException(commandLine, "--events and --poll exclude each other: give one " +
                "(--events is the default)");
        }
        final Map<String, int[]> overrides = parseMembers(commandLine);
        final PrintWriter err = commandLine.getErr();
        if (Files.exists(BondPage.devicePath(roots.devDir, bond)) && !quiet)
        {
            err.println("bridge: note: " + BondPage.devicePath(roots.devDir, bond) + " exists: exasock already " +
                "manages " + bond + "; the bridge writes a separate page at " + page);
        }
        final BondBridge bridge;
        try
        {
            bridge = BondBridge.open(new BridgeContext()
                .sysfs(roots.sysfs())
                .bondName(bond)
                .page(page)
                .memberIds(overrides)
                .intervalMs(intervalMs == null ? 0 : intervalMs)
                .eventDriven(!poll)
                .log(line ->
                {
                    if (!quiet || line.startsWith("warning"))
                    {
                        err.println("bridge: " + line);
                        err.flush();
                    }
                }));
        }
        catch (final BondManagementException | CountersFileException e)
        {
            throw new UserException(ExitCode.ERROR, e.getMessage());
        }
        // The signal's resource closes last: the bridge is closed before a running hook lets the JVM halt.
        try (StopOnSignal _ = new StopOnSignal("bridge", bridge::stop); bridge)
        {
            if (!quiet)
            {
                err.println("bridge: publishing " + bond + " from " + roots.sysfs().netDir(bond) + " to " + page +
                    ": active " + GroupInfo.describe(bridge.publisher().groupInfo()) + ", " +
                    bridge.published().members().size() + " members, " + (bridge.eventDriven() ?
                    "on rtnetlink events, re-read every " + bridge.resyncMs() + " ms, heartbeat every " :
                    "polling every ") + bridge.published().monitorIntervalMs() + " ms, generation " +
                    bridge.publisher().generation() + " (Ctrl-C stops)");
                err.flush();
            }
            bridge.run();
            if (!quiet)
            {
                final BridgeTerm term = bridge.term();
                err.println("bridge: stopped after " + bridge.passes() + " passes" + (!bridge.eventDriven() ? "" :
                    " (" + bridge.eventPasses() + " on rtnetlink events, " + bridge.overruns() + " socket overruns" +
                    (term.measured() ? "; reaction, message to word 0: " + term.reaction() : "") + ")") +
                    "; generation " + bridge.publisher().generation() + "; the page stays valid");
                err.flush();
            }
        }
        return ExitCode.OK;
    }

    private Map<String, int[]> parseMembers(final CommandLine commandLine)
    {
        final Map<String, int[]> overrides = new HashMap<>();
        if (members == null)
        {
            return overrides;
        }
        for (final String member : members)
        {
            final Matcher matcher = MEMBER.matcher(member.trim());
            if (!matcher.matches())
            {
                throw new CommandLine.ParameterException(commandLine, "bad --member '" + member +
                    "': write IF=ID:PORT, e.g. eth2=0:1");
            }
            final String name = matcher.group(1);
            final String problem = InterfaceName.problem(name);
            final int id = Integer.parseInt(matcher.group(2));
            final int port = Integer.parseInt(matcher.group(3));
            if (problem != null || id > 254 || port > 254 || overrides.containsKey(name))
            {
                throw new CommandLine.ParameterException(commandLine, "bad --member '" + member + "': " +
                    (problem != null ? problem : overrides.containsKey(name) ? name + " is given twice" :
                    "id and port go from 0 to 254"));
            }
            overrides.put(name, new int[] {id, port});
        }
        return overrides;
    }
}
