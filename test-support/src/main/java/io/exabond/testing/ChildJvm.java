package io.exabond.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of this project (the CLI or a test main), with the JDK and the class path of the
 * tests: its stdout and stderr are collected line by line so a test can wait for a line, kill it
 * ({@link Process#destroyForcibly()} is SIGKILL) and read everything it printed. The one way the tests of every
 * module start a JVM of their own.
 */
public final class ChildJvm implements AutoCloseable
{
    /**
     * Where a child keeps its counters file (a poller's, a simulator's): under the module's {@code target}, not
     * {@code /dev/shm}, since a child killed with SIGKILL cannot delete it.
     */
    private static final String COUNTERS_DIR = "-Dexabond.counters.dir=" +
        Path.of("target", "child-counters").toAbsolutePath();

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread outPump;
    private final Thread errPump;

    private ChildJvm(final Process process)
    {
        this.process = process;
        this.outPump = pump(process.getInputStream(), out, "out");
        this.errPump = pump(process.getErrorStream(), err, "err");
    }

    /**
     * @param mainClass the class to run.
     * @param args      its arguments.
     * @return the started child.
     */
    public static ChildJvm start(final Class<?> mainClass, final String... args)
    {
        return start(mainClass.getName(), args);
    }

    /**
     * @param mainClass the name of the class to run.
     * @param args      its arguments.
     * @return the started child.
     */
    public static ChildJvm start(final String mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", COUNTERS_DIR,
            "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:-UsePerfData", "-cp", classPath(), mainClass));
        command.addAll(List.of(args));
        try
        {
            return new ChildJvm(new ProcessBuilder(command).start());
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The command line of the exabond CLI in a child JVM with native access, for a test that redirects its output
     * itself.
     *
     * @param args arguments of {@code exabond}.
     * @return the command, ready for a {@link ProcessBuilder}.
     */
    public static List<String> exabondCommand(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", COUNTERS_DIR, "-cp",
            classPath(), "io.exabond.cli.Exabond"));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Starts the exabond CLI in a child JVM, its stdout and stderr going to a file.
     *
     * @param log  file that receives the child's stdout and stderr.
     * @param args arguments of {@code exabond}.
     * @return the running child.
     * @throws IOException when it cannot be started.
     */
    public static Process exabond(final Path log, final String... args) throws IOException
    {
        return new ProcessBuilder(exabondCommand(args)).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
    }

    /**
     * @return the java launcher of the JDK that runs the tests.
     */
    public static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The test JVM's class path: Surefire sets it to the module's test classes, classes and dependencies.
     *
     * @return a class path.
     */
    public static String classPath()
    {
        return System.getProperty("java.class.path");
    }

    /**
     * Waits for a line (on stdout or stderr) that contains some text.
     *
     * @param text    what to wait for.
     * @param timeout how long, in ms.
     * @return the line.
     * @throws AssertionError when the child exits or the time runs out first.
     */
    public String awaitLine(final String text, final long timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        while (System.nanoTime() - deadline < 0)
        {
            final String line = lines.poll(20, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text))
            {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty())
            {
                break;
            }
        }
        throw new AssertionError("no line with '" + text + "' from the child (alive: " + process.isAlive() +
            ")\nstdout:\n" + out + "\nstderr:\n" + err);
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout how long, in ms.
     * @return its exit code.
     * @throws AssertionError when it is still running then (it is killed).
     */
    public int awaitExit(final long timeout) throws InterruptedException
    {
        if (!process.waitFor(timeout, TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("the child did not exit within " + timeout + " ms\nstdout:\n" + out +
                "\nstderr:\n" + err);
        }
        outPump.join(2000);
        errPump.join(2000);
        return process.exitValue();
    }

    /**
     * SIGKILL, then waits for the process to be gone.
     */
    public void kill() throws InterruptedException
    {
        process.destroyForcibly();
        awaitExit(10_000);
    }

    public String stdout()
    {
        return out.toString();
    }

    public String stderr()
    {
        return err.toString();
    }

    public long pid()
    {
        return process.pid();
    }

    /**
     * Kills the child if it still runs, so that no test leaves a process behind.
     */
    public void close()
    {
        process.destroyForcibly();
    }

    private Thread pump(final java.io.InputStream stream, final StringBuffer into, final String name)
    {
        final Thread thread = new Thread(() ->
        {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    into.append(line).append('\n');
                    lines.add(line);
                }
            }
            catch (final IOException ignored)
            {
                // the child is gone
            }
        }, "child-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
