package io.exabond.cli;

import io.exabond.CliRun;
import io.exabond.sysfs.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No command writes to the trees it reads, except {@code manage} and {@code unmanage}, which write one line.
 */
@Timeout(60)
class NoWritesTest
{
    @Test
    void shouldNotWriteAnythingToReadTheHost(@TempDir final Path root)
    {
        final FakeSysfs tree = host(root);
        final String sys = tree.sys().toString();
        final String dev = tree.dev().toString();
        final List<List<String>> commands = List.of(
            List.of("bonds", "--sysfs", sys, "--dev", dev),
            List.of("bonds", "--json", "--sysfs", sys, "--dev", dev),
            List.of("doctor", "--sysfs", sys, "--dev", dev, "--poll-delay-ns", "0", "--settle-ms", "0"),
            List.of("doctor", "bond0", "--json", "--sysfs", sys, "--dev", dev, "--poll-delay-ns", "0"),
            List.of("doctor", "bond1", "--sysfs", sys, "--dev", dev, "--poll-delay-ns", "0"),
            List.of("doctor", "bond0", "--as-user", "65534", "--sysfs", sys, "--dev", dev, "--poll-delay-ns", "0"),
            List.of("status", "bond2", "--dev", dev, "--sysfs", sys),
            List.of("status", "bond0", "--dev", dev),
            List.of("status", "bond0", "--dev", dev, "--format", "prometheus"),
            List.of("manage", "bond1", "--sysfs", sys, "--dev", dev),
            List.of("manage", "bond0", "--sysfs", sys, "--dev", dev),
            List.of("unmanage", "bond1", "--sysfs", sys, "--dev", dev, "--proc", tree.proc().toString()));
        for (final List<String> command : commands)
        {
            final Map<String, String> before = tree.snapshot();
            final CliRun run = CliRun.run(command.toArray(new String[0]));
            assertEquals(before, tree.snapshot(), String.join(" ", command) + "\n" + run);
        }
    }

    @Test
    void shouldWriteExactlyOneLineToManageAndUnmanage(@TempDir final Path root)
    {
        final FakeSysfs tree = host(root);
        final String masters = "sys/class/net/exabond_masters";

        final Map<String, String> beforeManage = tree.snapshot();
        assertEquals(0, CliRun.run("manage", "bond2", "--sysfs", tree.sys().toString()).code());
        assertEquals(Map.of(masters, "+bond2"), difference(beforeManage, tree.snapshot()));

        tree.exasock("bond0", "bond2");
        final Map<String, String> beforeUnmanage = tree.snapshot();
        assertEquals(0, CliRun.run("unmanage", "bond0", "--sysfs", tree.sys().toString(), "--proc",
            tree.proc().toString()).code());
        assertEquals(Map.of(masters, "-bond0"), difference(beforeUnmanage, tree.snapshot()));
    }

    static FakeSysfs host(final Path root)
    {
        final FakeSysfs tree = FakeSysfs.standardHost(root).exasock("bond0")
            .bond("bond1", "balance-rr 0", 0, 0, "02:00:00:00:00:01")
            .activeBackup("bond2", "02:00:00:00:00:02")
            .enslave("bond2", "eth4");
        final String node = tree.kernelPage("bond0", FakeSysfs.active(0, 0)).toString();
        tree.process(77, "reader", List.of("7f0000000000-7f0000001000 r--s 00000000 00:06 1 " + node), List.of());
        return tree;
    }

    private static Map<String, String> difference(final Map<String, String> before, final Map<String, String> after)
    {
        final Map<String, String> changed = new TreeMap<>();
        for (final Map.Entry<String, String> entry : after.entrySet())
        {
            if (!entry.getValue().equals(before.get(entry.getKey())))
            {
                changed.put(entry.getKey(), entry.getValue());
            }
        }
        for (final String key : before.keySet())
        {
            if (!after.containsKey(key))
            {
                changed.put(key, "(removed)");
            }
        }
        return changed;
    }
}
