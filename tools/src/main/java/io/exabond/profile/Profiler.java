package io.exabond.profile;

import io.exabond.internal.LibC;
import io.exabond.page.BondPage;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.poller.FailoverPoller;
import io.exabond.sysfs.BridgeTerm;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one profile: the machine's floor, then each idle strategy's poller against a publisher, then (when asked) the
 * C poller in alternating rounds and the first failover of fresh JVMs. Writes nothing itself but a few lines of
 * what it is doing on stderr; {@link ProfileReport} turns the result into tables and files.
 */
public final class Profiler
{
    /** Failovers discarded at the start of every round of the Java/C comparison, on both sides. */
    static final long ROUND_WARMUP = 200;

    private final ProfileOptions options;
    private final PrintWriter err;
    private final Progress progress;
    private Process simulator;
    private Path simulatorLog;

    /**
     * @param options what to run.
     * @param err     where to say what happens.
     */
    public Profiler(final ProfileOptions options, final PrintWriter err)
    {
        this.options = options;
        this.err = err;
        this.progress = new Progress(err, options.progress());
    }

    /**
     * Runs the profile.
     *
     * @return what was measured.
     * @throws ProfileException when a child cannot be started, dies, or the page cannot be used.
     */
    public ProfileResult run()
    {
        final long start = System.nanoTime();
        final MachineInfo machine = MachineInfo.current();
        try
        {
            Files.createDirectories(options.out());
        }
        catch (final IOException e)
        {
            throw new ProfileException("cannot create the output folder " + options.out() + ": " + e.getMessage(), e);
        }
        final Path childLog = options.out().resolve("children.log");
        final Path pageDir = pageDir();

        if (options.pollerCpu() >= 0)
        {
            say("kept " + CpuIsolation.keepThreadsOffCpu(options.pollerCpu()) +
                " threads of this JVM (JIT, GC, main, ...) off " +
                "CPU " + options.pollerCpu() + ", which the poller thread gets");
        }
        say("measuring the clock read and the floor (cache-line ping-pong between two processes) ...");
        final double clockNs = ClockCost.measureNs();
        final PingPong.Floor floor;
        try
        {
            floor = PingPong.measure(pageDir, childLog, options.pollerCpu(), options.publisherCpu(),
                TimeUnit.MILLISECONDS.toNanos(1000));
        }
        catch (final IOException e)
        {
            throw new ProfileException("cannot measure the floor: " + e.getMessage() + " (see " + childLog + ")", e);
        }
        FailoverPoller.warmUp(20_000);

        Path pagePath = options.attach();
        try
        {
            if (options.simulated())
            {
                pagePath = pageDir.resolve("exabond-profile-" + ProcessHandle.current().pid() + ".page");
                startSimulator(pagePath);
            }
            try (BondPage page = BondPage.open(pagePath))
            {
                return measure(machine, clockNs, floor, page, pagePath, childLog, start);
            }
        }
        finally
        {
            progress.clear();
            if (simulator != null)
            {
                ChildJvm.stop(simulator);
                try
                {
                    Files.deleteIfExists(pagePath);
                }
                catch (final IOException e)
                {
                    say("could not delete " + pagePath + ": " + e.getMessage());
                }
            }
        }
    }

    private ProfileResult measure(final MachineInfo machine, final double clockNs, final PingPong.Floor floor,
        final BondPage page, final Path pagePath, final Path childLog, final long start)
    {
        final StatusBlockReader reader = new StatusBlockReader(page.segment());
        final StatusSnapshot snapshot = new StatusSnapshot();
        final boolean timed = reader.read(snapshot) == StatusBlockReader.Status.CONSISTENT;
        if (!timed)
        {
            say(pagePath + " has no status block (a kernel page): failovers are counted, but there is no " +
                "publisher time to measure detection latency against");
        }
        final String publisher = options.simulated() ?
            "exabond simulate (separate JVM, pid " + simulator.pid() + ", gaps " + options.gapMinUs() + "-" +
                options.gapMaxUs() + " us, busy-waiting between failovers, publishing thread CPU " +
                cpuText(options.publisherCpu()) + ")" :
            "already running publisher of " + pagePath + " (attached: only listening)";

        final List<StrategyResult> strategies = new ArrayList<>();
        for (final String idle : options.idle())
        {
            say("polling with idle strategy '" + idle + "': " + options.warmup() + " warm-up + " + options.flips() +
                " measured failovers" + (options.pollerCpu() >= 0 ? ", poller thread on CPU " +
                    options.pollerCpu() : ""));
            final RoundSamples samples = JavaRound.run(page, idle, options.pollerCpu(), options.warmup(),
                options.flips(), roundTimeoutNs(options.warmup() + options.flips()),
                progress.step(idle, options.warmup() + options.flips(), this::publisherAlive));
            checkPublisher();
            strategies.add(StrategyResult.of(idle, List.of(samples)));
        }

        ProfileResult.Comparison comparison = null;
        if (options.compareC())
        {
            comparison = compareWithC(page, pagePath, childLog);
        }

        final boolean block = timed || reader.read(snapshot) == StatusBlockReader.Status.CONSISTENT;
        List<FirstFailover.Sample> firsts = List.of();
        if (options.firstFailoverJvms() > 0)
        {
            // The fresh JVMs get their failover from this process: the busy-waiting simulator would only take a CPU.
            if (simulator != null)
            {
                ChildJvm.stop(simulator);
            }
            say("measuring the first failover of " + options.firstFailoverJvms() + " fresh JVMs, one after the other" +
                (options.firstFailoverWarm() ? "" : ", WITHOUT the warm-up (warmUp(false))") +
                ": each gets one failover " +
                options.firstFailoverSettleMs() + " ms after its poller went live ...");
            firsts = FirstFailover.measure(pageDir(), options.firstFailoverJvms(), options.pollerCpu(),
                options.firstFailoverWarm(), options.firstFailoverSettleMs(), childLog,
                progress.step("fresh JVMs", options.firstFailoverJvms(), () -> true));
        }
        return new ProfileResult(options, machine, MachineInfo.loadAverageNow(), clockNs, floor, publisher,
            pagePath.toString(), block, block ? snapshot.miimonMs() : -1, block ? snapshot.arpIntervalMs() : -1,
            block ? snapshot.monitorIntervalMs() : -1, bridgeTerm(pagePath), strategies, comparison, firsts,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private ProfileResult.Comparison compareWithC(final BondPage page, final Path pagePath, final Path childLog)
    {
        final CPoller c = CPoller.build(childLog);
        final int rounds = options.rounds();
        final long perRound = Math.max(1, options.flips() / rounds);
        say("Java busy-spin" + (options.plainJavaLoop() ? " (plain loop: poll(); onSpinWait())" : "") + " vs C (" +
            c.binary() + "): " + rounds + " alternating rounds of " + ROUND_WARMUP +
            " warm-up + " + perRound + " measured failovers each");
        final List<RoundSamples> java = new ArrayList<>();
        final List<RoundSamples> native_ = new ArrayList<>();
        final JvmThreadActivity others = new JvmThreadActivity();
        final long total = 2L * rounds * (ROUND_WARMUP + perRound);
        final Progress.Step step = progress.step("java vs c", total, this::publisherAlive);
        long done = 0;
        for (int round = 0; round < rounds; round++)
        {
            final long base = done;
            // Alternate who goes first, so neither side always follows the other.
            final boolean javaFirst = round % 2 == 0;
            for (int side = 0; side < 2; side++)
            {
                if (javaFirst == (side == 0))
                {
                    others.beforeRound();
                    java.add(JavaRound.run(page, "spin", options.pollerCpu(), ROUND_WARMUP, perRound,
                        roundTimeoutNs(ROUND_WARMUP + perRound), step.from(base), options.plainJavaLoop()));
                    others.afterRound(JavaRound.THREAD_PREFIX);
                }
                else
                {
                    native_.add(c.run(pagePath, options.pollerCpu(), ROUND_WARMUP, perRound,
                        roundTimeoutNs(ROUND_WARMUP + perRound), childLog));
                }
                done += ROUND_WARMUP + perRound;
                step.update(done);
                checkPublisher();
            }
        }
        return new ProfileResult.Comparison(StrategyResult.of("java-spin", java), StrategyResult.of("c-spin", native_),
            ROUND_WARMUP, others.woken());
    }

    private void startSimulator(final Path pagePath)
    {
        simulatorLog = options.out().resolve("simulator.log");
        final List<String> args = new ArrayList<>(List.of("simulate", "--page", pagePath.toString(), "--flips", "0",
            "--gap-us", options.gapMinUs() + "-" + options.gapMaxUs(), "--seed", Long.toString(options.seed()),
            "--busy-wait", "--quiet"));
        if (options.publisherCpu() >= 0)
        {
            args.add("--cpu");
            args.add(Integer.toString(options.publisherCpu()));
        }
        say("starting the simulator: " + String.join(" ", args));
        try
        {
            simulator = ChildJvm.start(args, simulatorLog, false);
        }
        catch (final IOException e)
        {
            throw new ProfileException("cannot start the simulator: " + e.getMessage(), e);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!hasBlock(pagePath))
        {
            checkPublisher();
            if (System.nanoTime() - deadline > 0)
            {
                throw new ProfileException("the simulator has not published " + pagePath + " within 60 s; see " +
                    simulatorLog);
            }
            sleepMillis(10);
        }
    }

    private static boolean hasBlock(final Path pagePath)
    {
        try
        {
            if (!Files.isRegularFile(pagePath) || Files.size(pagePath) != LibC.pageSize())
            {
                return false;
            }
            try (BondPage page = BondPage.open(pagePath))
            {
                return new StatusBlockReader(page.segment()).hasBlock() && page.groupInfoAcquire() != 0;
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return false;
        }
    }

    private BridgeTerm bridgeTerm(final Path pagePath)
    {
        if (options.simulated())
        {
            return null;
        }
        return BridgeTerm.readForBudget(pagePath, this::say);
    }

    private boolean publisherAlive()
    {
        return simulator == null || simulator.isAlive();
    }

    private void checkPublisher()
    {
        if (simulator != null && !simulator.isAlive())
        {
            throw new ProfileException("the simulator exited early (exit " + simulator.exitValue() + "); see " +
                simulatorLog);
        }
    }

    private long roundTimeoutNs(final long failovers)
    {
        if (!options.simulated())
        {
            return TimeUnit.SECONDS.toNanos(options.maxSeconds());
        }
        return TimeUnit.MICROSECONDS.toNanos(failovers * options.gapMaxUs() * 3) + TimeUnit.SECONDS.toNanos(30);
    }

    private static Path pageDir()
    {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private void say(final String line)
    {
        progress.clear();
        err.println("profile: " + line);
        err.flush();
    }

    static String cpuText(final int cpu)
    {
        return cpu < 0 ? "any (not pinned)" : Integer.toString(cpu);
    }

    private static void sleepMillis(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
