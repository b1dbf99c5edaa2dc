package io.exabond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.CliRun;
import io.exabond.json.StrictJson;
import io.exabond.profile.FollowingExasock;
import io.exabond.sysfs.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code exabond profile BOND --trigger N --yes} end to end on a fake host whose kernel page follows the bond
 * ({@link FollowingExasock}): the profile's own report on stdout and in its files, and the bond as it was at the end.
 */
class ProfileTriggerCommandTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void shouldPrintAndWriteTheProfilesOwnReportAndLeaveTheBondAsItWas() throws Exception
    {
        final FakeSysfs host = FakeSysfs.standardHost(dir.resolve("host")).exasock("bond0");
        final Path out = dir.resolve("out");
        final CliRun run;
        try (FollowingExasock exasock = new FollowingExasock(host))
        {
            run = CliRun.run("profile", "bond0", "--trigger", "3", "--yes", "--sysfs", host.sys().toString(), "--dev",
                host.dev().toString(), "--idle", "sleep-ns", "--trigger-gap-ms", "0-2", "--trigger-timeout-ms",
                "60000", "--poll-delay-ns", "250", "--out", out.toString());
            assertTrue(exasock.changes() >= 5, "the page followed the 2 + 3 failovers and the restore");
        }

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("exabond profile --trigger: bond0 failed over for real by writing its " +
            "active_slave"), run.out());
        assertTrue(run.out().contains("trigger -> listener entry (ns):"), run.out());
        assertTrue(run.out().contains("the chain, doctor's prediction beside what was measured"), run.out());
        assertTrue(run.out().contains("restored:  made eth2 the active slave of bond0 again (it was eth3)"),
            run.out());
        assertFalse(run.out().contains("as multiples of the floor"), "no floor in a trigger profile");
        assertTrue(run.err().contains("profile: failing bond0 over 5 times (2 warm-up) by writing active_slave"),
            run.err());
        assertEquals("eth2\n", Files.readString(host.net("bond0").resolve("bonding/active_slave")));

        final JsonNode summary = StrictJson.parse(Files.readString(out.resolve("summary.json")));
        assertEquals("exabond profile bond0 --trigger 3 --yes --sysfs " + host.sys() + " --dev " + host.dev() +
            " --idle sleep-ns --trigger-gap-ms 0-2 --trigger-timeout-ms 60000 --poll-delay-ns 250 --out " + out,
            summary.get("run").get("command").textValue());
        assertEquals("bond0", summary.get("trigger").get("bond").textValue());
        assertEquals(250, summary.get("budget").get("poll_delay_p99_ns").longValue(), "doctor's poll delay, as given");
        assertEquals(100, summary.get("budget").get("bonding_detection_ms").intValue(), "miimon 100");
        assertTrue(Files.exists(out.resolve("report.html")));
    }
}
