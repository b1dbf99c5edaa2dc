package io.exabond.cli;

import io.exabond.internal.CpuAffinity;
import io.exabond.profile.IdleStrategies;
import io.exabond.profile.ProfileException;
import io.exabond.profile.ProfileOptions;
import io.exabond.profile.ProfileReport;
import io.exabond.profile.ProfileResult;
import io.exabond.profile.Profiler;
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
            "publisher-to-detection latency (CLOCK_MONOTONIC) per strategy, also as multiples of this " +
                "machine's floor " +
            "(a cache line's one-way trip between two processes, measured each run).",
        "Writes one .hgrm per poller, summary.json and report.html into --out. With BOND or --page it attaches " +
            "to a publisher that is already running and only listens."
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

    public Integer call()
    {
        final ProfileOptions options = options();
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        try
        {
            final ProfileResult result = new Profiler(options, stderr).run();
            final ProfileReport report = new ProfileReport(result);
            report.print(stdout);
            stdout.flush();
            final List<Path> files = report.write();
            stderr.println("profile: wrote " + files.size() + " files to " + options.out() + " (open " +
                options.out().resolve("report.html") + ")");
            stderr.flush();
            return ExitCode.OK;
        }
        catch (final ProfileException e)
        {
            throw new UserException(ExitCode.ERROR, e.getMessage());
        }
        catch (final IOException e)
        {
            throw new UserException(ExitCode.ERROR, "cannot write the report into " + options.out() + ": " +
                e.getMessage());
        }
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
        final Path folder = out != null ? out :
            Path.of("profiles", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")));
        if (Files.exists(folder) && !Files.isDirectory(folder))
        {
            throw new CommandLine.ParameterException(commandLine, "--out " + folder + " exists and is not a folder");
        }
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
