package io.exabond.sysfs;

import io.exabond.counters.CounterKey;
import io.exabond.counters.CountersFileDescriptor;
import io.exabond.counters.CountersFileException;
import io.exabond.counters.CountersFileReader;
import io.exabond.counters.ExabondCounters;
import io.exabond.counters.ProcessCounters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One read of a folder of counters files ({@link ExabondCounters}) for one page: the live processes that keep counters
 * of it (pollers, a bridge, a simulator), the dead ones that did, and the files that could not be read at all. What
 * {@code doctor} and {@code profile} take the bridge's term from ({@link BridgeTerm#readForBudget}), and what
 * {@code status --format prometheus} exports. A page is matched by its absolute, normalized path, as its writers key
 * it ({@link #pageKey(Path)}); a dead process's counters are never taken for a live one's.
 *
 * @param directory  the folder read.
 * @param page       the page's key.
 * @param live       the processes that run and have at least one counter of the page, in file-name order.
 * @param dead       the processes that no longer run (killed, so their file remains) and had a counter of the page.
 * @param unreadable the files that could not be read (truncated, another layout version, being created), each with
 *                   its {@link ProcessCounters#problem()}, whose writer may still run (the pid in the file's name
 *                   is alive): whose counters they hold cannot be told. One named for a pid that has gone is left
 *                   out. A folder that cannot be listed is one of them.
 */
public record CountersScan(Path directory, String page, List<ProcessCounters> live, List<ProcessCounters> dead,
    List<ProcessCounters> unreadable)
{
    /**
     * The folder where processes keep their counters files unless told otherwise: the one the system property
     * {@value ExabondCounters#DIRECTORY_PROPERTY} names, else {@code /dev/shm}, as {@link ExabondCounters#forProcess()}
     * chooses it.
     *
     * @return the folder.
     */
    public static Path defaultDirectory()
    {
        final String configured = System.getProperty(ExabondCounters.DIRECTORY_PROPERTY);
        return configured != null && !configured.isEmpty() ? Path.of(configured) : ExabondCounters.DEFAULT_DIRECTORY;
    }

    /**
     * @param page a page file.
     * @return how this project's writers key it in their counters: its absolute, normalized path.
     */
    public static String pageKey(final Path page)
    {
        return page.toAbsolutePath().normalize().toString();
    }

    /**
     * Reads every counters file of a folder and keeps what concerns a page.
     *
     * @param directory the folder of the counters files; one that does not exist holds none.
     * @param page      the page.
     * @return the scan; it never throws for a file or folder that cannot be read, which is in {@link #unreadable()}.
     */
    public static CountersScan of(final Path directory, final Path page)
    {
        final String key = pageKey(page);
        final String kept = CounterKey.kept(key);
        final List<ProcessCounters> live = new ArrayList<>();
        final List<ProcessCounters> dead = new ArrayList<>();
        final List<ProcessCounters> unreadable = new ArrayList<>();
        final List<ProcessCounters> all;
        try
        {
            all = ProcessCounters.readAll(directory);
        }
        catch (final CountersFileException e)
        {
            unreadable.add(new ProcessCounters(directory, 0, null, 0, "", List.of(), e.getMessage()));
            return new CountersScan(directory, key, List.of(), List.of(), List.copyOf(unreadable));
        }
        for (final ProcessCounters process : all)
        {
            if (process.problem() != null)
            {
                if (mayRun(process.file()))
                {
                    unreadable.add(process);
                }
            }
            else if (process.counters().stream().anyMatch(counter -> counter.page().equals(kept)))
            {
                (process.liveness() == CountersFileReader.Liveness.ALIVE ? live : dead).add(process);
            }
        }
        return new CountersScan(directory, key, List.copyOf(live), List.copyOf(dead), List.copyOf(unreadable));
    }

    /**
     * A file whose header cannot be read does not say who wrote it, but its name does: one named for a pid that no
     * process has (a writer killed while it created the file, say) cannot hold a live process's counters, and is
     * left out rather than reported at every read.
     */
    private static boolean mayRun(final Path file)
    {
        final Path name = file.getFileName();
        final String pid = name == null ? "" : name.toString().substring(Math.min(name.toString().length(),
            CountersFileDescriptor.FILE_PREFIX.length()));
        try
        {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        }
        catch (final NumberFormatException e)
        {
            return true;
        }
    }

    /**
     * @param process a process of {@link #live()} or {@link #dead()}.
     * @return its counters of the page, in id order.
     */
    public List<ProcessCounters.Counter> countersOf(final ProcessCounters process)
    {
        final String kept = CounterKey.kept(page);
        return process.counters().stream().filter(counter -> counter.page().equals(kept)).toList();
    }

    /**
     * @param process a file of {@link #unreadable()}.
     * @return the line {@code exabond stat} prints for it: {@code FILE: unreadable: WHY}.
     */
    public static String unreadableLine(final ProcessCounters process)
    {
        return process.file() + ": unreadable: " + process.problem();
    }

    /**
     * @param process a process of {@link #dead()}.
     * @return one line naming its file and pid and why it counts as dead, in {@code exabond stat}'s words.
     */
    public static String deadLine(final ProcessCounters process)
    {
        return process.file() + ": pid " + process.pid() + " " + describe(process.liveness());
    }

    /**
     * @param liveness whether a counters file's writer runs.
     * @return how {@code exabond stat} says it.
     */
    public static String describe(final CountersFileReader.Liveness liveness)
    {
        return switch (liveness)
        {
            case ALIVE -> "running";
            case DEAD -> "DEAD: exited without deleting its file (killed?); the values are its last";
            case PID_REUSED -> "DEAD: its pid now belongs to another process; the values are its last";
        };
    }

    /**
     * @return the command that deletes the files of dead processes in this scan's folder.
     */
    public String removeDeadCommand()
    {
        return "exabond stat --remove-dead" + (directory.equals(ExabondCounters.DEFAULT_DIRECTORY) ? "" :
            " --dir " + directory);
    }
}
