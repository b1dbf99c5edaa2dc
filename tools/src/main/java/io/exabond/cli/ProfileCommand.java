package io.exabond.cli;

import io.exabond.internal.CpuAffinity;
import io.exabond.page.BondPage;
import io.exabond.profile.IdleStrategies;
import io.exabond.profile.ProfileException;
import io.exabond.profile.ProfileOptions;
import io.exabond.profile.ProfileReport;
import io.exabond.profile.Profiler;
import io.exabond.profile.TriggerKind;
import io.exabond.profile.TriggerOptions;
import io.exabond.profile.TriggerProfiler;
import io.exabond.sysfs.InterfaceName;
import io.exabond.sysfs.BondState;
import io.exabond.sysfs.SlaveState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code exabond profile}: how long after the active link changes does a poller know? Formatting and option checks
 * only; the work is in {@link Profiler} and {@link ProfileReport}.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
    description = {
        "Measure how quickly a FailoverPoller notices a failover: starts the simulator as a separate process on a " +
            "temporary page, polls it from this JVM with each idle strategy, and prints p50..p99.99 and max of the " +
            "latency from the publisher's changed_ns to the entry of the poller's listener (CLOCK_MONOTONIC) per " +
            "strategy, with the poller's detection of word 0 and the hand-off between them beside it, also as " +
            "multiples of this machine's floor (a cache line's one-way trip between two processes, measured each run).",
        "Writes one .hgrm per poller, summary.json and report.html into --out. With BOND or --page it attaches " +
            "to a publisher that is already running and only listens.",
        "With BOND --trigger N --yes it fails the real bond over N times instead and times each failover from " +
            "just before the trigger to the entry of a FailoverPoller's listener, beside doctor's predicted budget."
    })
final class ProfileCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PageTarget target;

    @Option(names = "--flips", paramLabel = "N", defaultValue = "3000",
        description = "Failovers measured per idle strategy, after the warm-up (default: ${DEFAULT-VALUE}).")
    long flips;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "300",
        description = "Failovers discarded at the start of each strategy; their number is printed " +
            "(default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--gap-us", paramLabel = "MIN-MAX", defaultValue = "1000-2000",
        converter = GapRange.Converter.class,
        description = "Random gap between the simulator's failovers, microseconds; it busy-waits between them " +
            "(default: ${DEFAULT-VALUE}: longer than the backoff strategy's longest park, 1 ms).")
    GapRange gap;

    @Option(names = "--idle", paramLabel = "LIST", defaultValue = "spin,yield,backoff,sleep-ns", split = ",",
        description = "Idle strategies to measure, comma separated: noop, spin, yield, backoff, sleep-ns, sleep-ms " +
            "(default: ${DEFAULT-VALUE}).")
    List<String> idle;

    @Option(names = "--publisher-cpu", paramLabel = "N",
        description = "Pin the simulator's publishing thread (and the echo side of the floor) to CPU N.")
    Integer publisherCpu;

    @Option(names = "--poller-cpu", paramLabel = "N",
        description = "Pin the polling thread only (not the JVM: its JIT and GC threads stay free) to CPU N.")
    Integer pollerCpu;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Folder for the .hgrm files, summary.json and report.html (default: profiles/<timestamp>).")
    Path out;

    @Option(names = "--compare-c",
        description = "Also run the C poller (bench/c/poller.c, compiled with gcc into target/) against the same " +
            "publisher, in rounds alternating with the Java busy-spin poller, and print the ratios.")
    boolean compareC;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "4",
        description = "Alternating rounds of each side with --compare-c (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--java-plain-loop", hidden = true,
        description = "With --compare-c: Java polls from a plain poll(); onSpinWait() loop, not an AgentRunner.")
    boolean plainJavaLoop;

    @Option(names = "--first-failover-jvms", paramLabel = "N", defaultValue = "0",
        description = "Also measure the first failover after start in N fresh JVMs (warm-up, then busy spin; " +
            "one failover each, published by this process 500 ms after the JVM's poller went live), one after the " +
            "other; the goal's median needs at least 20 (default: ${DEFAULT-VALUE}: skip).")
    int firstFailoverJvms;

    @Option(names = "--first-failover-cold", hidden = true,
        description = "Fresh JVMs turn the poller's warm-up off (it runs in onStart by default): shows what it buys.")
    boolean firstFailoverCold;

    @Option(names = "--first-failover-settle-ms", hidden = true, defaultValue = "500",
        description = "How long each fresh JVM polls an unchanging page before its failover.")
    long firstFailoverSettleMs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
        description = "The simulator's random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "60",
        description = "With BOND or --page: listen at most S seconds per strategy (default: ${DEFAULT-VALUE}).")
    long maxSeconds;

    @Option(names = "--trigger", paramLabel = "N",
        description = "Fail the real bond BOND over N times (1.." + TriggerOptions.MAX_FAILOVERS + ") and time each " +
            "from just before the trigger to the entry of a FailoverPoller's listener over its page " +
            "(/dev/exabond-BOND under --dev, or --page); needs --yes.")
    Integer trigger;

    @Option(names = "--trigger-by", paramLabel = "KIND", defaultValue = "active-slave",
        description = "With --trigger: active-slave (write bonding/active_slave, alternating over the slaves; the " +
            "write's own time is the kernel's share) or carrier (take the active slave's link down and up again " +
            "through rtnetlink: the bonding driver's miimon detection is in the figure) (default: ${DEFAULT-VALUE}).")
    String triggerBy;

    @Option(names = "--yes",
        description = "With --trigger: confirm that the bond is failed over for real, N times.")
    boolean yes;

    @Option(names = "--trigger-gap-ms", paramLabel = "MIN-MAX",
        description = "With --trigger: random gap before each failover, ms (default: 20 to 20 + two of the " +
            "publisher's intervals, so that a polling publisher is met at every phase of its interval).")
    String triggerGapMs;

    @Option(names = "--trigger-timeout-ms", paramLabel = "MS",
        description = "With --trigger: a failover not at the listener within MS counts as not seen and the run goes " +
            "on (default: 3x doctor's predicted budget, at least 5000).")
    Long triggerTimeoutMs;

    @Option(names = "--sysfs", paramLabel = "ROOT", defaultValue = "/sys",
        description = "With --trigger: where sysfs is mounted (default: ${DEFAULT-VALUE}).")
    Path sysfsRoot;

    @Option(names = "--poll-delay-ns", paramLabel = "NS",
        description = "With --trigger: the reader's poll delay in doctor's predicted budget (default: measured, " +
            "as doctor measures it).")
    Long pollDelayNs;

    public Integer call()
    {
        if (trigger != null)
        {
            return callTrigger();
        }
        for (final String option : List.of("--trigger-by", "--yes", "--trigger-gap-ms", "--trigger-timeout-ms",
            "--sysfs", "--poll-delay-ns"))
        {
            if (matched(option))
            {
                throw new CommandLine.ParameterException(spec.commandLine(), option + " applies only with --trigger N");
            }
        }
        final ProfileOptions options = options();
        try
        {
            return report(new ProfileReport(new Profiler(options, spec.commandLine().getErr()).run()), options.out());
        }
        catch (final ProfileException e)
        {
            throw new UserException(ExitCode.ERROR, e.getMessage());
        }
    }

    private int callTrigger()
    {
        final TriggerOptions options = triggerOptions();
        final TriggerProfiler profiler = new TriggerProfiler(options, spec.commandLine().getErr());
        try
        {
            final BondState bond = profiler.checkBond();
            if (!yes)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), confirmation(options, bond));
            }
            try (StopOnSignal _ = new StopOnSignal("profile", profiler::stop, profiler::restoreNow))
            {
                return report(new ProfileReport(profiler.run()), options.out());
            }
        }
        catch (final ProfileException e)
        {
            throw new UserException(ExitCode.ERROR, e.getMessage());
        }
    }

    /**
     * Prints the report and writes its files into {@code out}, saying where they went.
     */
    private int report(final ProfileReport report, final Path out)
    {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        report.print(stdout);
        stdout.flush();
        try
        {
            final List<Path> files = report.write();
            stderr.println("profile: wrote " + files.size() + " files to " + out + " (open " +
                out.resolve("report.html") + ")");
            stderr.flush();
            return ExitCode.OK;
        }
        catch (final IOException e)
        {
            throw new UserException(ExitCode.ERROR, "cannot write the report into " + out + ": " + e.getMessage());
        }
    }

    /**
     * @return what {@code --yes} confirms: that the live bond is failed over, how often and how.
     */
    private static String confirmation(final TriggerOptions options, final BondState bond)
    {
        final String how = options.kind() == TriggerKind.CARRIER ? "taking its active slave's link down and up " +
            "again" : "writing its active_slave";
        final String slaves = String.join(", ", bond.slaves().stream().map(SlaveState::name).toList());
        return "profile --trigger " + options.failovers() + " fails the live bond " + options.bond() + " over " +
            (options.failovers() + options.warmup()) + " times for real (" + options.warmup() + " of them warm-up), " +
            "by " + how + " (slaves " + slaves + ", " + bond.activeSlave() + " active): its traffic moves with each " +
            "failover. Add --yes to confirm";
    }

    private TriggerOptions triggerOptions()
    {
        final CommandLine commandLine = spec.commandLine();
        if (trigger < 1 || trigger > TriggerOptions.MAX_FAILOVERS)
        {
            throw new CommandLine.ParameterException(commandLine, "--trigger must be 1.." +
                TriggerOptions.MAX_FAILOVERS + " failovers (a bound on failing a live bond over: the most takes " +
                "about an hour at miimon 100), not " + trigger);
        }
        for (final String option : List.of("--compare-c", "--rounds", "--java-plain-loop", "--first-failover-jvms",
            "--first-failover-cold", "--first-failover-settle-ms", "--flips", "--gap-us", "--publisher-cpu",
            "--max-seconds"))
        {
            if (matched(option))
            {
                throw new CommandLine.ParameterException(commandLine, option + " cannot be combined with --trigger: " +
                    "it belongs to the profile of a simulated publisher, and --trigger fails a real bond over");
            }
        }
        if (target.bond == null)
        {
            throw new CommandLine.ParameterException(commandLine, "--trigger needs BOND, the bond to fail over " +
                "(with --page for a bridge's page of it)");
        }
        final String problem = InterfaceName.problem(target.bond);
        if (problem != null)
        {
            throw new CommandLine.ParameterException(commandLine, "bad BOND: " + problem);
        }
        final TriggerKind kind;
        try
        {
            kind = TriggerKind.of(triggerBy);
        }
        catch (final IllegalArgumentException e)
        {
            throw new CommandLine.ParameterException(commandLine, "bad --trigger-by: " + e.getMessage());
        }
        if (matched("--idle") && idle.size() != 1)
        {
            throw new CommandLine.ParameterException(commandLine, "with --trigger, --idle takes one strategy (the " +
                "listener's poller), not " + idle.size());
        }
        final String strategy = matched("--idle") ? idle.getFirst() : TriggerOptions.DEFAULT_IDLE;
        if (!IdleStrategies.ALIASES.contains(strategy))
        {
            throw new CommandLine.ParameterException(commandLine, "bad --idle: unknown idle strategy '" + strategy +
                "'; use one of " + String.join(", ", IdleStrategies.ALIASES));
        }
        final long warm = matched("--warmup") ? warmup : TriggerOptions.DEFAULT_WARMUP;
        if (warm < 0 || warm > TriggerOptions.MAX_WARMUP)
        {
            throw new CommandLine.ParameterException(commandLine, "with --trigger, --warmup must be 0.." +
                TriggerOptions.MAX_WARMUP + ", not " + warm);
        }
        long gapMin = -1;
        long gapMax = -1;
        if (triggerGapMs != null)
        {
            final long[] range = msRange(commandLine, triggerGapMs);
            gapMin = range[0];
            gapMax = range[1];
        }
        if (triggerTimeoutMs != null && (triggerTimeoutMs < 1 || triggerTimeoutMs > 600_000))
        {
            throw new CommandLine.ParameterException(commandLine, "--trigger-timeout-ms must be 1..600000, not " +
                triggerTimeoutMs);
        }
        if (pollDelayNs != null && pollDelayNs < 0)
        {
            throw new CommandLine.ParameterException(commandLine, "--poll-delay-ns cannot be negative");
        }
        checkCpu(commandLine, "--poller-cpu", pollerCpu);
        final Path folder = outFolder(commandLine);
        return new TriggerOptions(target.bond, target.page != null ? target.page :
            BondPage.devicePath(target.devDir, target.bond), sysfsRoot, kind, trigger, (int)warm, gapMin, gapMax,
            triggerTimeoutMs == null ? -1 : triggerTimeoutMs, strategy, pollerCpu == null ? -1 : pollerCpu,
            pollDelayNs == null ? -1 : pollDelayNs, seed, folder, Terminal.isTerminal(Terminal.STDERR), commandLine());
    }

    private static long[] msRange(final CommandLine commandLine, final String text)
    {
        final String[] parts = text.trim().split("-", -1);
        try
        {
            final long min = Long.parseLong(parts[0].trim());
            final long max = parts.length == 2 ? Long.parseLong(parts[1].trim()) : min;
            if (parts.length <= 2 && min >= 0 && max >= min && max <= 60_000)
            {
                return new long[] {min, max};
            }
        }
        catch (final NumberFormatException ignored)
        {
            // falls through to the message below
        }
        throw new CommandLine.ParameterException(commandLine, "bad --trigger-gap-ms '" + text + "': write MIN-MAX " +
            "in milliseconds, 0 <= MIN <= MAX <= 60000, e.g. 20-220");
    }

    private boolean matched(final String option)
    {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private Path outFolder(final CommandLine commandLine)
    {
        final Path folder = out != null ? out :
            Path.of("profiles", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")));
        if (Files.exists(folder) && !Files.isDirectory(folder))
        {
            throw new CommandLine.ParameterException(commandLine, "--out " + folder + " exists and is not a folder");
        }
        return folder;
    }

    private ProfileOptions options()
    {
        final CommandLine commandLine = spec.commandLine();
        if (flips < 1 || flips > 10_000_000)
        {
            throw new CommandLine.ParameterException(commandLine, "--flips must be 1..10000000, not " + flips);
        }
        if (warmup < 0 || warmup > 10_000_000)
        {
            throw new CommandLine.ParameterException(commandLine, "--warmup must be 0..10000000, not " + warmup);
        }
        for (final String alias : idle)
        {
            if (!IdleStrategies.ALIASES.contains(alias))
            {
                throw new CommandLine.ParameterException(commandLine, "bad --idle: unknown idle strategy '" + alias +
                    "'; use some of " + String.join(", ", IdleStrategies.ALIASES));
            }
        }
        if (idle.size() != idle.stream().distinct().count())
        {
            throw new CommandLine.ParameterException(commandLine, "bad --idle: a strategy is listed twice: " + idle);
        }
        if (rounds < 1 || rounds > flips)
        {
            throw new CommandLine.ParameterException(commandLine, "--rounds must be 1..--flips, not " + rounds);
        }
        if (firstFailoverJvms < 0 || firstFailoverJvms > 1000)
        {
            throw new CommandLine.ParameterException(commandLine,
                "--first-failover-jvms must be 0..1000, not " + firstFailoverJvms);
        }
        if (firstFailoverSettleMs < 0 || firstFailoverSettleMs > 60_000)
        {
            throw new CommandLine.ParameterException(commandLine, "--first-failover-settle-ms must be 0..60000");
        }
        if (maxSeconds < 1)
        {
            throw new CommandLine.ParameterException(commandLine, "--max-seconds must be at least 1");
        }
        final Path attach = target.bond != null || target.page != null ? target.path(spec) : null;
        if (attach != null && publisherCpu != null)
        {
            throw new CommandLine.ParameterException(commandLine, "--publisher-cpu applies only to the simulator " +
                "that profile starts; with BOND or --page the publisher is already running");
        }
        checkCpu(commandLine, "--publisher-cpu", publisherCpu);
        checkCpu(commandLine, "--poller-cpu", pollerCpu);
        final Path folder = outFolder(commandLine);
        final boolean terminal = Terminal.isTerminal(Terminal.STDERR);
        return new ProfileOptions(flips, warmup, gap.minUs(), gap.maxUs(), List.copyOf(idle),
            publisherCpu == null ? -1 : publisherCpu, pollerCpu == null ? -1 : pollerCpu, attach, folder, compareC,
            rounds, plainJavaLoop, firstFailoverJvms, !firstFailoverCold, firstFailoverSettleMs, seed, maxSeconds,
                terminal, commandLine());
    }

    private static void checkCpu(final CommandLine commandLine, final String option, final Integer cpu)
    {
        if (cpu == null)
        {
            return;
        }
        final BitSet allowed = CpuAffinity.allowedCpus();
        if (cpu < 0 || !allowed.get(cpu))
        {
            throw new CommandLine.ParameterException(commandLine, option + " " + cpu + ": not a CPU this process may " +
                "run on; it may use " + CpuAffinity.describe(allowed));
        }
    }

    private String commandLine()
    {
        final List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "exabond " + String.join(" ", args.isEmpty() ? List.of("profile") : args);
    }
}
