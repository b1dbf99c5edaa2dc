package io.exabond.bench.pingpong;

import io.exabond.bench.BenchPages;
import io.exabond.internal.LibC;
import io.exabond.page.BondPage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark 4, the driver: the cross-thread and cross-process notice time of a change of word 0, Java against C
 * ({@code bench/c/pingpong.c}), on the same kind of page with the same protocol ({@link PingPongSides}), in rounds that
 * alternate the pairings inside one run so that the machine's load falls on all of them alike.
 * <p>
 * Pairings: Java-Java and C-C as two threads of one process; Java-C, C-Java, Java-Java and C-C as two processes
 * (pinger first). Each run uses a fresh zeroed page file on tmpfs; the pinger times every round trip with
 * {@code CLOCK_MONOTONIC} ({@link System#nanoTime()} in Java, {@code clock_gettime} in C), after unmeasured warm-up
 * exchanges; one-way is half the round trip. Nothing is dropped: every measured exchange is in the percentiles and
 * the maximum.
 * <pre>
 *   PingPongMain --c bench/target/pingpong --out FILE [--rounds 5] [--exchanges 100000] [--warmup 50000] [--no-pin]
 *   PingPongMain pong PAGE CPU      (the Java ponger of a cross-process run; started by the driver)
 * </pre>
 * Exits 1 when any run fails or times out.
 */
public final class PingPongMain
{
    private static final long PROCESS_TIMEOUT_S = 600;

    /** Who pings, who pongs, and how they are separated. */
    enum Pairing
    {
        JAVA_JAVA_THREADS("Java", "Java", false),
        C_C_THREADS("C", "C", false),
        JAVA_C_PROCESSES("Java", "C", true),
        C_JAVA_PROCESSES("C", "Java", true),
        JAVA_JAVA_PROCESSES("Java", "Java", true),
        C_C_PROCESSES("C", "C", true);

        final String pinger;
        final String ponger;
        final boolean processes;

        Pairing(final String pinger, final String ponger, final boolean processes)
        {
            this.pinger = pinger;
            this.ponger = ponger;
            this.processes = processes;
        }

        String label()
        {
            return pinger + " pings, " + ponger + " pongs, " + (processes ? "two processes" : "two threads");
        }

        Pairing cBaseline()
        {
            return processes ? C_C_PROCESSES : C_C_THREADS;
        }
    }

    private final Path cBinary;
    private final int rounds;
    private final int exchanges;
    private final int warmup;
    private final int pingCpu;
    private final int pongCpu;
    private final Path folder;
    private final boolean smoke;
    private final long pageSize = LibC.pageSize();
    private final AtomicReference<Throwable> pongerFailure = new AtomicReference<>();
    private int runs;

    private PingPongMain(final Path cBinary, final int rounds, final int exchanges, final int warmup, final boolean pin,
        final boolean smoke)
    {
        this.smoke = smoke;
        this.cBinary = cBinary;
        this.rounds = rounds;
        this.exchanges = exchanges;
        this.warmup = warmup;
        final boolean canPin = pin && Runtime.getRuntime().availableProcessors() >= 2;
        this.pingCpu = canPin ? 0 : -1;
        this.pongCpu = canPin ? 1 : -1;
        this.folder = BenchPages.newFolder("exabond-pingpong");
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        if (args.length >= 2 && "pong".equals(args[0]))
        {
            System.exit(childPong(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : -1));
        }
        Path cBinary = null;
        Path out = null;
        int rounds = 5;
        int exchanges = 100_000;
        int warmup = 50_000;
        boolean pin = true;
        boolean smoke = false;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--c" -> cBinary = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--exchanges" -> exchanges = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--no-pin" -> pin = false;
                case "--smoke" -> smoke = true;
                default ->
                {
                    System.err.println("pingpong: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (cBinary == null || out == null || !Files.isExecutable(cBinary))
        {
            System.err.println("pingpong: give --c <the pingpong binary built by bench/run> and --out <file>");
            System.exit(2);
        }
        final PingPongMain driver = new PingPongMain(cBinary, rounds, exchanges, warmup, pin, smoke);
        try
        {
            final String report = driver.run();
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.out.print(report);
        }
        catch (final Exception e)
        {
            System.err.println("pingpong: FAILED: " + e.getMessage());
            System.exit(1);
        }
        finally
        {
            BenchPages.deleteFolder(driver.folder);
        }
    }

    private String run() throws Exception
    {
        final Map<Pairing, List<long[]>> results = new EnumMap<>(Pairing.class);
        final Pairing[] order = Pairing.values();
        final long startNs = System.nanoTime();
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < order.length; k++)
            {
                // Rotate the order each round so that no pairing always follows another.
                final Pairing pairing = order[(k + round) % order.length];
                final long[] samples = runOnce(pairing);
                results.computeIfAbsent(pairing, p -> new ArrayList<>()).add(samples);
                System.err.printf("pingpong: round %d %-40s p50 RTT %,d ns%n", round + 1, pairing.label(),
                    percentile(sorted(samples), 50.0));
            }
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        return report(results, seconds);
    }

    private long[] runOnce(final Pairing pairing) throws Exception
    {
        final Path page = folder.resolve("exabond-pingpong-" + (++runs));
        Files.write(page, new byte[(int)pageSize]);
        final Path samplesFile = folder.resolve("samples-" + runs);
        try (Arena arena = Arena.ofShared();
            FileChannel channel = FileChannel.open(page, StandardOpenOption.READ, StandardOpenOption.WRITE);
            BondPage reader = BondPage.open(page))
        {
            final MemorySegment writable = channel.map(FileChannel.MapMode.READ_WRITE, 0, pageSize, arena);
            final long[] samples = new long[exchanges];
            final boolean javaPings = "Java".equals(pairing.pinger);
            final boolean javaPongs = "Java".equals(pairing.ponger);

            if (!pairing.processes && javaPings)
            {
                final Thread ponger = startJavaPonger(reader, writable);
                pingInJava(writable, samples, ponger);
                return samples;
            }
            if (!pairing.processes)
            {
                runProcess(List.of(cBinary.toString(), "threads", page.toString(), Integer.toString(exchanges),
                    Integer.toString(warmup), samplesFile.toString(), Integer.toString(pingCpu),
                    Integer.toString(pongCpu)));
                return readSamples(samplesFile);
            }

            final Process pongProcess = javaPongs ? null :
                start(List.of(cBinary.toString(), "pong", page.toString(), Integer.toString(pongCpu)));
            final Process javaPongProcess = javaPongs && javaPings ? start(javaPongCommand(page)) : null;
            final Thread javaPongThread = javaPongs && !javaPings ? startJavaPonger(reader, writable) : null;
            try
            {
                if (javaPings)
                {
                    pingInJava(writable, samples, javaPongThread);
                    await(javaPongProcess != null ? javaPongProcess : pongProcess, "ponger");
                    return samples;
                }
                final Process cPing = start(List.of(cBinary.toString(), "ping", page.toString(),
                    Integer.toString(exchanges), Integer.toString(warmup), samplesFile.toString(),
                    Integer.toString(pingCpu)));
                await(cPing, "C pinger");
                if (javaPongThread != null)
                {
                    join(javaPongThread);
                    checkPonger();
                }
                if (pongProcess != null)
                {
                    await(pongProcess, "C ponger");
                }
                return readSamples(samplesFile);
            }
            finally
            {
                destroy(pongProcess);
                destroy(javaPongProcess);
            }
        }
    }

    private Thread startJavaPonger(final BondPage reader, final MemorySegment writable)
    {
        final Thread thread = new Thread(() ->
        {
            PingPongSides.pin(pongCpu);
            PingPongSides.pong(reader, writable);
        }, "pingpong-ponger");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> pongerFailure.set(e));
        thread.start();
        return thread;
    }

    private void pingInJava(final MemorySegment writable, final long[] samples, final Thread ponger)
        throws InterruptedException
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread pinger = new Thread(() ->
        {
            PingPongSides.pin(pingCpu);
            PingPongSides.ping(writable, warmup, samples);
        }, "pingpong-pinger");
        pinger.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        pinger.start();
        join(pinger);
        if (ponger != null)
        {
            join(ponger);
        }
        if (failure.get() != null)
        {
            throw new IllegalStateException("the Java pinger failed: " + failure.get().getMessage(), failure.get());
        }
        checkPonger();
    }

    private void checkPonger()
    {
        final Throwable failure = pongerFailure.getAndSet(null);
        if (failure != null)
        {
            throw new IllegalStateException("the Java ponger failed: " + failure.getMessage(), failure);
        }
    }

    private static void join(final Thread thread) throws InterruptedException
    {
        thread.join(TimeUnit.SECONDS.toMillis(PROCESS_TIMEOUT_S));
        if (thread.isAlive())
        {
            throw new IllegalStateException(thread.getName() + " did not finish in " + PROCESS_TIMEOUT_S + " s");
        }
    }

    private List<String> javaPongCommand(final Path page)
    {
        final String java = ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            PingPongMain.class.getName(), "pong", page.toString(), Integer.toString(pongCpu));
    }

    private static Process start(final List<String> command) throws IOException
    {
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void runProcess(final List<String> command) throws IOException, InterruptedException
    {
        await(start(command), command.get(0) + " " + command.get(1));
    }

    private static void await(final Process process, final String what) throws InterruptedException
    {
        if (process == null)
        {
            return;
        }
        if (!process.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException(what + " did not finish in " + PROCESS_TIMEOUT_S + " s");
        }
        if (process.exitValue() != 0)
        {
            throw new IllegalStateException(what + " exited with status " + process.exitValue());
        }
    }

    private static void destroy(final Process process)
    {
        if (process != null && process.isAlive())
        {
            process.destroyForcibly();
        }
    }

    private long[] readSamples(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != exchanges * 8)
        {
            throw new IllegalStateException(file + " has " + bytes.length / 8 + " samples, not " + exchanges);
        }
        final long[] samples = new long[exchanges];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(samples);
        return samples;
    }

    private static int childPong(final Path page, final int cpu)
    {
        try (Arena arena = Arena.ofShared();
            FileChannel channel = FileChannel.open(page, StandardOpenOption.READ, StandardOpenOption.WRITE);
            BondPage reader = BondPage.open(page))
        {
            final MemorySegment writable = channel.map(FileChannel.MapMode.READ_WRITE, 0, reader.size(), arena);
            PingPongSides.pin(cpu);
            PingPongSides.pong(reader, writable);
            return 0;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        catch (final IllegalStateException e)
        {
            System.err.println("pingpong: Java ponger: " + e.getMessage());
            return 3;
        }
    }

    private String report(final Map<Pairing, List<long[]>> results, final double seconds)
    {
        final StringBuilder out = new StringBuilder();
        out.append("Ping-pong: ").append(rounds).append(" rounds x ").append(exchanges)
            .append(" measured exchanges per pairing (after ").append(warmup).append(" warm-up exchanges each run), ")
            .append(pingCpu >= 0 ? "pinger pinned to CPU 0, ponger to CPU 1" : "threads not pinned")
            .append(", clock CLOCK_MONOTONIC, ").append(String.format("%.1f", seconds)).append(" s in all. ")
            .append("One-way = RTT/2 in ns, every exchange counted (no outlier dropped, none can be missed: the ")
            .append("pinger waits for each answer). Ratio = Java pairing / C-C pairing of the same kind.\n\n");
        out.append("| pairing | exchanges | mean | p50 | p90 | p99 | p99.9 | max | p50 ratio to C | mean ratio to C |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final Pairing pairing : Pairing.values())
        {
            final long[] all = sorted(merge(results.get(pairing)));
            final long[] baseline = sorted(merge(results.get(pairing.cBaseline())));
            final boolean isBaseline = pairing == pairing.cBaseline();
            out.append("| ").append(pairing.label())
                .append(" | ").append(all.length)
                .append(" | ").append(String.format("%.1f", mean(all) / 2))
                .append(" | ").append(oneWay(percentile(all, 50)))
                .append(" | ").append(oneWay(percentile(all, 90)))
                .append(" | ").append(oneWay(percentile(all, 99)))
                .append(" | ").append(oneWay(percentile(all, 99.9)))
                .append(" | ").append(oneWay(all[all.length - 1]))
                .append(" | ").append(isBaseline ? "baseline" : ratio(percentile(all, 50), percentile(baseline, 50)))
                .append(" | ").append(isBaseline ? "baseline" : ratio(mean(all), mean(baseline)))
                .append(" |\n");
        }
        out.append("\n| goal | measured (Java-Java / C-C, one-way) | met |\n|---|---|---|\n");
        for (final Pairing pairing : new Pairing[]{Pairing.JAVA_JAVA_THREADS, Pairing.JAVA_JAVA_PROCESSES})
        {
            final long[] java = sorted(merge(results.get(pairing)));
            final long[] c = sorted(merge(results.get(pairing.cBaseline())));
            final double p50 = (double)percentile(java, 50) / percentile(c, 50);
            out.append("| Java ping-pong one-way within 1.15x of C, ")
                .append(pairing.processes ? "two processes" : "two threads").append(" | p50 ")
                .append(ratio(percentile(java, 50), percentile(c, 50))).append(", p90 ")
                .append(ratio(percentile(java, 90), percentile(c, 90))).append(", p99 ")
                .append(ratio(percentile(java, 99), percentile(c, 99))).append(", mean ")
                .append(ratio(mean(java), mean(c))).append(" | ")
                .append(smoke ? "not judged (smoke run)" : p50 <= 1.15 ? "yes (p50)" : "**no** (p50)").append(" |\n");
        }
        out.append("\nPer-round one-way p50 (ns), in the order the rounds ran:\n\n");
        for (final Pairing pairing : Pairing.values())
        {
            out.append("- ").append(pairing.label()).append(": ");
            final List<long[]> list = results.get(pairing);
            for (int i = 0; i < list.size(); i++)
            {
                out.append(i == 0 ? "" : ", ").append(oneWay(percentile(sorted(list.get(i)), 50)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String oneWay(final long rttNs)
    {
        return String.format("%.1f", rttNs / 2.0);
    }

    private static String ratio(final double value, final double baseline)
    {
        return String.format("%.2fx", value / baseline);
    }

    private static long[] merge(final List<long[]> parts)
    {
        final long[] all = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (final long[] part : parts)
        {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static long[] sorted(final long[] samples)
    {
        final long[] copy = samples.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static long percentile(final long[] sorted, final double percent)
    {
        final int index = (int)Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double mean(final long[] samples)
    {
        double sum = 0;
        for (final long sample : samples)
        {
            sum += sample;
        }
        return sum / samples.length;
    }
}
