package io.exabond.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;

/**
 * Runs the JMH benchmarks of this module with {@code -prof gc} and writes their table and the goals they decide as
 * Markdown, next to JMH's JSON. Used by {@code bench/run}; every benchmark must produce a result, else it exits 1.
 * <pre>
 *   BenchMain [--quick] --json FILE --md FILE --getter LIB [--include REGEX]...
 * </pre>
 * {@code --quick} is the smoke mode CI runs: one fork, no warm-up, one 100 ms iteration per benchmark.
 */
public final class BenchMain
{
    private static final String PACKAGE = "io.exabond.bench.";
    private static final String ALLOC = "gc.alloc.rate.norm";
    /** JMH's own bookkeeping shows as a few thousandths of a byte per op; below this a benchmark allocates nothing. */
    private static final double ZERO_BYTES = 0.1;

    private static final Map<String, String> WHAT = new LinkedHashMap<>();
    private static final Map<String, String> BASELINE = new LinkedHashMap<>();

    static
    {
        final String read = "Word0ReadBenchmark.";
        WHAT.put(read + "unsafeGetIntVolatile", "Unsafe.getIntVolatile on the mapped address (floor)");
        WHAT.put(read + "bondPageGroupInfoAcquire",
            "**our API**: BondPage.groupInfoAcquire() (read by address, tombstone close)");
        WHAT.put(read + "unsafeGetIntVolatileViaObject",
            "Unsafe.getIntVolatile, address in a field of an object in a field (floor for BondPage)");
        WHAT.put(read + "word0AcquireByAddress", "Word0.acquire(address), address in a field (the poller's read)");
        WHAT.put(read + "constantUnsafeGetIntVolatile", "Unsafe.getIntVolatile, address in a static final (floor)");
        WHAT.put(read + "constantSegmentOurApi",
            "**our API, static form**: BondPage.groupInfoAcquire(segment), segment in a static final");
        WHAT.put(read + "constantBondPage", "our API on a BondPage held in a static final (no folding)");
        WHAT.put(read + "constantGlobalSegment", "acquire VarHandle, Arena.global() segment in a static final");
        WHAT.put(read + "constantRecordShared", "acquire VarHandle via a record in a static final (shared arena)");
        WHAT.put(read + "jextractRawPlain", "jextract exabond_grpinfo.raw(segment) (plain load, no acquire)");
        WHAT.put(read + "arenaGlobal", "acquire VarHandle, segment of Arena.global()");
        WHAT.put(read + "arenaShared", "acquire VarHandle, segment of Arena.ofShared()");
        WHAT.put(read + "arenaConfined", "acquire VarHandle, segment of Arena.ofConfined()");
        WHAT.put(read + "arenaAuto", "acquire VarHandle, segment of Arena.ofAuto()");
        WHAT.put(read + "mappedByteBufferViewVarHandle", "byteBufferViewVarHandle getAcquire on FileChannel.map");
        WHAT.put(read + "downcall", "downcall to a C getter (acquire load in C)");
        WHAT.put(read + "downcallCritical", "the same downcall, Linker.Option.critical(false)");
        WHAT.put(read + "sysfsChannelRead", "no library: pread of active_slave into a reused buffer");
        WHAT.put(read + "sysfsReadString", "no library: Files.readString(active_slave)");
        WHAT.put(read + "sysfsRealAttributeRead", "no library, real sysfs: pread of /sys/class/net/lo/operstate");
        final String poll = "PollBenchmark.";
        WHAT.put(poll + "unsafePollNoChange", "the poll loop on Unsafe, no change");
        WHAT.put(poll + "pollNoChange", "**FailoverPoller.poll()**, no change (path check and counters on)");
        WHAT.put(poll + "pollNoChangeTwoBonds", "FailoverPoller.poll() over two bonds' pages, no change");
        WHAT.put(poll + "pollNoChangeFourBonds", "FailoverPoller.poll() over four bonds' pages, no change");
        WHAT.put(poll + "addressPollNoChange", "the poll loop on Word0.acquire(address), no change");
        WHAT.put(poll + "unsafeMinimalPollNoChange", "the same loop on Unsafe (closed check only, no health check)");
        WHAT.put(poll + "unsafePollChanged", "failover + the Unsafe loop noticing it, with snapshot");
        WHAT.put(poll + "pollChanged", "failover + **FailoverPoller.poll()** noticing it, with snapshot");
        WHAT.put(poll + "publishOnly", "failover alone (PagePublisher.publishActive)");
        final String check = "PageCheckBenchmark.";
        WHAT.put(check + "pathCheck", "the poller's release check: one stat(2) of the page's path (PathWatch)");
        WHAT.put(check + "followNewPage",
            "following a re-managed bond's page: BondPage.open + close of a page file, a batch of 100 per op");
        final String snap = "SnapshotBenchmark.";
        WHAT.put(snap + "uncontended", "**StatusBlockReader.read** into a reused snapshot, no writer");
        WHAT.put(snap + "contended", "the same while a writer thread publishes back to back (group)");

        for (final String name : WHAT.keySet())
        {
            if (name.startsWith(read + "constant") && !name.endsWith("UnsafeGetIntVolatile"))
            {
                BASELINE.put(name, read + "constantUnsafeGetIntVolatile");
            }
            else if (name.startsWith(read) && !name.endsWith("nsafeGetIntVolatile"))
            {
                BASELINE.put(name, read + "unsafeGetIntVolatile");
            }
        }
        BASELINE.put(read + "bondPageGroupInfoAcquire", read + "unsafeGetIntVolatileViaObject");
        BASELINE.put(poll + "pollNoChange", poll + "unsafePollNoChange");
        BASELINE.put(poll + "pollNoChangeTwoBonds", poll + "pollNoChange");
        BASELINE.put(poll + "pollNoChangeFourBonds", poll + "pollNoChange");
        BASELINE.put(poll + "addressPollNoChange", poll + "unsafeMinimalPollNoChange");
        BASELINE.put(poll + "pollChanged", poll + "unsafePollChanged");
    }

    private static boolean judge = true;

    private BenchMain()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception when JMH cannot run; a failed benchmark exits 1.
     */
    public static void main(final String[] args) throws Exception
    {
        boolean quick = false;
        Path json = null;
        Path md = null;
        String getter = null;
        final List<String> includes = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--quick" -> quick = true;
                case "--json" -> json = Path.of(args[++i]);
                case "--md" -> md = Path.of(args[++i]);
                case "--getter" -> getter = Path.of(args[++i]).toAbsolutePath().toString();
                case "--include" -> includes.add(args[++i]);
                default ->
                {
                    System.err.println("bench: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (json == null || md == null || getter == null)
        {
            System.err.println("bench: give --json FILE --md FILE --getter LIB");
            System.exit(2);
        }
        if (includes.isEmpty())
        {
            includes.add(PACKAGE.replace(".", "\\.") + ".*");
        }

        final ChainedOptionsBuilder options = new OptionsBuilder()
            .addProfiler(GCProfiler.class)
            .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-D" + Word0ReadBenchmark.GETTER_LIBRARY_PROPERTY + "=" + getter)
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(json.toString());
        for (final String include : includes)
        {
            options.include(include);
        }
        if (quick)
        {
            options.forks(1).warmupIterations(0).measurementIterations(1)
                .warmupTime(TimeValue.milliseconds(100)).measurementTime(TimeValue.milliseconds(100));
        }
        else
        {
            // Five warm-up seconds: on a loaded 2-core machine C2 needed about four to settle on the poll loop.
            options.forks(2).warmupIterations(5).measurementIterations(5)
                .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        }

        final SortedSet<BenchmarkListEntry> expected = BenchmarkList.defaultList().find(
            OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), includes, List.of());
        final Collection<RunResult> results = new Runner(options.build()).run();
        if (results.size() != expected.size())
        {
            System.err.println("bench: FAILED: " + expected.size() + " benchmarks, " + results.size() + " results");
            System.exit(1);
        }
        final String settings = quick ?
            "smoke mode (--quick): -f 1 -wi 0 -i 1 -w 100ms -r 100ms -prof gc; numbers are not meaningful" :
            "-f 2 -wi 5 -w 1s -i 5 -r 1s -prof gc, mode avgt";
        Files.writeString(md, report(results, settings, quick), StandardCharsets.UTF_8);
        System.out.println("bench: " + results.size() + " passed, 0 failed");
    }

    private static String report(final Collection<RunResult> runs, final String settings, final boolean quick)
    {
        final Map<String, RunResult> byName = new LinkedHashMap<>();
        for (final RunResult run : runs)
        {
            byName.put(run.getParams().getBenchmark().substring(PACKAGE.length()), run);
        }
        final StringBuilder out = new StringBuilder();
        out.append("JMH 1.37, ").append(settings).append(". Score = average time per operation; error = 99.9% ")
            .append("confidence half-width (empty with one iteration); B/op = gc.alloc.rate.norm of -prof gc; ")
            .append("ratio = score / baseline score, measured in the same run.\n\n");
        out.append("| benchmark | what | ns/op | error | B/op | baseline | ratio |\n");
        out.append("|---|---|---:|---:|---:|---|---:|\n");
        final List<String> names = new ArrayList<>(WHAT.keySet());
        for (final String name : byName.keySet())
        {
            if (!names.contains(name))
            {
                names.add(name);
            }
        }
        for (final String name : names)
        {
            final RunResult run = byName.get(name);
            if (run == null)
            {
                continue;
            }
            final Result<?> primary = run.getPrimaryResult();
            final String baseline = BASELINE.get(name);
            final RunResult base = baseline == null ? null : byName.get(baseline);
            out.append("| ").append(name)
                .append(" | ").append(WHAT.getOrDefault(name, ""))
                .append(" | ").append(number(primary.getScore()))
                .append(" | ").append(error(primary.getScoreError()))
                .append(" | ").append(bytes(run))
                .append(" | ").append(base == null ? "" : baseline.substring(baseline.indexOf('.') + 1))
                .append(" | ").append(base == null ? "" : ratio(primary.getScore(), base.getPrimaryResult().getScore()))
                .append(" |\n");
        }

        final RunResult contended = byName.get("SnapshotBenchmark.contended");
        if (contended != null)
        {
            final RunResult secondary = contended;
            final double reads = score(secondary, "reads");
            final double retries = score(secondary, "retries");
            out.append("\nContended snapshot: reader ").append(number(score(secondary, "contendedReader")))
                .append(" ns/read, writer ").append(number(score(secondary, "contendedWriter")))
                .append(" ns/publish; ").append(String.format(Locale.ROOT, "%.0f", reads)).append(" reads, ")
                .append(String.format(Locale.ROOT, "%.0f", retries)).append(" retries (")
                .append(String.format(Locale.ROOT, "%.2f", reads == 0 ? 0 : retries / reads))
                .append(" per read), ").append(String.format(Locale.ROOT, "%.0f", score(secondary, "failures")))
                .append(" reads not CONSISTENT (stalled past 50 ms); counters summed over the measured iterations. ")
                .append("Its B/op is per operation of the whole group (reader and writer).\n");
        }

        out.append("\n").append(goals(byName, quick));
        return out.toString();
    }

    private static String goals(final Map<String, RunResult> byName, final boolean quick)
    {
        final StringBuilder out = new StringBuilder("| goal | measured | met |\n|---|---|---|\n");
        judge = !quick;
        final RunResult ours = byName.get("Word0ReadBenchmark.bondPageGroupInfoAcquire");
        final RunResult unsafe = byName.get("Word0ReadBenchmark.unsafeGetIntVolatile");
        final RunResult unsafeViaObject = byName.get("Word0ReadBenchmark.unsafeGetIntVolatileViaObject");
        final RunResult word0 = byName.get("Word0ReadBenchmark.word0AcquireByAddress");
        final RunResult constant = byName.get("Word0ReadBenchmark.constantSegmentOurApi");
        final RunResult constantUnsafe = byName.get("Word0ReadBenchmark.constantUnsafeGetIntVolatile");
        if (ours != null && unsafe != null)
        {
            out.append(readGoal("BondPage.groupInfoAcquire(), page in a field, vs Unsafe on an address in a field",
                ours, unsafe));
        }
        if (ours != null && unsafeViaObject != null)
        {
            out.append(readGoal("BondPage.groupInfoAcquire() vs Unsafe on an address in a field of an object in a " +
                "field (the same loads)", ours, unsafeViaObject));
        }
        if (word0 != null && unsafe != null)
        {
            out.append(readGoal("Word0.acquire(address) (the poller's read) vs Unsafe, both on an address in a field",
                word0, unsafe));
        }
        if (constant != null && constantUnsafe != null)
        {
            out.append(readGoal("BondPage.groupInfoAcquire(segment), segment in a static final, vs Unsafe on an " +
                "address in a static final", constant, constantUnsafe));
        }
        final RunResult poll = byName.get("PollBenchmark.pollNoChange");
        final RunResult unsafePoll = byName.get("PollBenchmark.unsafePollNoChange");
        if (poll != null && unsafePoll != null)
        {
            final double r = score(poll) / score(unsafePoll);
            out.append("| poll() no change within 1.10x of the Unsafe loop, 0 B/op | ")
                .append(ratio(score(poll), score(unsafePoll))).append(", ").append(bytes(poll)).append(" B/op | ")
                .append(yes(r <= 1.10 && allocated(poll) < ZERO_BYTES)).append(" |\n");
        }
        for (final int bonds : new int[] {2, 4})
        {
            final RunResult several = byName.get("PollBenchmark.pollNoChange" + (bonds == 2 ? "Two" : "Four") + "Bonds");
            if (poll != null && several != null)
            {
                final double r = score(several) / score(poll);
                out.append("| poll() over ").append(bonds).append(" pages, no change, at most ").append(bonds)
                    .append("x the single page + 5%, 0 B/op | ").append(ratio(score(several), score(poll)))
                    .append(", ").append(bytes(several)).append(" B/op | ")
                    .append(yes(r <= bonds * 1.05 && allocated(several) < ZERO_BYTES)).append(" |\n");
            }
        }
        final RunResult addressPoll = byName.get("PollBenchmark.addressPollNoChange");
        final RunResult minimalPoll = byName.get("PollBenchmark.unsafeMinimalPollNoChange");
        if (addressPoll != null && minimalPoll != null)
        {
            final double r = score(addressPoll) / score(minimalPoll);
            out.append("| the poll loop on Word0.acquire(address), no change, within 1.10x of the same loop on Unsafe | ")
                .append(ratio(score(addressPoll), score(minimalPoll))).append(", ").append(bytes(addressPoll))
                .append(" B/op | ").append(yes(r <= 1.10 && allocated(addressPoll) < ZERO_BYTES)).append(" |\n");
        }
        final RunResult snapshot = byName.get("SnapshotBenchmark.uncontended");
        if (snapshot != null)
        {
            out.append("| uncontended snapshot 0 B/op | ").append(bytes(snapshot)).append(" B/op | ")
                .append(yes(allocated(snapshot) < ZERO_BYTES)).append(" |\n");
        }
        final RunResult string = byName.get("Word0ReadBenchmark.sysfsReadString");
        final RunResult channel = byName.get("Word0ReadBenchmark.sysfsChannelRead");
        final RunResult real = byName.get("Word0ReadBenchmark.sysfsRealAttributeRead");
        if (ours != null && string != null && channel != null)
        {
            final double faster = Math.min(score(string), score(channel)) / score(ours);
            out.append("| our read >= 1000x faster than re-reading active_slave (temp file, page in a field) | ")
                .append(String.format(Locale.ROOT, "%.0fx", faster)).append(" (the faster way, ")
                .append(score(string) < score(channel) ? "readString" : "pread into a reused buffer").append(") | ")
                .append(yes(faster >= 1000)).append(" |\n");
        }
        if (ours != null && real != null)
        {
            final double faster = score(real) / score(ours);
            out.append("| our read >= 1000x faster than a pread of a real sysfs attribute (page in a field) | ")
                .append(String.format(Locale.ROOT, "%.0fx", faster)).append(" | ").append(yes(faster >= 1000))
                .append(" |\n");
        }
        return out.toString();
    }

    private static String readGoal(final String form, final RunResult ours, final RunResult unsafe)
    {
        final double r = score(ours) / score(unsafe);
        return "| word-0 read within 1.05x of Unsafe, 0 B/op: " + form + " | " + ratio(score(ours), score(unsafe)) +
            ", " + bytes(ours) + " B/op | " + yes(r <= 1.05 && allocated(ours) < ZERO_BYTES) + " |\n";
    }

    private static double score(final RunResult run)
    {
        return run.getPrimaryResult().getScore();
    }

    private static double score(final RunResult run, final String label)
    {
        final Result<?> result = run.getSecondaryResults().get(label);
        return result == null ? Double.NaN : result.getScore();
    }

    private static double allocated(final RunResult run)
    {
        final Result<?> result = run.getSecondaryResults().get(ALLOC);
        return result == null ? Double.NaN : result.getScore();
    }

    private static String bytes(final RunResult run)
    {
        final double b = allocated(run);
        return Double.isNaN(b) ? "n/a" : String.format(Locale.ROOT, "%.3f", b);
    }

    private static String number(final double value)
    {
        if (Double.isNaN(value))
        {
            return "n/a";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String error(final double value)
    {
        return Double.isNaN(value) ? "" : "± " + number(value);
    }

    private static String ratio(final double value, final double baseline)
    {
        return String.format(Locale.ROOT, "%.2fx", value / baseline);
    }

    private static String yes(final boolean met)
    {
        if (!judge)
        {
            return "not judged (smoke run)";
        }
        return met ? "yes" : "**no**";
    }
}
