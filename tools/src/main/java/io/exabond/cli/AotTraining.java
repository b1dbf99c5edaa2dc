package io.exabond.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The training run of the JDK's AOT cache: the {@code ./exabond} launcher runs this once after each build with
 * {@code -XX:AOTCacheOutput}, and later JVMs start from the classes it loaded and linked. It runs the commands a user
 * runs most, in one JVM and on a scratch page, with their output discarded: simulate, status in its three formats,
 * watch while a simulator fails over, doctor on that page, and, given a sysfs tree with a bond, bonds, doctor and a
 * bridge of its first bond.
 * Exit codes of the commands do not matter here (a stalled page is a path worth training too); it exits 0 once
 * they have run, and 1 with a message when the scratch folder cannot be used.
 *
 * <p>Usage: {@code AotTraining SCRATCH_DIR [SYSFS_ROOT]}.
 */
public final class AotTraining
{
    private static final long WATCHDOG_SECONDS = 120;

    private final PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), true);
    private final Path scratch;
    private final PrintStream log;

    private AotTraining(final Path scratch, final PrintStream log)
    {
        this.scratch = scratch;
        this.log = log;
    }

    /**
     * @param args the scratch folder (created if missing), then optionally a sysfs tree with a bond (e.g. a capture
     *             of system-tests/real-bond).
     */
    public static void main(final String[] args)
    {
        if (args.length != 1 && args.length != 2)
        {
            System.err.println("usage: AotTraining SCRATCH_DIR [SYSFS_ROOT]");
            System.exit(ExitCode.USAGE);
        }
        final Thread watchdog = new Thread(AotTraining::giveUp, "aot-training-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final AotTraining training = new AotTraining(Path.of(args[0]), err);
        try
        {
            Files.createDirectories(training.scratch);
            // Commands that print to System.out or System.err directly stay quiet too.
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
            training.run(args.length == 2 ? Path.of(args[1]) : null);
        }
        catch (final IOException | RuntimeException e)
        {
            err.println("aot-training: " + e);
            System.exit(ExitCode.ERROR);
        }
        catch (final InterruptedException e)
        {
            err.println("aot-training: interrupted");
            System.exit(ExitCode.ERROR);
        }
        finally
        {
            System.setOut(out);
            System.setErr(err);
        }
        // Ends a bridge that is still running through its shutdown hook, as Ctrl-C would.
        System.exit(ExitCode.OK);
    }

    private void run(final Path sysfs) throws IOException, InterruptedException
    {
        final String page = scratch.resolve("exabond-training").toString();
        final String live = scratch.resolve("exabond-training-live").toString();
        Files.deleteIfExists(Path.of(page));
        Files.deleteIfExists(Path.of(live));

        exabond("--version");
        exabond("--help");
        exabond("status", "--help");
        exabond("status");
        exabond("simulate", "--page", page, "--flips", "3", "--gap-us", "100-200", "--quiet");
        exabond("status", "--page", page);
        exabond("status", "--page", page, "--json");
        exabond("status", "--page", page, "--format", "prometheus");
        exabond("doctor", "--page", page, "--poll-delay-ns", "1000");

        // watch ends after two failovers, or as stalled once the simulator has stopped: either way it ends.
        final Thread simulator = inBackground("simulate", "--page", live, "--flips", "2000", "--gap-us", "500-1500",
            "--quiet");
        waitFor(live, simulator);
        exabond("watch", "--page", live, "--count", "2");
        exabond("watch", "--page", live, "--count", "2", "--json");
        simulator.join();

        final String bond = sysfs == null ? "" : firstBond(sysfs);
        if (!bond.isEmpty())
        {
            exabond("bonds", "--sysfs", sysfs.toString());
            exabond("bonds", "--sysfs", sysfs.toString(), "--json");
            exabond("doctor", "--sysfs", sysfs.toString(), "--json", "--poll-delay-ns", "1000");
            final String bridged = scratch.resolve("exabond-training-bridge").toString();
            Files.deleteIfExists(Path.of(bridged));
            final Thread bridge = inBackground("bridge", bond, "--sysfs", sysfs.toString(), "--page", bridged,
                "--interval-ms", "20");
            waitFor(bridged, bridge);
            exabond("status", "--page", bridged, "--json");
            exabond("doctor", bond, "--sysfs", sysfs.toString(), "--page", bridged, "--json", "--poll-delay-ns",
                "1000");
        }
    }

    private static String firstBond(final Path sysfs) throws IOException
    {
        final Path masters = sysfs.resolve("class/net/bonding_masters");
        if (!Files.isReadable(masters))
        {
            return "";
        }
        final String text = Files.readString(masters).strip();
        final int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    /**
     * Runs one command; its exit code and time go to the training's log (the launcher keeps it in
     * target/exabond/aot-training.log), the only trace of what was trained.
     */
    private int exabond(final String... args)
    {
        final long start = System.nanoTime();
        final int code = Exabond.execute(sink, sink, args);
        log.printf("aot-training: exabond %s: exit %d, %d ms%n", String.join(" ", args), code,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return code;
    }

    private Thread inBackground(final String... args)
    {
        final Thread thread = new Thread(() -> exabond(args), "aot-training-" + args[0]);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Waits until the page a background command publishes reads as fine, or that command has ended.
     */
    private void waitFor(final String page, final Thread publisher) throws InterruptedException
    {
        while (publisher.isAlive() && exabond("status", "--page", page) != ExitCode.OK)
        {
            Thread.sleep(10);
        }
    }

    private static void giveUp()
    {
        try
        {
            TimeUnit.SECONDS.sleep(WATCHDOG_SECONDS);
        }
        catch (final InterruptedException e)
        {
            return;
        }
        // A command that hangs on this machine must not hang the launcher: no cache is written, the launcher runs
        // without one.
        Runtime.getRuntime().halt(ExitCode.ERROR);
    }
}
