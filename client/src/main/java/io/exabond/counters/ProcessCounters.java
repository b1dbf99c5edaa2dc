package io.exabond.counters;

import org.agrona.concurrent.status.CountersReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One read of one process's counters file: who wrote it, whether it still runs, and every counter allocated in it at
 * the moment of the read; or why the file could not be read. For tools: allocates.
 *
 * @param file     the counters file.
 * @param pid      the writer's pid (0 when the file could not be read).
 * @param liveness whether the writer runs (null when the file could not be read).
 * @param startMs  the writer's start time, ms since the epoch.
 * @param command  the writer's command line.
 * @param counters the counters, in id order.
 * @param problem  why the file could not be read, or null.
 */
public record ProcessCounters(Path file, long pid, CountersFileReader.Liveness liveness, long startMs, String command,
    List<Counter> counters, String problem)
{
    /**
     * One counter.
     *
     * @param id     its id in the file.
     * @param type   what it counts, or null for a type this library does not know (a newer writer's).
     * @param typeId its type id.
     * @param bond   the bond it belongs to.
     * @param page   the page's path (its last 96 bytes).
     * @param label  its label.
     * @param value  its value at the read.
     */
    public record Counter(int id, CounterType type, int typeId, String bond, String page, String label, long value)
    {
    }

    /**
     * Reads every counters file of a folder.
     *
     * @param directory the folder, e.g. {@code /dev/shm}.
     * @return one read per file, in name order; a file that could not be read has its {@link #problem()}.
     * @throws CountersFileException when the folder cannot be listed.
     */
    public static List<ProcessCounters> readAll(final Path directory)
    {
        final List<ProcessCounters> all = new ArrayList<>();
        for (final Path file : CountersFileReader.find(directory))
        {
            all.add(read(file));
        }
        return all;
    }

    /**
     * Reads one counters file.
     *
     * @param file the file.
     * @return the read, or the problem.
     */
    public static ProcessCounters read(final Path file)
    {
        try (CountersFileReader reader = CountersFileReader.map(file))
        {
            final CountersReader counters = reader.counters();
            final List<Counter> list = new ArrayList<>();
            counters.forEach((id, typeId, key, label) -> list.add(new Counter(id, CounterType.of(typeId), typeId,
                CounterKey.bond(key, 0), CounterKey.page(key, 0), label, counters.getCounterValue(id))));
            return new ProcessCounters(file, reader.pid(), reader.liveness(), reader.startTimeMs(), reader.command(),
                List.copyOf(list), null);
        }
        catch (final CountersFileException e)
        {
            return new ProcessCounters(file, 0, null, 0, "", List.of(), e.getMessage());
        }
    }

    /**
     * @param type a counter type.
     * @param page a page's path, as keys keep it.
     * @return the value of the first counter of that type and page, or null when the process has none.
     */
    public Long value(final CounterType type, final String page)
    {
        final String kept = CounterKey.kept(page);
        for (final Counter counter : counters)
        {
            if (counter.type() == type && counter.page().equals(kept))
            {
                return counter.value();
            }
        }
        return null;
    }
}
