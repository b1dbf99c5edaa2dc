package io.exabond.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The facts every published figure names: CPUs, CPU model, kernel, JDK, clock source and load.
 *
 * @param nproc       CPUs online ({@code nproc}).
 * @param cpuModel    {@code model name} from {@code /proc/cpuinfo}.
 * @param kernel      {@code uname -r}.
 * @param jdk         the running JVM's version and name.
 * @param clocksource the kernel's clock source behind {@code CLOCK_MONOTONIC}, e.g. {@code tsc}.
 * @param loadAverage {@code /proc/loadavg}'s first three fields, as {@code uptime} shows them.
 */
public record MachineInfo(int nproc, String cpuModel, String kernel, String jdk, String clocksource,
    String loadAverage)
{
    /**
     * @return this machine's facts now.
     */
    public static MachineInfo current()
    {
        return new MachineInfo(
            Runtime.getRuntime().availableProcessors(),
            readCpuModel(),
            System.getProperty("os.version"),
            Runtime.version() + " (" + System.getProperty("java.vm.name") + ", " +
                System.getProperty("java.vm.vendor") +
                ")",
            firstLine(Path.of("/sys/devices/system/clocksource/clocksource0/current_clocksource"), "unknown"),
            loadAverageNow());
    }

    /**
     * @return the 1, 5 and 15 minute load averages now, e.g. {@code "1.02 0.87 0.60"}.
     */
    public static String loadAverageNow()
    {
        final String line = firstLine(Path.of("/proc/loadavg"), "");
        final String[] fields = line.split(" ");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
    }

    private static String readCpuModel()
    {
        try
        {
            final List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (final String line : lines)
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException e)
        {
            // falls through
        }
        return "unknown";
    }

    private static String firstLine(final Path path, final String otherwise)
    {
        try
        {
            final List<String> lines = Files.readAllLines(path);
            return lines.isEmpty() ? otherwise : lines.getFirst().trim();
        }
        catch (final IOException e)
        {
            return otherwise;
        }
    }
}
