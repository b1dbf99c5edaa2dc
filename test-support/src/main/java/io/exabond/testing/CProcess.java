package io.exabond.testing;

import org.junit.jupiter.api.Assertions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A C program of this package running beside the test, spoken to line by line: the test waits for a line on
 * its stdout and writes lines to its stdin. Closing it kills the program if it is still running, so a failed
 * test leaves nothing behind.
 */
public final class CProcess implements AutoCloseable
{
    private static final String EOF = "\u0000eof";

    private final List<String> command;
    private final Process process;
    private final Path stderr;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private CProcess(final List<String> command, final Process process, final Path stderr)
    {
        this.command = command;
        this.process = process;
        this.stderr = stderr;
        final Thread pump = new Thread(this::pump, "c-stdout-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * @param command the program and its arguments.
     * @return the running program.
     */
    public static CProcess start(final List<String> command)
    {
        try
        {
            final Path stderr = Files.createTempFile(Gcc.outputDir(), "cprocess-", ".err");
            final Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            return new CProcess(List.copyOf(command), process, stderr);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the next line that starts with a prefix, skipping others.
     *
     * @param prefix  what the line starts with.
     * @param timeout how long to wait.
     * @return the line.
     */
    public String awaitLine(final String prefix, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try
        {
            while (true)
            {
                final String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || EOF.equals(line))
                {
                    Assertions.fail(String.join(" ", command) + (line == null ? " printed no line starting with '" +
                        prefix + "' within " + timeout : " ended before printing '" + prefix + "'") + "; stdout " +
                        seen + "; stderr:\n" + stderrText());
                }
                seen.add(line);
                if (line.startsWith(prefix))
                {
                    return line;
                }
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Writes one line to the program's stdin.
     *
     * @param line the text, without its newline.
     */
    public void send(final String line)
    {
        try
        {
            final OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
        }
        catch (final IOException e)
        {
            Assertions.fail("cannot write to " + String.join(" ", command) + ": " + e.getMessage() + "; stderr:\n" +
                stderrText());
        }
    }

    /**
     * Waits for the program to end and fails the test when it did not exit 0.
     *
     * @param timeout how long to wait.
     */
    public void awaitSuccess(final Duration timeout)
    {
        try
        {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                Assertions.fail(String.join(" ", command) + " did not end within " + timeout + "; stderr:\n" +
                    stderrText());
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Assertions.assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed; stderr:\n" +
            stderrText());
    }

    /**
     * Kills the program if it still runs and removes its stderr file.
     */
    public void close()
    {
        try
        {
            if (process.isAlive())
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(stderr);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot clean up " + String.join(" ", command), e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + String.join(" ", command), e);
        }
    }

    private String stderrText()
    {
        try
        {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private void pump()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.add(line);
            }
        }
        catch (final IOException e)
        {
            lines.add("pump failed: " + e.getMessage());
        }
        lines.add(EOF);
    }
}
