package io.exabond.sysfs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.exabond.cli.Exabond;
import io.exabond.json.StrictJson;
import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static io.exabond.sysfs.FuzzedTree.BOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command that reads sysfs, on a fake host whose attribute files hold arbitrary bytes ({@link FuzzedTree}
 * explains the input): {@code doctor} (one bond, all bonds, JSON), {@code bonds} (text, JSON), the checks and the
 * write of {@code manage}/{@code unmanage} ({@link BondManager} with a writer that records instead of writing), and
 * one pass of {@code bridge} ({@link BondBridge}) into a page file. None may crash: the commands exit with their
 * documented codes and print no stack trace and no control character (sysfs contents reach the terminal escaped);
 * the library calls throw nothing but {@link BondManagementException}; the bridge's page is consistent and lists
 * the bond's valid slaves.
 * <p>
 * Seeds and past findings: {@code src/test/resources/io/exabond/sysfs/SysfsTreeFuzzTestInputs/shouldAnswerAnyTree/}.
 */
class SysfsTreeFuzzTest
{
    /**
     * A stack trace's lines. Anchored at line starts: JSON output echoes garbage from sysfs on its one line, and the
     * fuzzer soon wrote "Caused by" into exabond_masters. An unexpected exception also shows as exit 1.
     */
    private static final Pattern STACK_TRACE =
        Pattern.compile("(?m)^(\\s+at \\S+\\(|Caused by: |[\\w$.]*(Exception|Error)(: |$))");

    @TempDir
    static Path dir;

    private static FuzzedTree tree;

    @FuzzTest(maxDuration = "30s")
    void shouldAnswerAnyTree(final byte[] input)
    {
        final FuzzedTree fuzzed = tree();
        final List<String> changed = fuzzed.apply(input);
        final String sys = fuzzed.host().sys().toString();
        final String dev = fuzzed.host().dev().toString();
        final List<String> common = List.of("--sysfs", sys, "--dev", dev);

        for (final List<String> doctor : List.of(List.of("doctor", BOND), List.of("doctor"),
            List.of("doctor", BOND, "--json")))
        {
            final List<String> args = new ArrayList<>(doctor);
            args.addAll(common);
            args.addAll(List.of("--poll-delay-ns", "1000", "--settle-ms", "0"));
            command(args, changed, 0, 4);
        }
        command(List.of("bonds", "--sysfs", sys, "--dev", dev), changed, 0, 0);
        command(List.of("bonds", "--json", "--sysfs", sys, "--dev", dev), changed, 0, 0);

        manageAndUnmanage(fuzzed.sysfs());
        bridgeOnePass(fuzzed.sysfs());
    }

    private static void command(final List<String> args, final List<String> changed, final int lowestExit,
        final int highestExit)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Exabond.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        final String what = args.get(0) + " " + args.get(1) + " with " + changed + ": exit " + code + "\n" + out +
            err;
        assertTrue(code == lowestExit || code == highestExit, what);
        for (final String text : List.of(out.toString(), err.toString()))
        {
            assertFalse(STACK_TRACE.matcher(text).find(), () -> "stack trace from " + what);
            for (final String line : text.split("\n"))
            {
                checkPrintable(line, what, args.contains("--json"));
            }
        }
        if (args.contains("--json"))
        {
            assertEquals(1, out.toString().lines().count(), what);
            assertTrue(StrictJson.parse(out.toString()).isObject(), what);
        }
    }

    private static void manageAndUnmanage(final Sysfs sysfs)
    {
        final List<byte[]> written = new ArrayList<>();
        final BondManager manager = new BondManager(sysfs, (file, command) -> written.add(command));
        final boolean listed = isListed(sysfs);
        final boolean manageable = ManageCheck.checkManageable(sysfs, BOND) == null;
        try
        {
            final BondManager.Outcome outcome = manager.manage(BOND, false);
            assertEquals(listed ? BondManager.Outcome.ALREADY_MANAGED : BondManager.Outcome.MANAGED, outcome);
            assertTrue(listed || manageable, "wrote +bond0 only when every check passed");
        }
        catch (final BondManagementException e)
        {
            checkPrintable(e.getMessage(), "manage", false);
            assertFalse(listed, e.getMessage());
        }
        try
        {
            final BondManager.Outcome outcome = manager.unmanage(BOND);
            assertEquals(listed || ExabondMasters.read(sysfs) == null ? BondManager.Outcome.RELEASED :
                BondManager.Outcome.NOT_MANAGED, outcome);
        }
        catch (final BondManagementException e)
        {
            checkPrintable(e.getMessage(), "unmanage", false);
        }
        for (final byte[] command : written)
        {
            final String text = new String(command, StandardCharsets.US_ASCII);
            assertTrue(List.of("+" + BOND, "-" + BOND).contains(text), text);
            assertArrayEquals(BondManager.commandBytes(text.charAt(0), BOND), command);
        }
    }

    private static boolean isListed(final Sysfs sysfs)
    {
        final ExabondMasters masters = ExabondMasters.read(sysfs);
        return masters != null && masters.isManaged(BOND);
    }

    private static void bridgeOnePass(final Sysfs sysfs)
    {
        final List<String> log = new ArrayList<>();
        final BondBridge bridge;
        try
        {
            bridge = BondBridge.open(new BridgeContext().sysfs(sysfs).bondName(BOND).page(dir.resolve("bridge-page"))
                .eventDriven(false).log(log::add));
        }
        catch (final BondManagementException e)
        {
            checkPrintable(e.getMessage(), "bridge", false);
            return;
        }
        try (bridge)
        {
            final int intervalMs = bridge.pass();
            assertTrue(intervalMs >= 1, "interval " + intervalMs);
            final BondState state = BondReader.read(sysfs, BOND);
            final List<String> expected = new ArrayList<>();
            for (final SlaveState slave : state.slaves())
            {
                if (expected.size() < PageLayout.MAX_MEMBERS)
                {
                    expected.add(slave.name());
                }
            }
            final StatusSnapshot snapshot = new StatusSnapshot();
            try (BondPage page = BondPage.open(bridge.publisher().path()))
            {
                assertEquals(StatusBlockReader.Status.CONSISTENT, new StatusBlockReader(page.segment())
                    .read(snapshot, 0));
            }
            assertEquals(BOND, snapshot.bondName());
            final List<String> members = new ArrayList<>();
            String active = null;
            for (int i = 0; i < snapshot.memberCount(); i++)
            {
                members.add(snapshot.memberIfname(i));
                active = snapshot.isMemberActive(i) ? snapshot.memberIfname(i) : active;
            }
            assertEquals(expected, members, "the page lists the bond's valid slaves");
            if (state.activeSlave() == null || !expected.contains(state.activeSlave()))
            {
                assertNull(active, "no active member when sysfs has no listed active slave");
            }
            else
            {
                assertEquals(state.activeSlave(), active);
            }
        }
        for (final String line : log)
        {
            checkPrintable(line, "bridge log", false);
        }
    }

    /**
     * Text output is printable ASCII. JSON carries a garbage attribute exactly, escaped by JSON's rules: no control
     * character (C0, DEL, C1), but Latin-1 letters as they are (found by fuzzing: a mode of bytes 0xf3-0xff).
     */
    private static void checkPrintable(final String line, final String what, final boolean json)
    {
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            assertTrue(c >= 0x20 && c < 0x7F || json && c >= 0xA0, () -> "control or non-ASCII character in " +
                InterfaceName.printable(line) + " from " + what);
        }
    }

    private static FuzzedTree tree()
    {
        if (tree == null || !tree.host().root().equals(dir))
        {
            tree = new FuzzedTree(dir);
        }
        return tree;
    }
}
