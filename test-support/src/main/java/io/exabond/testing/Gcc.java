package io.exabond.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the C programs of {@code src/test/c} against {@code native-headers/} with gcc, and runs them, for the
 * tests of this package. Binaries and their output go to {@code target/c-tests/}.
 * <p>
 * When gcc is missing a test is skipped, except when the environment variable {@code CI} is set: there the
 * C side of the ABI must be checked, so the test fails and says what to install.
 */
public final class Gcc
{
    /** The strictest mode the header promises to compile in. */
    public static final List<String> STRICT_C99 = List.of("-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic");

    private static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(120);
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static volatile String missing;
    private static volatile boolean checked;

    private Gcc()
    {
    }

    /**
     * The output of a finished program.
     *
     * @param exitCode its exit status.
     * @param stdout   what it printed on standard output.
     * @param stderr   what it printed on standard error.
     * @param command  what was run, for messages.
     */
    public record Result(int exitCode, String stdout, String stderr, List<String> command)
    {
        /**
         * @return this result, after failing the test with the program's stderr when it did not exit 0.
         */
        public Result assertSuccess()
        {
            if (exitCode != 0)
            {
                Assertions.fail(describe("exited " + exitCode));
            }
            return this;
        }

        public String describe(final String what)
        {
            return String.join(" ", command) + " " + what + "\n--- stderr ---\n" + stderr + "--- stdout ---\n" +
                (stdout.length() > 4000 ? stdout.substring(0, 4000) + "..." : stdout);
        }
    }

    /**
     * Skips the calling test when gcc is missing, or fails it when {@code CI} is set.
     */
    public static void require()
    {
        if (!checked)
        {
            missing = probeGcc();
            checked = true;
        }
        final String problem = missing;
        if (problem != null)
        {
            final String ci = System.getenv("CI");
            if (ci != null && !ci.isEmpty())
            {
                Assertions.fail(problem + " CI is set, so the C side of the ABI must be checked: install gcc " +
                    "(Debian: apt-get install gcc) before running the tests.");
            }
            Assumptions.abort(problem + " Skipped because CI is not set; install gcc to run it.");
        }
    }

    /**
     * @return the project's root folder: the one holding {@code native-headers/exasock-bonding.h}.
     */
    public static Path projectRoot()
    {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null)
        {
            if (Files.isRegularFile(dir.resolve("native-headers/exasock-bonding.h")))
            {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no native-headers/exasock-bonding.h above " + System.getProperty("user.dir"));
    }

    /**
     * @return {@code native-headers/exasock-bonding.h}.
     */
    public static Path header()
    {
        return projectRoot().resolve("native-headers/exasock-bonding.h");
    }

    /**
     * @return {@code target/c-tests/}, created.
     */
    public static Path outputDir()
    {
        final Path dir = Path.of("target", "c-tests").toAbsolutePath();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot create " + dir, e);
        }
        return dir;
    }

    /**
     * Compiles {@code test-support/src/main/c/<name>.c} in {@link #STRICT_C99} mode with {@code -O2} and the header
     * folder on the include path, once per JVM; fails the test with gcc's messages when it does not compile.
     *
     * @param name the program's name, without {@code .c}.
     * @return the executable.
     */
    public static Path build(final String name)
    {
        require();
        return BUILT.computeIfAbsent(name, Gcc::compileProgram);
    }

    /**
     * Runs gcc with these arguments and returns what it said, whether or not it succeeded.
     *
     * @param arguments everything after {@code gcc}.
     * @return the result.
     */
    public static Result gcc(final List<String> arguments)
    {
        require();
        final List<String> command = new ArrayList<>();
        command.add("gcc");
        command.addAll(arguments);
        return run(COMPILE_TIMEOUT, command);
    }

    /**
     * Runs a program to its end, its output collected in files (no pipe can fill up), failing the test when it
     * outlives the timeout.
     *
     * @param timeout how long it may take.
     * @param command the program and its arguments.
     * @return what it printed and its exit status.
     */
    public static Result run(final Duration timeout, final List<String> command)
    {
        final int id = RUNS.incrementAndGet();
        final Path out = outputDir().resolve("run-" + id + ".out");
        final Path err = outputDir().resolve("run-" + id + ".err");
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                Assertions.fail(String.join(" ", command) + " did not finish within " + timeout + "; stderr:\n" +
                    Files.readString(err, StandardCharsets.UTF_8));
            }
            final Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), List.copyOf(command));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /**
     * Parses {@code name value} lines, the output format of the C programs here.
     *
     * @param output the program's stdout.
     * @return the values by name, in order; a name printed twice fails the test.
     */
    public static Map<String, String> keyValues(final String output)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        for (final String line : output.split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final int space = line.indexOf(' ');
            Assertions.assertTrue(space > 0, () -> "not a 'name value' line: '" + line + "'");
            final String previous = values.put(line.substring(0, space), line.substring(space + 1));
            Assertions.assertNull(previous, () -> "printed twice: " + line.substring(0, space));
        }
        return values;
    }

    private static Path compileProgram(final String name)
    {
        final Path root = projectRoot();
        final Path source = root.resolve("test-support/src/main/c/" + name + ".c");
        final Path binary = outputDir().resolve(name);
        final List<String> arguments = new ArrayList<>(STRICT_C99);
        arguments.addAll(List.of("-O2", "-I", root.resolve("native-headers").toString(), "-o", binary.toString(),
            source.toString()));
        final Result result = gcc(arguments);
        if (result.exitCode() != 0)
        {
            Assertions.fail("gcc could not compile " + root.relativize(source) + " against " +
                root.relativize(header()) + ":\n" + result.stderr() + "command: " + String.join(" ", result.command()));
        }
        return binary;
    }

    private static String probeGcc()
    {
        try
        {
            final Process process = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                return "gcc --version did not answer within 30 s.";
            }
            return process.exitValue() == 0 ? null : "gcc --version exited " + process.exitValue() + ".";
        }
        catch (final IOException e)
        {
            return "gcc is not on the PATH (" + e.getMessage() + "): the ABI conformance and C interop tests " +
                "compile C programs against native-headers/exasock-bonding.h.";
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "interrupted while looking for gcc.";
        }
    }
}
