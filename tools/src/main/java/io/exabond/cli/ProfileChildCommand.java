package io.exabond.cli;

import io.exabond.profile.ProfileChild;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code exabond profile-child}: the processes {@code exabond profile} starts besides the simulator. Hidden: not
 * for people.
 */
@Command(name = "profile-child", hidden = true,
    description = "Child process of `exabond profile`: echo (the far side of the floor's ping-pong) or first " +
        "(the first failover of a fresh JVM).")
final class ProfileChildCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODE", description = "echo or first")
    String mode;

    @Option(names = "--page", required = true, paramLabel = "PATH", description = "The shared page.")
    Path page;

    @Option(names = "--cpu", defaultValue = "-1", paramLabel = "N", description = "Pin the working thread, -1: no.")
    int cpu;

    @Option(names = "--no-warmup",
        description = "first: turn the poller's warm-up in onStart off, to see what it buys.")
    boolean noWarmup;

    public Integer call()
    {
        switch (mode)
        {
            case "echo" -> ProfileChild.echo(page, cpu);
            case "first" -> spec.commandLine().getOut().println(ProfileChild.first(page, cpu, !noWarmup));
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "MODE must be echo or first");
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
