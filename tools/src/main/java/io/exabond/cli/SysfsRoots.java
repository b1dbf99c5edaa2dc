package io.exabond.cli;

import io.exabond.sysfs.Sysfs;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The roots of the trees a bond-management command reads: sysfs and the folder of the device nodes, so that every
 * such command runs on a fake tree as well as on the host.
 */
final class SysfsRoots
{
    @Option(names = "--sysfs", paramLabel = "ROOT", defaultValue = "/sys",
        description = "Where sysfs is mounted (default: ${DEFAULT-VALUE}).")
    Path sysfsRoot;

    @Option(names = "--dev", paramLabel = "DIR", defaultValue = "/dev",
        description = "Folder of the exabond device nodes (default: ${DEFAULT-VALUE}).")
    Path devDir;

    Sysfs sysfs()
    {
        return new Sysfs(sysfsRoot);
    }
}
