package io.exabond;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the exabond command line in a separate JVM, with this JVM's java binary and class path.
 */
public final class ChildJvm
{
    private ChildJvm()
    {
    }

    /**
     * @param log  file that receives the child's stdout and stderr.
     * @param args arguments of {@code exabond}.
     * @return the running child.
     * @throws IOException when it cannot be started.
     */
    public static Process exabond(final Path log, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.exabond.cli.Exabond");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
