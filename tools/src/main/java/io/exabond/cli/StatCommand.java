package io.exabond.cli;

import io.exabond.counters.CountersFileReader;
import io.exabond.counters.ExabondCounters;
import io.exabond.counters.ProcessCounters;
import io.exabond.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code exabond stat}: every live process's counters, in the manner of Aeron's {@code AeronStat}.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = {
        "Show the counters every exabond process keeps in its counters file (DIR/exabond-counters-PID): per poller " +
            "and bond, failovers, missed failovers, publisher stalls, page releases, the last latency and the " +
            "duty cycle's heartbeat; per bridge, its passes and reaction; per simulator, its failovers.",
        "Refreshes every --interval-ms until Ctrl-C, or prints once with --once. Times are CLOCK_MONOTONIC, shown " +
            "as ages. A process that ended without deleting its file (killed) is shown as dead with its last " +
            "values; --remove-dead deletes such files."
    })
final class StatCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "/dev/shm",
        description = "Folder of the counters files (default: ${DEFAULT-VALUE}; a process started with " +
            "-D" + ExabondCounters.DIRECTORY_PROPERTY + "=DIR writes there).")
    Path dir;

    @Option(names = "--once", description = "Print once and exit.")
    boolean once;

    @Option(names = "--json", description = "One JSON object per process (per refresh) instead of text.")
    boolean json;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "1000",
        description = "Time between two refreshes, 100..60000 (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--pid", paramLabel = "PID", description = "Only this process.")
    Long pid;

    @Option(names = "--remove-dead", description = "Delete the counters files of processes that no longer run, " +
        "saying which, then exit.")
    boolean removeDead;

    private volatile boolean running = true;

    public Integer call()
    {
        if (intervalMs < 100 || intervalMs > 60_000)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval-ms must be 100..60000, not " +
                intervalMs);
        }
        if (!Files.isDirectory(dir))
        {
            throw new UserException(ExitCode.ERROR, dir + " is not a folder: give the folder of the counters " +
                "files with --dir (the processes' -D" + ExabondCounters.DIRECTORY_PROPERTY + ", /dev/shm by default)");
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (removeDead)
        {
            return removeDead(out);
        }
        if (once)
        {
            print(out, false);
            return ExitCode.OK;
        }
        try (StopOnSignal _ = new StopOnSignal("stat", () -> running = false))
        {
            while (running)
            {
                print(out, !json);
                if (out.checkError())
                {
                    return ExitCode.OK;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(intervalMs));
            }
        }
        return ExitCode.OK;
    }

    private void print(final PrintWriter out, final boolean clearScreen)
    {
        final List<ProcessCounters> processes = selected();
        final long nowNs = System.nanoTime();
        if (clearScreen)
        {
            out.print("\u001b[H\u001b[2J");
        }
        if (json)
        {
            for (final ProcessCounters process : processes)
            {
                out.println(json(process, nowNs));
            }
        }
        else
        {
            out.println(Instant.now() + " - " + processes.size() + " exabond process" +
                (processes.size() == 1 ? "" : "es") + " with counters in " + dir);
            for (final ProcessCounters process : processes)
            {
                text(out, process, nowNs);
            }
        }
        out.flush();
    }

    private List<ProcessCounters> selected()
    {
        final List<ProcessCounters> selected = new ArrayList<>();
        for (final ProcessCounters process : ProcessCounters.readAll(dir))
        {
            if (pid == null || process.pid() == pid || process.problem() != null && process.file().getFileName()
                .toString().endsWith("-" + pid))
            {
                selected.add(process);
            }
        }
        return selected;
    }

    private static void text(final PrintWriter out, final ProcessCounters process, final long nowNs)
    {
        out.println();
        if (process.problem() != null)
        {
            out.println(process.file() + ": unreadable: " + process.problem());
            return;
        }
        out.println("pid " + process.pid() + "  " + describe(process.liveness()) + "  started " +
            Instant.ofEpochMilli(process.startMs()) + "  " + process.command());
        if (process.counters().isEmpty())
        {
            out.println("  (no counters)");
        }
        for (final ProcessCounters.Counter counter : process.counters())
        {
            out.println(String.format(Locale.ROOT, "  %3d  %-52s %s", counter.id(), counter.label(),
                value(counter, nowNs, process.liveness())));
        }
    }

    private static String describe(final CountersFileReader.Liveness liveness)
    {
        return switch (liveness)
        {
            case ALIVE -> "running";
            case DEAD -> "DEAD: exited without deleting its file (killed?); the values are its last";
            case PID_REUSED -> "DEAD: its pid now belongs to another process; the values are its last";
        };
    }

    private static String value(final ProcessCounters.Counter counter, final long nowNs,
        final CountersFileReader.Liveness liveness)
    {
        if (counter.type() != null && counter.type().isTimestamp())
        {
            if (counter.value() == 0)
            {
                return "never";
            }
            final String age = Durations.format(nowNs - counter.value()) + " ago";
            return liveness == CountersFileReader.Liveness.ALIVE ? age : age + " (stopped)";
        }
        return String.format(Locale.ROOT, "%,d", counter.value());
    }

    private static Json json(final ProcessCounters process, final long nowNs)
    {
        final Json line = new Json().field("file", process.file().toString());
        if (process.problem() != null)
        {
            return line.field("problem", process.problem());
        }
        final List<Json> counters = new ArrayList<>();
        for (final ProcessCounters.Counter counter : process.counters())
        {
            final Json item = new Json()
                .field("id", counter.id())
                .field("type", counter.type() == null ? "type-" + counter.typeId() : counter.type().metricName())
                .field("bond", counter.bond())
                .field("page", counter.page())
                .field("label", counter.label())
                .field("value", counter.value());
            if (counter.type() != null && counter.type().isTimestamp() && counter.value() != 0)
            {
                item.field("age_ns", nowNs - counter.value());
            }
            counters.add(item);
        }
        return line
            .field("pid", process.pid())
            .field("alive", process.liveness() == CountersFileReader.Liveness.ALIVE)
            .field("liveness", process.liveness().name().toLowerCase(Locale.ROOT))
            .field("started", Instant.ofEpochMilli(process.startMs()).toString())
            .field("command", process.command())
            .array("counters", counters);
    }

    private int removeDead(final PrintWriter out)
    {
        int removed = 0;
        for (final ProcessCounters process : selected())
        {
            if (process.problem() == null && process.liveness() != CountersFileReader.Liveness.ALIVE)
            {
                try
                {
                    Files.deleteIfExists(process.file());
                    out.println("removed " + process.file() + " (pid " + process.pid() + ", " +
                        process.liveness().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
                    removed++;
                }
                catch (final IOException e)
                {
                    throw new UserException(ExitCode.ERROR, "cannot remove " + process.file() + ": " +
                        e.getMessage() + " (run as the user who owns it, or as root)");
                }
            }
        }
        if (removed == 0)
        {
            out.println("no counters file of a dead process in " + dir);
        }
        out.flush();
        return ExitCode.OK;
    }
}
