package io.exabond.badinput;

import io.exabond.cli.Exabond;
import io.exabond.counters.ExabondCounters;
import io.exabond.internal.LibC;
import io.exabond.sysfs.InterfaceName;
import io.exabond.page.PageLayout;
import io.exabond.profile.FollowingExasock;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sim.BondSimulator;
import io.exabond.sysfs.BridgeTerm;
import io.exabond.sysfs.CountersFiles;
import io.exabond.sysfs.FakeExasock;
import io.exabond.sysfs.FakeSysfs;
import io.exabond.testing.ChildJvm;
import io.exabond.testing.Gcc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every bad input of the catalogue and writes {@code docs/bad-inputs.md} from what it observed, so that the
 * table cannot go stale: the test fails when the committed file differs from this run's ({@code target/bad-inputs.md}).
 * Regenerate with {@code mvn test -Dtest=BadInputCatalogueTest -Dexabond.regenerate=true}. Every case must end
 * within the test's time bound with an exit code, and none may print a stack trace.
 */
class BadInputCatalogueTest
{
    private static final Path COMMITTED = Gcc.projectRoot().resolve("docs").resolve("bad-inputs.md");
    private static final Path GENERATED = Path.of("target", "bad-inputs.md");
    /** The first error or warning line of doctor's text output. */
    private static final String DOCTOR_PROBLEM = "^(error|warning) ";
    /** Doctor options that keep a case short: no poll-delay measurement, no settling wait. */
    private static final String[] NO_WAIT = {"--poll-delay-ns", "0", "--settle-ms", "0"};

    @TempDir
    Path tmp;

    private Path dir;
    private final List<String> rows = new ArrayList<>();
    private String section;

    @Test
    // A separate thread: a case that wrongly runs for ever (a simulate or bridge that starts) fails the test at the
    // bound instead of hanging the build, since a busy command loop does not answer an interrupt.
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldAnswerEveryBadInputClearly() throws Exception
    {
        dir = tmp.toRealPath();
        final Path stale = dir.resolve("stale-page");
        PagePublisher.create(stale, bond(1), 0).close();
        Thread.sleep(20);
        final String page = stale.toString();

        section("Command-line arguments");
        cli("no sub-command");
        cli("unknown sub-command", "bogus");
        cli("unknown option", "status", "--bogus", "--page", page);
        cli("neither BOND nor --page", "status");
        cli("both BOND and --page", "status", "bond0", "--page", page);
        cli("--page without its value", "status", "--page");
        cli("argument file (picocli @-files are off)", "status", "@/dev/zero");
        cli("--count negative", "watch", "--page", page, "--count", "-1");
        cli("--count not a number", "watch", "--page", page, "--count", "abc");
        cli("--idle unknown", "watch", "--page", page, "--idle", "bogus");
        cli("--change-read-timeout-ms 0", "watch", "--page", page, "--change-read-timeout-ms", "0");
        cli("simulate without --page", "simulate");
        cli("one member only", "simulate", "--page", dir.resolve("new1").toString(), "--members", "exanic0:0");
        cli("member listed twice", "simulate", "--page", dir.resolve("new2").toString(), "--members",
            "exanic0:0,exanic0:0");
        cli("member not exanicN:P", "simulate", "--page", dir.resolve("new3").toString(), "--members", "eth0,eth1");
        cli("SmartNIC id out of range", "simulate", "--page", dir.resolve("new4").toString(), "--members",
            "exanic300:0,exanic0:1");
        cli("17 members", "simulate", "--page", dir.resolve("new5").toString(), "--members", members(17));
        cli("--gap-us 0", "simulate", "--page", dir.resolve("new6").toString(), "--gap-us", "0");
        cli("--gap-us MIN > MAX", "simulate", "--page", dir.resolve("new7").toString(), "--gap-us", "5-1");
        cli("--gap-us not a range", "simulate", "--page", dir.resolve("new8").toString(), "--gap-us", "abc");
        cli("--flips negative", "simulate", "--page", dir.resolve("new9").toString(), "--flips", "-1");
        cli("--monitor-ms 0", "simulate", "--page", dir.resolve("new10").toString(), "--monitor-ms", "0");
        cli("--miimon-ms negative", "simulate", "--page", dir.resolve("new11").toString(), "--miimon-ms", "-5");

        section("Bond names (status BOND, simulate --bond)");
        cli("empty", "status", "");
        cli("with '/'", "status", "a/b");
        cli("'..'", "status", "..");
        cli("with ':'", "status", "bond0:1");
        cli("with a space", "status", "bond 0");
        cli("with a newline", "status", "bond\n0");
        cli("with an escape sequence", "status", "b\u001b[31m");
        cli("16 characters", "status", "bond567890123456");
        cli("not ASCII", "status", "b\u00f6nd");
        cli("valid, but no such device (no exasock module)", "status", "--dev", dir.toString(), "--sysfs",
            dir.toString(), "bond1");
        cli("simulate --bond with '/'", "simulate", "--page", dir.resolve("new12").toString(), "--bond", "a/b");

        section("Paths (status --page PATH)");
        cli("missing", "status", "--page", dir.resolve("missing").toString());
        Files.createDirectory(dir.resolve("folder"));
        cli("a directory", "status", "--page", dir.resolve("folder").toString());
        final Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        cli("a FIFO (no writer)", "status", "--page", fifo.toString());
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            socket.bind(UnixDomainSocketAddress.of(dir.resolve("socket")));
            cli("a UNIX socket", "status", "--page", dir.resolve("socket").toString());
        }
        cli("/dev/null (cannot be mapped)", "status", "--page", "/dev/null");
        cli("/dev/zero (maps like a kernel page: all zero)", "status", "--page", "/dev/zero");
        Files.write(dir.resolve("empty"), new byte[0]);
        cli("an empty file", "status", "--page", dir.resolve("empty").toString());
        Files.write(dir.resolve("short"), new byte[100]);
        cli("a 100-byte file", "status", "--page", dir.resolve("short").toString());
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        cli("a dangling symbolic link", "status", "--page", dir.resolve("dangling").toString());
        cli("a path through a file", "status", "--page", dir.resolve("short").resolve("x").toString());
        cli("a 300-character file name", "status", "--page", dir.resolve("a".repeat(300)).toString());

        section("Paths (simulate --page PATH)");
        cli("a directory", "simulate", "--page", dir.resolve("folder").toString(), "--flips", "1");
        cli("a file that is not one page", "simulate", "--page", dir.resolve("short").toString(), "--flips", "1");
        cli("/dev/null", "simulate", "--page", "/dev/null", "--flips", "1");
        cli("a folder that does not exist", "simulate", "--page", dir.resolve("no/page").toString(), "--flips", "1");
        final Path locked = dir.resolve("locked");
        try (PagePublisher owner = PagePublisher.create(locked, bond(100), 0))
        {
            assertEquals(locked, owner.path());
            cli("a page another publisher holds", "simulate", "--page", locked.toString(), "--flips", "1");
        }

        section("Page contents (status --page PATH)");
        content("all zero (a kernel page, no active slave)", p -> { });
        content("word 0 only, ACTIVE exanic1:0", p -> p.set(ValueLayout.JAVA_INT, 0, 0x0001_0001));
        content("unknown magic", p -> block(p, 0, 0x12345678));
        content("version 0", p -> short16(p, 4, 0));
        content("version 2, block of 592 bytes (newer: accepted)", p -> short16(p, 4, 2));
        content("block_size 10", p -> short16(p, 6, 10));
        content("block_size 4000 (past the end of the page)", p -> short16(p, 6, 4000));
        content("seq odd (publisher died mid-write)", p -> seq(p, 1));
        content("member_count 200 (bounded to 16)", p -> p.set(ValueLayout.JAVA_BYTE,
            PageLayout.STATUS_BLOCK_OFFSET + PageLayout.MEMBER_COUNT_OFFSET, (byte)200));
        content("heartbeat in the future", p -> p.set(ValueLayout.JAVA_LONG,
            PageLayout.STATUS_BLOCK_OFFSET + PageLayout.HEARTBEAT_NS_OFFSET, Long.MAX_VALUE));
        content("monitor_interval_ms 0", p -> block(p, PageLayout.MONITOR_INTERVAL_MS_OFFSET, 0));
        cli("heartbeat older than 3 monitor intervals", "status", "--page", page);

        sysfsCases(page);
        triggerCases(page);
        prometheusCases();
        countersCases();

        section("Signals and closed output");
        signal("watch", "INT");
        signal("simulate", "TERM");
        closedOutput();

        final String markdown = render();
        Files.createDirectories(GENERATED.getParent());
        Files.writeString(GENERATED, markdown);
        if (Boolean.getBoolean("exabond.regenerate"))
        {
            Files.writeString(COMMITTED, markdown);
        }
        assertTrue(Files.exists(COMMITTED), "no " + COMMITTED + ": run with -Dexabond.regenerate=true");
        assertEquals(Files.readString(COMMITTED), markdown, COMMITTED + " is stale: compare with " + GENERATED +
            ", then regenerate with mvn test -Dtest=BadInputCatalogueTest -Dexabond.regenerate=true");
    }

    /**
     * The management commands on fake hosts ({@link FakeSysfs}): bad bond names, a missing module, bonds the driver
     * would refuse, garbage in sysfs files, bad options. {@code doctor} gets {@code --poll-delay-ns 0} (no
     * measurement) and {@code --settle-ms 0}; no case reaches a command that runs until stopped.
     */
    private void sysfsCases(final String page) throws Exception
    {
        final FakeSysfs host = host("names");
        final String[] fake = roots(host);
        final String bridgePage = dir.resolve("bridge-page").toString();
        final FakeSysfs unloaded = FakeSysfs.standardHost(dir.resolve("unloaded"));
        final String[] bare = roots(unloaded);
        section("Bond names (manage, unmanage, doctor, bridge)");
        for (final String[] name : new String[][] {{"empty", ""}, {"with '/'", "a/b"},
            {"16 characters", "bond567890123456"}, {"with a newline", "bond\n0"},
            {"with an escape sequence", "b\u001b[31m"}})
        {
            cli(name[0], join(new String[] {"manage", name[1]}, fake));
            cli(name[0], join(new String[] {"unmanage", name[1]}, fake));
            cliShowing(name[0], DOCTOR_PROBLEM, join(new String[] {"doctor", name[1]}, fake, NO_WAIT));
            cli(name[0], join(new String[] {"bridge", name[1], "--page", bridgePage}, bare));
        }

        section("Bond management (manage, unmanage, bonds, doctor on a fake host)");
        cli("exasock not loaded (no exabond_masters)", join(new String[] {"manage", "bond0"}, bare));
        cli("exasock not loaded (no exabond_masters)", join(new String[] {"unmanage", "bond0"}, bare));
        cliShowing("exasock not loaded (no exabond_masters)", "^exasock: ", join(new String[] {"bonds"}, bare));
        cliShowing("exasock not loaded (no exabond_masters)", DOCTOR_PROBLEM, join(new String[] {"doctor"}, bare,
            NO_WAIT));
        cli("no such bond", join(new String[] {"manage", "bond7"}, fake));
        cli("not a bond (a SmartNIC port)", join(new String[] {"manage", "eth2"}, fake));
        cli("mode balance-rr", join(new String[] {"manage", "bond1"},
            roots(host("rr").bond("bond1", "balance-rr 0", 100, 0, "02:00:00:00:00:01"))));
        cli("a VLAN slave", join(new String[] {"manage", "bond0"}, roots(host("vlan").exasock().enslave("bond0",
            "eth2", "eth0.100"))));
        cli("a slave that is not a SmartNIC port", join(new String[] {"manage", "bond0"},
            roots(host("intel").exasock().enslave("bond0", "eth2", "eth0"))));
        cli("a bond as slave", join(new String[] {"manage", "bond0"}, roots(host("nested").exasock()
            .activeBackup("bond1", "02:00:00:00:00:01").enslave("bond0", "eth2", "bond1"))));
        final FakeSysfs masterDir = host("masters-dir").exasock();
        Files.delete(masterDir.sys().resolve("class/net/exabond_masters"));
        Files.createDirectory(masterDir.sys().resolve("class/net/exabond_masters"));
        cli("exabond_masters is a directory (the write fails)", join(new String[] {"manage", "bond0"},
            roots(masterDir)));
        final Path noSysfs = dir.resolve("no-sysfs");
        cli("--sysfs names no folder", "manage", "bond0", "--sysfs", noSysfs.toString());
        cli("--sysfs names a file", "manage", "bond0", "--sysfs", dir.resolve("short").toString());
        cliShowing("--sysfs names no folder", "^exasock: ", "bonds", "--sysfs", noSysfs.toString());
        cliShowing("--sysfs names no folder", DOCTOR_PROBLEM, "doctor", "--sysfs", noSysfs.toString(),
            "--poll-delay-ns", "0");
        final FakeSysfs held = host("held").exasock("bond0");
        held.process(4242, "\u001b]0;owned\u0007\u001b[2J", List.of("7f0a1c000000-7f0a1c001000 r--s 00000000 " +
            "00:05 1234 " + held.dev().resolve("exabond-bond0")), List.of());
        cliShowing("a process with an escape sequence as its name holds the page", "^  4242 ",
            join(new String[] {"unmanage", "bond0", "--proc", held.proc().toString()}, roots(held)));

        section("Sysfs contents (doctor bond0 and bonds on a fake host with exasock managing bond0)");
        garbage("bonding/mode holds an escape sequence", "bond0", "bonding/mode", "\u001b[31mactive-backup 1\n");
        garbage("bonding/mode is missing", "bond0", "bonding/mode", null);
        garbage("bonding/miimon holds 'abc'", "bond0", "bonding/miimon", "abc\n");
        garbage("bonding/miimon past int range", "bond0", "bonding/miimon", "99999999999\n");
        garbage("bonding/miimon is a directory", "bond0", "bonding/miimon/x", "");
        garbage("bonding/slaves lists '../x'", "bond0", "bonding/slaves", "eth2 ../x\n");
        garbage("bonding/slaves lists a missing interface", "bond0", "bonding/slaves", "eth2 eth9\n");
        garbage("bonding/active_slave holds two names", "bond0", "bonding/active_slave", "eth2 eth3\n");
        garbage("bonding/active_slave names no slave", "bond0", "bonding/active_slave", "eth4\n");
        garbage("mii_status of eth2 holds an escape sequence", "eth2", "bonding_slave/mii_status",
            "\u001b]0;owned\u0007down\n");
        garbage("dev_port of eth2 holds 'x' (a note only)", "eth2", "dev_port", "x\n");
        garbage("every bonding/ file empty", "bond0", "bonding/mode", "", "bonding/slaves", "", "bonding/miimon", "",
            "bonding/arp_interval", "", "bonding/active_slave", "");
        garbage("exabond_masters holds '../x' and an escape sequence", null, "exabond_masters",
            "bond0 ../x \u001b[2J\n");
        garbage("exabond_masters holds bytes 1-255", null, "exabond_masters", bytes());
        garbage("exabond_masters is larger than 64 KiB", null, "exabond_masters", "bond0 ".repeat(20_000));
        garbage("bond0 administratively down (IFF_UP clear)", "bond0", "flags", "0x1002\n", "operstate", "down\n",
            "carrier", null);
        garbage("bond0 up without carrier (no slave link up)", "bond0", "carrier", "0\n", "operstate", "down\n");
        final FakeSysfs listed = host("bonds");
        FakeSysfs.write(listed.sys().resolve("class/net/exabond_masters"), "bond0 ../x \u001b[2J\n");
        FakeSysfs.write(listed.net("bond0").resolve("bonding/mode"), "\u001b[31mactive-backup\n");
        cliShowing("bonds: exabond_masters and bonding/mode hold escape sequences", "^(warning|  bond0)",
            join(new String[] {"bonds"}, roots(listed)));

        releasedAndRootOnly();
        releasedUnderWatch();

        section("Options of bridge and doctor (bridge on a host without exasock)");
        final String[] bridge = join(new String[] {"bridge", "bond0", "--page", bridgePage}, bare);
        for (final String member : List.of("eth2", "eth2=", "eth2=0", "eth2=300:0", "=0:0", "a/b=0:0",
            "eth2=exanic0:1:2"))
        {
            cli("--member " + member, join(bridge, new String[] {"--member", member}));
        }
        cli("--member given twice for one slave", join(bridge, new String[] {"--member", "eth2=0:0", "--member",
            "eth2=0:1"}));
        for (final String interval : List.of("0", "-1", "60001", "abc"))
        {
            cli("--interval-ms " + interval, join(bridge, new String[] {"--interval-ms", interval}));
        }
        cli("no --page", join(new String[] {"bridge", "bond0"}, bare));
        cli("--page a directory", join(new String[] {"bridge", "bond0", "--page", dir.resolve("folder").toString()},
            bare));
        cli("--page /dev/null", join(new String[] {"bridge", "bond0", "--page", "/dev/null"}, bare));
        cli("--page in a folder that does not exist", join(new String[] {"bridge", "bond0", "--page",
            dir.resolve("no/page").toString()}, bare));
        cli("no such bond", join(new String[] {"bridge", "bond7", "--page", bridgePage}, bare));
        cli("not a bond", join(new String[] {"bridge", "eth0", "--page", bridgePage}, bare));
        cli("--sysfs names no folder", "bridge", "bond0", "--page", bridgePage, "--sysfs", noSysfs.toString());
        cli("doctor --poll-delay-ns -1", join(new String[] {"doctor", "bond0", "--poll-delay-ns", "-1"}, fake));
        cli("doctor --settle-ms -1", join(new String[] {"doctor", "bond0", "--poll-delay-ns", "0", "--settle-ms",
            "-1"}, fake));
        cli("doctor --page without BOND", join(new String[] {"doctor", "--page", bridgePage, "--poll-delay-ns", "0"},
            fake));
        cliShowing("doctor --page a file that is not a page", DOCTOR_PROBLEM, join(new String[] {"doctor", "bond0",
            "--page", dir.resolve("short").toString()}, fake, NO_WAIT));

        section("Control characters in arguments (echoed escaped, on one line)");
        cli("unknown sub-command with an escape sequence", "b\u001b[31m");
        cli("unknown option with a newline", "status", "--bo\ngus", "--page", page);
        cli("--format with an escape sequence", "status", "--page", page, "--format", "\u001b[2J");
        cli("--gap-us with an escape sequence", "simulate", "--page", dir.resolve("new13").toString(), "--flips", "1",
            "--gap-us", "1-\u001b[2J");
        cli("--members with a newline", "simulate", "--page", dir.resolve("new14").toString(), "--flips", "1",
            "--members", "exanic0:0,exanic0:1\nx");
        cli("bridge --member with a newline", join(bridge, new String[] {"--member", "eth2\n=0:0"}));

        section("Release and re-manage (simulate --release-after N [--remanage-after-ms MS])");
        cli("--release-after 0", "simulate", "--page", dir.resolve("new15").toString(), "--release-after", "0");
        cli("--release-after beyond --flips", "simulate", "--page", dir.resolve("new16").toString(), "--flips", "2",
            "--release-after", "3");
        cli("--remanage-after-ms without --release-after", "simulate", "--page", dir.resolve("new17").toString(),
            "--remanage-after-ms", "100");
        cli("--remanage-after-ms negative", "simulate", "--page", dir.resolve("new18").toString(), "--release-after",
            "1", "--remanage-after-ms", "-1");
        cli("--remanage-after-ms over an hour", "simulate", "--page", dir.resolve("new19").toString(),
            "--release-after", "1", "--remanage-after-ms", "3600001");
    }

    /**
     * {@code profile BOND --trigger N} on fake hosts: the options it refuses, the bonds it cannot fail over, and what
     * stops a run that has begun (the fake exasock driver's page follows the writes of {@code active_slave}; a test
     * thread removes the bond or a slave right after the third failover reached the page, in the gap of 300 ms
     * before the next). Each case that fails over checks that the first slave is active again at the end.
     */
    private void triggerCases(final String page) throws IOException
    {
        section("profile --trigger (fails a bond over for real; here on fake hosts, --poll-delay-ns 0)");
        final FakeSysfs host = host("trigger");
        final String out = dir.resolve("trigger-out").toString();
        final String[] fake = join(roots(host), new String[] {"--out", out, "--poll-delay-ns", "0"});
        cli("--trigger 0", join(new String[] {"profile", "bond0", "--trigger", "0"}, fake));
        cli("--trigger past the maximum", join(new String[] {"profile", "bond0", "--trigger", "10001"}, fake));
        cli("--trigger not a number", join(new String[] {"profile", "bond0", "--trigger", "many"}, fake));
        cli("--trigger without BOND", join(new String[] {"profile", "--page", page, "--trigger", "5"}, fake));
        cli("BOND not an interface name", join(new String[] {"profile", "a/b", "--trigger", "5"}, fake));
        cli("BOND with an escape sequence", join(new String[] {"profile", "b\u001b[31m", "--trigger", "5"}, fake));
        cli("with --compare-c", join(new String[] {"profile", "bond0", "--trigger", "5", "--compare-c"}, fake));
        cli("with --first-failover-jvms", join(new String[] {"profile", "bond0", "--trigger", "5",
            "--first-failover-jvms", "20"}, fake));
        cli("with --flips", join(new String[] {"profile", "bond0", "--trigger", "5", "--flips", "100"}, fake));
        cli("--idle with two strategies", join(new String[] {"profile", "bond0", "--trigger", "5", "--idle",
            "spin,yield"}, fake));
        cli("--trigger-by unknown", join(new String[] {"profile", "bond0", "--trigger", "5", "--trigger-by",
            "unplug"}, fake));
        cli("--trigger-gap-ms MIN > MAX", join(new String[] {"profile", "bond0", "--trigger", "5",
            "--trigger-gap-ms", "50-10"}, fake));
        cli("--trigger-timeout-ms 0", join(new String[] {"profile", "bond0", "--trigger", "5",
            "--trigger-timeout-ms", "0"}, fake));
        cli("--yes without --trigger", "profile", "--page", page, "--yes");
        cli("without --yes", join(new String[] {"profile", "bond0", "--trigger", "5"}, fake));
        cli("no such bond", join(new String[] {"profile", "bond7", "--trigger", "5", "--yes"}, fake));
        cli("not a bond (a SmartNIC port)", join(new String[] {"profile", "eth2", "--trigger", "5", "--yes"}, fake));
        cli("mode balance-rr", join(new String[] {"profile", "bond0", "--trigger", "5", "--yes"}, roots(host("rr2")
            .attribute("bond0", "bonding/mode", "balance-rr 0\n")), new String[] {"--out", out}));
        cli("one slave", join(new String[] {"profile", "bond0", "--trigger", "5", "--yes"}, roots(host("one")
            .attribute("bond0", "bonding/slaves", "eth2\n")), new String[] {"--out", out}));
        cli("--trigger-by carrier with both monitors off", join(new String[] {"profile", "bond0", "--trigger", "5",
            "--yes", "--trigger-by", "carrier"}, roots(host("nomon").attribute("bond0", "bonding/miimon", "0\n")),
            new String[] {"--out", out}));
        final FakeSysfs pageless = FakeSysfs.standardHost(dir.resolve("pageless")).exasock("bond0");
        cli("no page (the node is missing)", join(new String[] {"profile", "bond0", "--trigger", "5", "--yes"},
            roots(pageless), new String[] {"--out", out, "--poll-delay-ns", "0"}));

        // A timeout of 200 ms where the page never follows; of 10 s where it does, so that no failover times out.
        final String[] run = {"profile", "bond0", "--trigger", "5", "--yes", "--warmup", "0", "--idle", "sleep-ns",
            "--trigger-gap-ms", "300-300", "--out", out, "--poll-delay-ns", "0", "--trigger-timeout-ms"};
        midRun("the page never follows", join(run, new String[] {"200"}), (tree, changes) -> { }, true);
        midRun("the bond vanishes mid-run", join(run, new String[] {"10000"}), (tree, changes) ->
        {
            if (changes == 3)
            {
                move(tree.net("bond0"), dir.resolve("bond0-vanished"));
            }
        }, false);
        midRun("a slave is removed mid-run", join(run, new String[] {"10000"}), (tree, changes) ->
        {
            if (changes == 3)
            {
                tree.attribute("bond0", "bonding/slaves", "eth2\n");
                tree.setActive("bond0", "eth2");
            }
        }, false);
    }

    /**
     * A trigger profile on a fresh fake host whose page follows (or, {@code frozen}, does not), with an action after
     * each change of the page; the first slave must be active at the end, unless the bond is gone.
     */
    private void midRun(final String label, final String[] args, final java.util.function.ObjIntConsumer<FakeSysfs>
        action, final boolean frozen) throws IOException
    {
        final FakeSysfs tree = FakeSysfs.standardHost(dir.resolve(label.replace(' ', '-'))).exasock("bond0");
        try (FollowingExasock exasock = new FollowingExasock(tree))
        {
            if (frozen)
            {
                exasock.freeze();
            }
            exasock.onChange(changes -> action.accept(tree, changes));
            cliPicking(label, null, "^exabond ", join(args, roots(tree)));
        }
        if (Files.isDirectory(tree.net("bond0")))
        {
            assertEquals("eth2\n", Files.readString(tree.net("bond0").resolve("bonding/active_slave")), label);
        }
    }

    private static void move(final Path from, final Path to)
    {
        try
        {
            Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException e)
        {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * What the real driver does that the project once did not say: a bond released from management (its node
     * removed at once), and a node only root can open, checked for another user.
     */
    private void releasedAndRootOnly() throws IOException
    {
        section("Released bonds and root-only nodes (status, doctor --as-user on a fake host with the fake driver)");
        final FakeSysfs released = FakeSysfs.standardHost(dir.resolve("released")).exasock()
            .activeBackup("eb0", "02:00:00:00:00:05");
        try (FakeExasock driver = new FakeExasock(released))
        {
            driver.command("+eb0");
            driver.command("-eb0");
            final String[] roots = {"--sysfs", released.sys().toString(), "--dev", released.dev().toString()};
            cli("status of a bond released from management", join(new String[] {"status", "eb0"}, roots));
            cli("status --json of a bond released from management", join(new String[] {"status", "eb0", "--json"},
                roots));
            cli("status --page of the node of a released bond", join(new String[] {"status", "--page",
                driver.node("eb0").toString()}, roots));
        }
        cli("status --page /dev/exabond-BOND of a managed bond without its node", "status", "--page",
            "/dev/exabond-zz9", "--sysfs", FakeSysfs.standardHost(dir.resolve("zz9")).exasock("zz9").sys().toString());

        final FakeSysfs rootOnly = host("root-only");
        final Path node = rootOnly.dev().resolve("exabond-bond0");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-------"));
        final Path etc = Files.createDirectories(dir.resolve("etc"));
        // The node's owner and group are the test's; named here so that the table reads the same for any runner.
        final int uid = (Integer)Files.getAttribute(node, "unix:uid");
        final int gid = (Integer)Files.getAttribute(node, "unix:gid");
        Files.writeString(etc.resolve("passwd"), "owner:x:" + uid + ":" + gid + "::/:/bin/sh\n" +
            "feed:x:54321:54321:Feed handler:/home/feed:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "owners:x:" + gid + ":\nfeed:x:54321:\n");
        final String[] asUser = join(new String[] {"doctor", "bond0", "--etc", etc.toString()}, roots(rootOnly),
            NO_WAIT);
        cliShowing("a user who cannot open the root-only node", DOCTOR_PROBLEM, join(asUser,
            new String[] {"--as-user", "feed"}));
        cli("--as-user names no user of <etc>/passwd", join(asUser, new String[] {"--as-user", "nosuchuser"}));
        cli("--as-user empty", join(asUser, new String[] {"--as-user", ""}));
    }

    /**
     * A bond released while {@code watch} maps its node, as the driver releases it (node removed, word 0 = 0 in the
     * page left behind), then managed again with its other slave active; and a node replaced by something that is not
     * a page before the bond comes back. watch ends at its --count, the change between the pages, and the table shows
     * the line that told of the release.
     */
    private void releasedUnderWatch() throws Exception
    {
        section("Pages released under a running watch (the fake driver releases and re-manages the bond)");
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("under-watch")).exasock()
            .activeBackup("eb1", "02:00:00:00:00:06").enslave("eb1", "eth2", "eth3");
        try (FakeExasock driver = new FakeExasock(host))
        {
            driver.command("+eb1");
            final String[] watch = {"watch", "eb1", "--count", "1", "--idle", "yield", "--dev",
                host.dev().toString()};
            whileWatching("the bond released, then managed again with eth3 active", "released:", printed ->
            {
                driver.command("-eb1");
                printed.await("released:");
                host.setActive("eb1", "eth3");
                driver.command("+eb1");
            }, watch);
            whileWatching("the node replaced by a folder, then the bond managed again", "released:", printed ->
            {
                driver.command("-eb1");
                printed.await("released:");
                Files.createDirectory(driver.node("eb1"));
                printed.await("not following it");
                Files.delete(driver.node("eb1"));
                host.setActive("eb1", "eth2");
                driver.command("+eb1");
            }, watch);
        }
    }

    /** An action on the fake host, run once watch is watching, which may wait for what watch prints. */
    @FunctionalInterface
    private interface HostAction
    {
        void run(Printed printed) throws Exception;
    }

    /** What a running command printed so far. */
    @FunctionalInterface
    private interface Printed
    {
        void await(String text) throws InterruptedException;
    }

    private void whileWatching(final String label, final String stdoutPattern, final HostAction action,
        final String... args) throws Exception
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
            () -> Exabond.execute(new PrintWriter(out), new PrintWriter(err), args), OWN_THREAD);
        final Printed printed = text ->
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(out.toString() + err).contains(text) && !code.isDone() && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(5);
            }
        };
        printed.await("watching");
        action.run(printed);
        final int exit = code.get(30, TimeUnit.SECONDS);
        final Pattern pattern = Pattern.compile(stdoutPattern);
        final String shown = err.toString().lines().filter(line -> !line.startsWith("watching")).findFirst()
            .orElseGet(() -> out.toString().lines().filter(line -> pattern.matcher(line).find()).findFirst()
            .map(line -> "stdout: " + line.substring(line.indexOf("  ") + 2).strip()).orElse(""));
        record(label, "exabond " + String.join(" ", args), exit, out.toString(), err.toString(), shown);
    }

    /**
     * Runs {@code doctor bond0} on a fresh host with files replaced: pairs of a path (relative to {@code ifname}'s
     * folder, or to {@code class/net} when it is null) and a content (null deletes the file; a path ending in
     * {@code /x} turns its folder, an attribute file, into a directory).
     */
    private void garbage(final String label, final String ifname, final String... fileAndContent) throws IOException
    {
        final FakeSysfs host = host("garbage-" + rows.size());
        for (int i = 0; i < fileAndContent.length; i += 2)
        {
            final Path file = ifname == null ? host.sys().resolve("class/net").resolve(fileAndContent[i]) :
                host.net(ifname).resolve(fileAndContent[i]);
            if (fileAndContent[i + 1] == null)
            {
                Files.delete(file);
            }
            else if (fileAndContent[i].endsWith("/x"))
            {
                Files.delete(file.getParent());
                Files.createDirectories(file.getParent());
            }
            else
            {
                FakeSysfs.write(file, fileAndContent[i + 1]);
            }
        }
        cliShowing(label, label.endsWith("(a note only)") ? "^info    exanic" : DOCTOR_PROBLEM,
            join(new String[] {"doctor", "bond0"}, roots(host), NO_WAIT));
    }

    /** A standard host (FakeSysfs) with exasock managing bond0 and its kernel page, eth2 active. */
    private FakeSysfs host(final String name)
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve(name)).exasock("bond0");
        host.kernelPage("bond0", FakeSysfs.active(0, 0));
        return host;
    }

    private static String[] roots(final FakeSysfs host)
    {
        return new String[] {"--sysfs", host.sys().toString(), "--dev", host.dev().toString()};
    }

    private static String[] join(final String[]... parts)
    {
        final List<String> all = new ArrayList<>();
        for (final String[] part : parts)
        {
            all.addAll(List.of(part));
        }
        return all.toArray(String[]::new);
    }

    private static String bytes()
    {
        final StringBuilder out = new StringBuilder();
        for (char c = 1; c < 256; c++)
        {
            out.append(c);
        }
        return out.toString();
    }

    private void section(final String title)
    {
        section = title;
        rows.add("\n## " + title + "\n\n| input | command | exit | first line of stderr |\n| --- | --- | --- | --- |");
    }

    private void cli(final String label, final String... args)
    {
        cliShowing(label, null, args);
    }

    /**
     * Runs a case; when it prints nothing on stderr, the table shows the first line of stdout matching
     * {@code stdoutPattern} instead (doctor's first error or warning, say), marked {@code stdout:}.
     */
    private void cliShowing(final String label, final String stdoutPattern, final String... args)
    {
        cliPicking(label, stdoutPattern, null, args);
    }

    /**
     * Runs a case as {@link #cliShowing(String, String, String...)}; with {@code stderrPattern}, the table shows the
     * first line of stderr matching it (the error after a command's progress lines), else the first line.
     */
    private void cliPicking(final String label, final String stdoutPattern, final String stderrPattern,
        final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Exabond.execute(new PrintWriter(out), new PrintWriter(err), args);
        String shown = err.toString();
        if (stderrPattern != null)
        {
            final Pattern pattern = Pattern.compile(stderrPattern);
            shown = shown.lines().filter(line -> pattern.matcher(line).find()).findFirst().orElse(shown);
        }
        if (shown.isEmpty() && stdoutPattern != null)
        {
            final Pattern pattern = Pattern.compile(stdoutPattern);
            shown = out.toString().lines().filter(line -> pattern.matcher(line).find()).findFirst()
                .map(line -> "stdout: " + line.strip()).orElse("");
        }
        record(label, "exabond " + String.join(" ", args), code, out.toString(), err.toString(), shown);
    }

    private void content(final String label, final Consumer<MemorySegment> damage) throws IOException
    {
        final Path path = dir.resolve("page-" + rows.size());
        final boolean kernel = label.startsWith("all zero") || label.startsWith("word 0");
        if (kernel)
        {
            Files.write(path, new byte[(int)LibC.pageSize()]);
        }
        else
        {
            PagePublisher.create(path, bond(100_000), 0).close();
        }
        try (Arena arena = Arena.ofConfined(); RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
        {
            final MemorySegment page = arena.allocate(LibC.pageSize(), 8);
            final byte[] bytes = new byte[(int)LibC.pageSize()];
            file.readFully(bytes);
            MemorySegment.copy(bytes, 0, page, ValueLayout.JAVA_BYTE, 0, bytes.length);
            damage.accept(page);
            file.seek(0);
            file.write(page.toArray(ValueLayout.JAVA_BYTE));
        }
        cli(label, "status", "--page", path.toString());
    }

    /**
     * {@code status --format prometheus}: a node that is missing because exasock does not manage its bond, or is not
     * loaded, is a warning line and {@code exabond_up 0} on stdout (exit 0); what cannot be written is an error.
     */
    private void prometheusCases()
    {
        final FakeSysfs host = host("prometheus");
        final FakeSysfs unloaded = FakeSysfs.standardHost(dir.resolve("prometheus-unloaded"));
        final Path fresh = dir.resolve("fresh-page");
        PagePublisher.create(fresh, bond(100_000), 0).close();
        final String[] prometheus = {"--format", "prometheus"};
        section("Prometheus format (status --format prometheus on a fake host; the metrics go to stdout)");
        cli("a bond exasock does not manage: no node (exabond_managed 0)",
            join(new String[] {"status", "bond1"}, roots(host), prometheus));
        cli("the same node given as --page", join(new String[] {"status", "--page",
            host.dev().resolve("exabond-bond1").toString()}, roots(host), prometheus));
        cli("exasock not loaded (no exabond_masters): no node", join(new String[] {"status", "bond0"},
            roots(unloaded), prometheus));
        cli("--listen with a host name", "status", "--page", fresh.toString(), "--format", "prometheus", "--listen",
            "localhost:9100");
        cli("--textfile in a missing folder", "status", "--page", fresh.toString(), "--format", "prometheus",
            "--textfile", dir.resolve("none/exabond.prom").toString());
        cli("--textfile without --format prometheus", "status", "--page", fresh.toString(), "--textfile",
            dir.resolve("exabond.prom").toString());
    }

    /**
     * Counters files that cannot be read, or whose process is dead, wherever a command reads them: {@code stat}
     * (stdout), {@code doctor --page} (a finding), {@code status --format prometheus} (stderr, the metrics on stdout).
     * Each case has its own folder; an unreadable file is named for pid 1 (init, always running), since one named
     * for a pid that has gone is left out by doctor and status; a dead process's file is a bridge's of the page.
     */
    private void countersCases() throws IOException
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("counters-host"));
        final Path bridgePage = dir.resolve("counters-page");
        final Path truncated = dir.resolve("counters-truncated");
        final Path newer = dir.resolve("counters-newer");
        final Path dead = dir.resolve("counters-dead");
        try (ExabondCounters live = ExabondCounters.create(dir.resolve("counters-live"));
            Closeable _ = CountersFiles.bridgeTerm(live, "bond0", bridgePage,
                new BridgeTerm(true, 100, 2000, 3, 50_000, 70_000, 90_000, CountersFiles.NEVER_A_PID)))
        {
            CountersFiles.truncated(truncated, CountersFiles.INIT_PID);
            CountersFiles.otherVersion(live.file(), newer, CountersFiles.INIT_PID);
            CountersFiles.copyAs(live.file(), dead, CountersFiles.NEVER_A_PID);
        }
        try (PagePublisher _ = PagePublisher.create(bridgePage, bond(100_000), 0))
        {
            section("Counters files (stat, doctor --page on a fake host, status --format prometheus)");
            for (final Path folder : List.of(truncated, newer, dead))
            {
                final String what = folder == truncated ? "truncated" : folder == newer ?
                    "of another layout version" : "of a dead pid (a bridge's of the page)";
                cliShowing(what, "(unreadable|DEAD)", "stat", "--once", "--dir", folder.toString());
                cliShowing(what, "^(warning|info) +(counters|bridge)-", join(new String[] {"doctor", "bond0",
                    "--page", bridgePage.toString(), "--counters-dir", folder.toString()}, roots(host), NO_WAIT));
                cli(what, "status", "--page", bridgePage.toString(), "--format", "prometheus", "--counters-dir",
                    folder.toString());
            }
        }
    }

    private void signal(final String command, final String signal) throws Exception
    {
        final Path path = dir.resolve("signal-" + command);
        final List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "--enable-native-access=ALL-UNNAMED", "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-XX:TieredStopAtLevel=1", "-cp", ChildJvm.classPath(),
            Exabond.class.getName()));
        final BondSimulator[] simulator = new BondSimulator[1];
        CompletableFuture<Long> flips = CompletableFuture.completedFuture(0L);
        PagePublisher publisher = null;
        if ("watch".equals(command))
        {
            publisher = PagePublisher.create(path, bond(20), 0);
            simulator[0] = new BondSimulator(publisher, 0, 50_000_000L, 50_000_000L, 1);
            final BondSimulator running = simulator[0];
            flips = CompletableFuture.supplyAsync(() ->
            {
                running.idle();
                return 0L;
            }, OWN_THREAD);
            args.addAll(List.of("watch", "--page", path.toString()));
        }
        else
        {
            // A monitor interval of 2 s: the status read right after the signal judges the page, not how long a
            // loaded machine took to reap the child (3 missed heartbeats of 100 ms would read as a stall).
            args.addAll(List.of("simulate", "--page", path.toString(), "--gap-us", "1000-2000", "--monitor-ms",
                "2000"));
        }
        final Process process = new ProcessBuilder(args).start();
        try
        {
            final byte[] first = new byte[8];
            final int read = process.getErrorStream().read(first);
            assertTrue(read > 0, "the child started");
            Thread.sleep(300);
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor());
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the child ended after SIG" + signal);
            final String err = new String(first, 0, read, StandardCharsets.UTF_8) +
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            final String after = "simulate".equals(command) ? "; then " + statusOf(path) : "";
            record("SIG" + signal + " to " + command + after, "kill -" + signal + " <pid of exabond " + command +
                " --page PAGE>", process.exitValue(), out, err.lines().reduce((a, b) -> b).orElse(""));
        }
        finally
        {
            process.destroyForcibly();
            if (simulator[0] != null)
            {
                simulator[0].stop();
                flips.get(5, TimeUnit.SECONDS);
                publisher.close();
            }
        }
    }

    private void closedOutput() throws Exception
    {
        final Path path = dir.resolve("closed-output");
        try (PagePublisher publisher = PagePublisher.create(path, bond(20), 0))
        {
            final BondSimulator simulator = new BondSimulator(publisher, 0, 2_000_000L, 5_000_000L, 3);
            final CompletableFuture<Long> flips = CompletableFuture.supplyAsync(() -> simulator.run(g -> { }),
                OWN_THREAD);
            try
            {
                final OutputStream closed = new OutputStream()
                {
                    public void write(final int b) throws IOException
                    {
                        throw new IOException("Broken pipe");
                    }
                };
                final StringWriter err = new StringWriter();
                final String[] args = {"watch", "--page", path.toString(), "--idle", "yield"};
                final int code = Exabond.execute(new PrintWriter(closed), new PrintWriter(err), args);
                record("standard output closed (watch | head -0)", "exabond watch --page PAGE | head -0", code, "",
                    err.toString().lines().filter(l -> !l.startsWith("watching")).findFirst().orElse(""));
            }
            finally
            {
                simulator.stop();
                flips.get(5, TimeUnit.SECONDS);
            }
        }
    }

    private String statusOf(final Path path)
    {
        final StringWriter out = new StringWriter();
        final int code = Exabond.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "status", "--page",
            path.toString());
        return "status exits " + code + " (" +
            (out.toString().contains("seq stayed odd") ? "seq odd" : "page consistent") + ")";
    }

    private void record(final String label, final String command, final int code, final String out, final String err)
    {
        record(label, command, code, out, err, err);
    }

    private void record(final String label, final String command, final int code, final String out, final String err,
        final String shown)
    {
        for (final String text : List.of(out, err))
        {
            assertFalse(text.contains("\tat ") || text.contains("Exception") || text.contains("java.lang.") ||
                text.contains("Caused by"), () -> section + " / " + label + " printed a stack trace:\n" + text);
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                assertTrue(c == '\n' || c == '\t' || c >= 0x20 && c < 0x7F || c >= 0xA0, () -> section + " / " +
                    label + " printed a control character:\n" + InterfaceName.printable(text));
            }
        }
        assertTrue(code >= 0, label);
        final String firstErr = shown.lines().findFirst().orElse("(nothing)");
        rows.add("| " + cell(label) + " | `" + cell(normalize(command)).replace("`", "'") + "` | " + code + " | " +
            cell(normalize(firstErr)) + " |");
    }

    private String normalize(final String text)
    {
        return text.replace(dir.toString(), "$DIR")
            .replaceAll("a{40,}", "aaa...aaa")
            .replaceAll("-?\\d+(\\.\\d+)? (ns|us|ms|s)\\b", "<time>")
            .replaceAll("published \\d+ failovers; generation \\d+; active exanic\\d+:\\d+",
                "published N failovers; generation N; active exanicI:P")
            .replace("\u001b", "\\e")
            .replace("\n", "\\n");
    }

    private static String cell(final String text)
    {
        return text.replace("|", "\\|");
    }

    private String render()
    {
        final StringBuilder out = new StringBuilder();
        out.append("# Bad inputs and what exabond answers\n\n")
            .append("Generated by `BadInputCatalogueTest` (src/test/java/io/exabond/badinput/), which runs every case ")
            .append("below and fails when this file differs from what it observed. Regenerate with:\n\n")
            .append("    mvn test -Dtest=BadInputCatalogueTest -Dexabond.regenerate=true\n\n")
            .append("Exit codes: 0 fine, 1 error, 2 bad usage, 3 publisher stalled; 130 and 143 are the JVM's ")
            .append("128 + signal. `$DIR` is a temporary folder; `<time>` a measured duration. No case prints a ")
            .append("stack trace or a control character other than newline and tab (the test checks; arguments ")
            .append("shown here with a newline or ESC hold the real character, written `\\n` and `\\e`). When a ")
            .append("command answers on stdout only (doctor, bonds, unmanage), the last column shows its first ")
            .append("relevant line, marked `stdout:`. The fake hosts (`--sysfs`, `--dev`, `--proc`) are the test ")
            .append("trees of `FakeSysfs`: two ExaNIC cards (eth2, eth3 on exanic0; eth4 on exanic1), an Intel port ")
            .append("eth0 with VLAN eth0.100, bond0 (active-backup, miimon 100) of eth2 and eth3. Fault injection ")
            .append("(SIGKILL mid-write and between writes, a page ")
            .append("truncated, replaced or deleted while mapped) is covered by the tests of docs/reliability.md.\n");
        for (final String row : rows)
        {
            out.append(row).append('\n');
        }
        return out.toString();
    }

    private static void block(final MemorySegment page, final int offset, final int value)
    {
        page.set(ValueLayout.JAVA_INT, PageLayout.STATUS_BLOCK_OFFSET + offset, value);
    }

    private static void short16(final MemorySegment page, final int offset, final int value)
    {
        page.set(ValueLayout.JAVA_SHORT, PageLayout.STATUS_BLOCK_OFFSET + offset, (short)value);
    }

    private static void seq(final MemorySegment page, final long value)
    {
        page.set(ValueLayout.JAVA_LONG, PageLayout.STATUS_BLOCK_OFFSET + PageLayout.SEQ_OFFSET, value);
    }

    private static String members(final int count)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            out.append(i == 0 ? "" : ",").append("exanic0:").append(i);
        }
        return out.toString();
    }

    private static BondDescription bond(final int monitorMs)
    {
        return new BondDescription("bond0", monitorMs, monitorMs, 0,
            List.of(new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, true, false)));
    }

    private static final java.util.concurrent.Executor OWN_THREAD = task ->
    {
        final Thread thread = new Thread(task, "bad-input-catalogue");
        thread.setDaemon(true);
        thread.start();
    };
}
