package io.exabond.cli;

import io.exabond.page.BondPage;
import io.exabond.sysfs.InterfaceName;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * The page a command reads: a bond's device node ({@code BOND}, under {@code --dev}) or a page file
 * ({@code --page PATH}).
 */
final class PageTarget
{
    @Parameters(index = "0", arity = "0..1", paramLabel = "BOND",
        description = "Bond whose page /dev/exabond-BOND to read (or give --page).")
    String bond;

    @Option(names = "--page", paramLabel = "PATH", description = "Read this page file or device instead.")
    Path page;

    @Option(names = "--dev", paramLabel = "DIR", defaultValue = "/dev",
        description = "Folder of the exabond device nodes (default: ${DEFAULT-VALUE}).")
    Path devDir;

    Path path(final CommandSpec spec)
    {
        if ((bond == null) == (page == null))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "give either a BOND or --page PATH (exactly one of them)");
        }
        if (page != null)
        {
            return page;
        }
        final String problem = InterfaceName.problem(bond);
        if (problem != null)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "bad BOND: " + problem);
        }
        return BondPage.devicePath(devDir, bond);
    }

    BondPage open(final CommandSpec spec)
    {
        final Path path = path(spec);
        return page != null ? BondPage.open(path) : BondPage.openBond(devDir, bond);
    }

    String name(final CommandSpec spec)
    {
        return bond != null ? bond : path(spec).getFileName().toString();
    }
}
