package io.exabond.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.exabond.internal.LibC;
import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code status}, {@code watch} and {@code simulate} with fuzzed arguments: every run ends with exit code 0, 1, 2 or
 * 3 and prints no Java stack trace or exception class name. Argument lists mix the commands' own options and values
 * with arbitrary strings; paths point into a private folder of prepared pages (a page with a stale heartbeat, a
 * kernel page, a short file, a folder, a missing file).
 * <p>
 * A run must stay short and touch nothing outside that folder, so an argument list is executed only when it is
 * known to end quickly and to create files only in the folder: {@code status} on a path in the folder or that does
 * not exist; {@code watch} without {@code --keep-going}, with a spinning idle strategy, on the stale page (it exits 3
 * after its first health check) or on a missing path; {@code simulate} of at most 4 failovers 2 ms apart into the
 * folder. Any other list is parsed only, by the same picocli model, which must not throw anything but a
 * {@link CommandLine.ParameterException}.
 */
class CommandLineFuzzTest
{
    private static final Path DIR = preparePages();
    private static final Path STALE = DIR.resolve("exabond-bond0");
    private static final String[] COMMANDS = {"status", "watch", "simulate"};
    private static final String[] TOKENS = {
        "--page", "--dev", "--json", "--count", "--idle", "--keep-going", "--bond", "--members", "--flips", "--gap-us",
        "--miimon-ms", "--arp-interval-ms", "--monitor-ms", "--seed", "--quiet", "--help", "-h", "--version", "-V",
        "bond0", "bond1", "noop", "spin", "yield", "backoff", "0", "1", "3", "-1", "9999999999", "1-2", "2-1",
        "exanic0:0,exanic0:1", "eth2=exanic0:0,eth3=exanic1:0", "exanic0:0", "--page=" + STALE, "--",
        STALE.toString(), DIR.toString(), DIR.resolve("kernel").toString(), DIR.resolve("short").toString(),
        DIR.resolve("missing").toString(), DIR.resolve("new-page").toString(), DIR.resolve("bad-magic").toString()
    };
    private static final Set<String> SPINNING = Set.of("noop", "spin", "yield");

    @FuzzTest(maxDuration = "60s")
    void shouldAnswerAnyArguments(final FuzzedDataProvider data)
    {
        final List<String> args = new ArrayList<>();
        args.add(data.pickValue(COMMANDS));
        final int count = data.consumeInt(0, 8);
        for (int i = 0; i < count && data.remainingBytes() > 0; i++)
        {
            args.add(data.consumeBoolean() ? data.pickValue(TOKENS) : data.consumeString(24));
        }
        final String[] argv = args.toArray(new String[0]);
        if (isBounded(argv))
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final int code = Exabond.execute(new PrintWriter(out), new PrintWriter(err), argv);
            assertTrue(code >= 0 && code <= 3, () -> "exit " + code + " for " + List.of(argv) + ": " + err);
            assertNoStackTrace(out.toString(), argv);
            assertNoStackTrace(err.toString(), argv);
        }
    }

    private static boolean isBounded(final String[] argv)
    {
        final CommandLine commandLine = new CommandLine(new Exabond());
        final CommandLine.ParseResult parsed;
        try
        {
            parsed = commandLine.parseArgs(argv);
        }
        catch (final CommandLine.ParameterException e)
        {
            return true;
        }
        final CommandLine.ParseResult sub = parsed.subcommand();
        if (sub == null || sub.isUsageHelpRequested() || sub.isVersionHelpRequested())
        {
            return true;
        }
        final Object command = sub.commandSpec().userObject();
        try
        {
            if (command instanceof StatusCommand status)
            {
                return isInFolderOrMissing(status.target.path(sub.commandSpec()));
            }
            if (command instanceof WatchCommand watch)
            {
                final Path path = watch.target.path(sub.commandSpec());
                return !watch.keepGoing && SPINNING.contains(watch.idle) &&
                    (path.equals(STALE) || !Files.exists(path) && isInFolderOrMissing(path));
            }
            if (command instanceof SimulateCommand simulate)
            {
                return simulate.flips >= 1 && simulate.flips <= 4 && simulate.gap.maxUs() <= 2000 &&
                    simulate.page.toAbsolutePath().normalize().startsWith(DIR);
            }
        }
        catch (final CommandLine.ParameterException e)
        {
            return true;
        }
        return false;
    }

    private static boolean isInFolderOrMissing(final Path path)
    {
        return path.toAbsolutePath().normalize().startsWith(DIR) || !Files.exists(path);
    }

    private static void assertNoStackTrace(final String text, final String[] argv)
    {
        assertFalse(text.contains("\tat ") || text.contains("Exception") || text.contains("java.lang.") ||
            text.contains("Caused by"), () -> "stack trace or exception for " + List.of(argv) + ":\n" + text);
    }

    private static Path preparePages()
    {
        try
        {
            final Path dir = Files.createTempDirectory("exabond-cli-fuzz").toRealPath();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            final BondDescription bond = new BondDescription("bond0", 1, 1, 0,
                List.of(new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, true, false)));
            PagePublisher.create(dir.resolve("exabond-bond0"), bond, 0).close();
            final byte[] kernel = new byte[(int)LibC.pageSize()];
            kernel[0] = 1;
            Files.write(dir.resolve("kernel"), kernel);
            final byte[] badMagic = new byte[(int)LibC.pageSize()];
            badMagic[PageLayout.STATUS_BLOCK_OFFSET] = 'X';
            Files.write(dir.resolve("bad-magic"), badMagic);
            Files.write(dir.resolve("short"), new byte[100]);
            Files.createDirectory(dir.resolve("folder"));
            return dir;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ignored)
        {
            // best effort at exit
        }
    }
}
