package io.exabond.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C reference poller ({@code bench/c/poller.c}): compiled with gcc into {@code target/} on first use, then run
 * as a process for one round against the same page as the Java poller.
 */
final class CPoller
{
    /** Where the source lives in a checkout. */
    static final String SOURCE = "bench/c/poller.c";

    private final Path binary;

    private CPoller(final Path binary)
    {
        this.binary = binary;
    }

    /**
     * Finds {@value #SOURCE} in the checkout this program runs from and compiles it when the binary is missing or
     * older than the source.
     *
     * @param log where gcc's output goes.
     * @return the compiled poller.
     * @throws ProfileException when there is no source, no gcc, or it does not compile.
     */
    static CPoller build(final Path log)
    {
        final Path root = checkoutRoot();
        final Path source = root.resolve(SOURCE);
        if (!Files.isRegularFile(source))
        {
            throw new ProfileException("--compare-c needs " + SOURCE + " of an exabond checkout; not found under " +
                root + ". Run ./exabond profile --compare-c from the checkout.");
        }
        final Path binary = root.resolve("target").resolve("exabond-c-poller");
        try
        {
            if (Files.isExecutable(binary) &&
                Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) >= 0)
            {
                return new CPoller(binary);
            }
            Files.createDirectories(binary.getParent());
            final Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
            if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0)
            {
                throw new ProfileException("gcc could not compile " + source + "; see " + log);
            }
            return new CPoller(binary);
        }
        catch (final IOException e)
        {
            if (e.getMessage() != null && e.getMessage().contains("\"gcc\""))
            {
                throw new ProfileException("--compare-c needs gcc to build " + SOURCE +
                    ", and gcc is not on the PATH: " +
                    "apt-get install gcc", e);
            }
            throw new ProfileException("cannot build the C poller: " + e.getMessage(), e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new ProfileException("interrupted while compiling the C poller", e);
        }
    }

    /**
     * @return the compiled binary.
     */
    Path binary()
    {
        return binary;
    }

    /**
     * One round: starts the C poller, waits until it is polling, and collects what it saw.
     *
     * @param page      the page.
     * @param cpu       CPU of the poller, or -1.
     * @param warmup    failovers to discard first.
     * @param flips     failovers to measure.
     * @param timeoutNs give up after this long.
     * @param log       where its stderr goes.
     * @return what it recorded.
     */
    RoundSamples run(final Path page, final int cpu, final long warmup, final long flips, final long timeoutNs,
        final Path log)
    {
        final List<String> command = new ArrayList<>(List.of(binary.toString(), "--page", page.toString(),
            "--count", Long.toString(warmup + flips),
            "--timeout-s", Long.toString(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(timeoutNs)))));
        if (cpu >= 0)
        {
            command.add("--cpu");
            command.add(Integer.toString(cpu));
        }
        final LatencyRecorder recorder = new LatencyRecorder(warmup, flips);
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    final String[] f = line.split(" ");
                    switch (f[0])
                    {
                        case "seen" ->
                        {
                            // seen <generation> <handler latency|-1> <missed before> <detection latency|-1> <hand-off>
                            final long latency = Long.parseLong(f[2]);
                            recorder.seen(Long.parseLong(f[3]), latency >= 0, latency, Long.parseLong(f[4]),
                                Long.parseLong(f[5]), -1);
                        }
                        case "missed" -> recorder.missed(Long.parseLong(f[1]));
                        default ->
                        {
                            // "ready" and "end" carry nothing the recorder needs.
                        }
                    }
                }
            }
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
            final int exit = process.exitValue();
            if (exit == 4)
            {
                throw new ProfileException("the C poller found the page's seqlock odd until its deadline: the " +
                    "publisher of " + page + " stalled mid-write; see " + log);
            }
            if (exit != 0 && exit != 3)
            {
                throw new ProfileException("the C poller failed (exit " + exit + "); see " + log);
            }
        }
        catch (final IOException e)
        {
            throw new ProfileException("cannot run the C poller " + binary + ": " + e.getMessage(), e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new ProfileException("interrupted while the C poller ran", e);
        }
        return recorder.samples();
    }

    private static Path checkoutRoot()
    {
        try
        {
            // tools/target/classes/ when run by ./exabond or Maven: the checkout is the first folder above it that
            // holds the C source.
            Path candidate = Path.of(CPoller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            while (candidate != null)
            {
                if (Files.isRegularFile(candidate.resolve(SOURCE)))
                {
                    return candidate;
                }
                candidate = candidate.getParent();
            }
        }
        catch (final URISyntaxException | SecurityException | NullPointerException e)
        {
            // falls back to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
