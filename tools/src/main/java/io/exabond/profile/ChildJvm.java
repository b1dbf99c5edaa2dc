package io.exabond.profile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts this program again in a fresh JVM: the same {@code java} binary, JVM options and class path as this one,
 * with native access enabled, running {@code io.exabond.cli.Exabond} with the given arguments.
 */
final class ChildJvm
{
    /** The command line's main class. */
    static final String MAIN_CLASS = "io.exabond.cli.Exabond";

    private ChildJvm()
    {
    }

    /**
     * @param args the sub-command and its arguments.
     * @return the whole command line of the child.
     */
    static List<String> command(final List<String> args)
    {
        return command(javaBinary(), ManagementFactory.getRuntimeMXBean().getInputArguments(), args);
    }

    /**
     * @param java       the {@code java} binary.
     * @param jvmOptions this JVM's options.
     * @param args       the sub-command and its arguments.
     * @return the whole command line of the child.
     */
    static List<String> command(final String java, final List<String> jvmOptions, final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(java);
        // This JVM's own options (EXABOND_JAVA_OPTS: -XX flags, -Xlog with %p in file names) apply to the children
        // too, so that an investigation covers every JVM of the run. Not the launcher's AOT cache: it holds the
        // classes and method profiles of a training run of the command line, and the JVMs measured here start as a
        // feed handler's would.
        for (final String option : jvmOptions)
        {
            if (!option.startsWith("--enable-native-access") && !option.startsWith("--add-exports") &&
                !option.startsWith("-Djava.class.path") && !isAotOption(option))
            {
                command.add(option);
            }
        }
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.addAll(args);
        return command;
    }

    /**
     * Starts a child with stdout and stderr appended to a log file (stdout kept apart when {@code pipeStdout}).
     *
     * @param args       the sub-command and its arguments.
     * @param log        where its stderr (and stdout unless piped) goes.
     * @param pipeStdout keep stdout readable through {@link Process#getInputStream()}.
     * @return the running process.
     * @throws IOException when it cannot be started.
     */
    static Process start(final List<String> args, final Path log, final boolean pipeStdout) throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (!pipeStdout)
        {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        return builder.start();
    }

    /**
     * Asks a child to stop (SIGTERM, so its shutdown hooks run), then kills it if it has not stopped in time.
     *
     * @param process the child.
     * @return its exit code, or -1 when it had to be killed.
     */
    static int stop(final Process process)
    {
        if (process == null)
        {
            return 0;
        }
        try
        {
            process.destroy();
            if (process.waitFor(5, TimeUnit.SECONDS))
            {
                return process.exitValue();
            }
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            return -1;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    /**
     * @param option a JVM option.
     * @return whether it selects, writes or logs an AOT cache or a CDS archive of the application
     *     ({@code -XX:AOTCache=...}, {@code -XX:AOTMode=...}, {@code -XX:+AOTClassLinking},
     *     {@code -XX:SharedArchiveFile=...}, {@code -Xlog:aot*=off}, ...).
     */
    static boolean isAotOption(final String option)
    {
        return option.startsWith("-XX:AOT") || option.startsWith("-XX:+AOT") || option.startsWith("-XX:-AOT") ||
            option.startsWith("-XX:SharedArchiveFile") || option.startsWith("-XX:ArchiveClassesAtExit") ||
            option.startsWith("-Xlog:aot");
    }

    private static String javaBinary()
    {
        return ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
