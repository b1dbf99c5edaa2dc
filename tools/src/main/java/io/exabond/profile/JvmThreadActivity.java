package io.exabond.profile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often the other threads of this JVM ran while the Java poller was measured: the profiler's own thread, the
 * JIT compilers, the GC's and the VM's service threads. On a machine with as many CPUs as busy threads (a spinning
 * poller and a busy-waiting publisher on two CPUs), each time one of them runs it takes a CPU from the poller or
 * the publisher, which the C poller, a process of one thread, never suffers; the report names them beside the
 * Java/C ratio. Counted from the context switches in {@code /proc/self/task/<tid>/status} (voluntary: woke from a
 * wait; involuntary: preempted while running), read only between rounds.
 */
final class JvmThreadActivity
{
    private final Map<Long, Counts> start = new HashMap<>();
    private final Map<String, Long> woken = new TreeMap<>();

    private record Counts(String name, long switches)
    {
    }

    /**
     * Remembers every thread's context switches now: call before a Java round.
     */
    void beforeRound()
    {
        start.clear();
        start.putAll(snapshot());
    }

    /**
     * Adds what each thread but {@code exclude} did since {@link #beforeRound()}: call after the round.
     *
     * @param exclude the poller's thread name prefix, which is measured, not counted.
     */
    void afterRound(final String exclude)
    {
        for (final Map.Entry<Long, Counts> entry : snapshot().entrySet())
        {
            final Counts now = entry.getValue();
            if (now.name().startsWith(exclude))
            {
                continue;
            }
            final Counts before = start.get(entry.getKey());
            final long delta = now.switches() - (before == null ? 0 : before.switches());
            if (delta > 0)
            {
                woken.merge(kind(now.name()), delta, Long::sum);
            }
        }
    }

    /**
     * @return context switches per kind of thread over all rounds, e.g. {@code "C2 compiler" -> 21}, by name; empty
     *         where {@code /proc} cannot be read.
     */
    Map<String, Long> woken()
    {
        return Collections.unmodifiableMap(new TreeMap<>(woken));
    }

    /**
     * @param woken what {@link #woken()} gave.
     * @return the threads and their counts in one phrase, most active first, e.g. "C2 compiler 21, the profiler's
     *         main thread 8"; "none" when no other thread ran.
     */
    static String describe(final Map<String, Long> woken)
    {
        if (woken.isEmpty())
        {
            return "none";
        }
        final StringBuilder text = new StringBuilder();
        woken.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(e -> text.append(text.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
        return text.toString();
    }

    private static String kind(final String name)
    {
        // Numbered threads of one kind ("C2 CompilerThre0", "C2 CompilerThre1") are one line of the report.
        final String trimmed = name.replaceAll("\\d+$", "");
        // /proc shows 15 characters of a name; the main thread carries the process's name.
        return switch (trimmed)
        {
            case "java", "main" -> "the profiler's main thread";
            case "C2 CompilerThre" -> "C2 compiler";
            case "C1 CompilerThre" -> "C1 compiler";
            case "Monitor Deflati" -> "monitor deflation";
            case "VM Periodic Tas" -> "VM periodic task";
            case "Service Thread" -> "service thread";
            case "process reaper" -> "process reaper (the C poller's exit)";
            default -> trimmed;
        };
    }

    private static Map<Long, Counts> snapshot()
    {
        final Map<Long, Counts> counts = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task")))
        {
            for (final Path task : tasks)
            {
                read(task, counts);
            }
        }
        catch (final IOException | RuntimeException e)
        {
            // No /proc (not Linux, or hidden): the report then says nothing of other threads.
        }
        return counts;
    }

    private static void read(final Path task, final Map<Long, Counts> counts)
    {
        try
        {
            String name = "?";
            long switches = 0;
            for (final String line : Files.readAllLines(task.resolve("status")))
            {
                if (line.startsWith("Name:"))
                {
                    name = line.substring(5).trim();
                }
                else if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:"))
                {
                    switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            counts.put(Long.parseLong(task.getFileName().toString()), new Counts(name, switches));
        }
        catch (final IOException | RuntimeException e)
        {
            // The thread ended between the listing and the read: it has nothing more to count.
        }
    }
}
