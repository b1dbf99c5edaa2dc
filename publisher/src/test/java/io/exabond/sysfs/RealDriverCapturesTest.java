package io.exabond.sysfs;

import io.exabond.testing.Gcc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sysfs readers and {@code doctor} on trees the real Linux bonding driver wrote: captured by
 * {@code system-tests/real-bond/run --capture} in a QEMU guest (Debian's 6.1 kernel, dummy and veth slaves), beside
 * the hand-written trees of the other tests. The bonds of the {@code doctor} scenario: {@code rbgood} (active-backup,
 * miimon 100), {@code rbrr} (balance-rr), {@code rbnomon} (miimon and arp_interval 0), {@code rbempty} (no slave:
 * set up, yet without carrier and operstate down), {@code rbmac} (its MAC is its first slave's) and {@code rbmac2}
 * (the slave whose MAC it took was removed).
 */
class RealDriverCapturesTest
{
    private static final Path CAPTURES = Gcc.projectRoot().resolve("system-tests/real-bond/captures")
        .resolve("6.1.0-57-cloud-amd64");

    @ParameterizedTest
    @ValueSource(strings = {"bonds", "doctor", "failover", "bond-changes", "storm"})
    void shouldReadEveryBondTheDriverWroteWithoutAnUnreadableAttribute(final String scenario) throws IOException
    {
        final Sysfs sysfs = new Sysfs(CAPTURES.resolve(scenario));
        final List<String> bonds = sysfs.bondMasters();
        assertFalse(bonds.isEmpty(), scenario + ": no bond in the capture");
        for (final String name : bonds)
        {
            final BondState bond = BondReader.read(sysfs, name);
            assertEquals(List.of(), bond.unreadable(), scenario + "/" + name);
            assertEquals(attribute(sysfs, name, "mode").split(" ")[0], bond.mode().name(), scenario + "/" + name);
            final String active = attribute(sysfs, name, "active_slave");
            assertEquals(active.isEmpty() ? null : active, bond.activeSlave(), scenario + "/" + name);
            assertEquals(Integer.parseInt(attribute(sysfs, name, "miimon")), bond.miimonMs(), scenario + "/" + name);
            final String slaves = attribute(sysfs, name, "slaves");
            assertEquals(slaves.isEmpty() ? List.of() : List.of(slaves.split(" ")),
                bond.slaves().stream().map(SlaveState::name).toList(), scenario + "/" + name);
        }
    }

    @Test
    void shouldReportEachFindingWhereTheRealDriverShowsItAndNoneWhereItDoesNot() throws InterruptedException
    {
        final Sysfs sysfs = new Sysfs(CAPTURES.resolve("doctor"));
        final Set<String> found = new TreeSet<>();
        for (final Finding finding : new BondDoctor(sysfs, CAPTURES.resolve("no-dev"), null, 1000, "test", 0)
            .examine(null))
        {
            // Every bond gets these two notes; what is asserted is the rest.
            if (!Set.of("monitor-interval", "failover-budget").contains(finding.code()))
            {
                found.add(finding.code() + " " + finding.subject());
            }
        }

        assertEquals(new TreeSet<>(List.of(
            "exasock-not-loaded host",
            "bond-no-carrier rbempty", "no-members rbempty",
            "slave-not-smartnic g0", "slave-not-smartnic g1",
            "slave-not-smartnic m0", "slave-not-smartnic m1", "mac-pitfall m0",
            "slave-not-smartnic x1", "duplicate-mac x0",
            "monitors-off rbnomon", "slave-not-smartnic n0", "slave-not-smartnic n1",
            "mode rbrr", "slave-not-smartnic r0", "slave-not-smartnic r1")), found,
            "doctor's findings on the real driver's tree (dummy slaves are not SmartNIC ports)");
    }

    @Test
    void shouldSeeTheCapturedBondsAsTheDriverLeftThem() throws IOException
    {
        final Sysfs sysfs = new Sysfs(CAPTURES.resolve("doctor"));

        assertTrue(BondReader.read(sysfs, "rbgood").isActiveBackup());
        assertFalse(BondReader.read(sysfs, "rbrr").isActiveBackup());
        assertTrue(BondReader.read(sysfs, "rbnomon").bothMonitorsOff());
        assertEquals(List.of(), BondReader.read(sysfs, "rbempty").slaves());
        assertEquals(LinkState.NO_CARRIER, LinkState.read(sysfs, "rbempty"), "set up by the scenario: carrier " +
            "could be read (0), which the kernel refuses for an interface that is down; the capture has no flags");
        assertEquals(LinkState.UP, LinkState.read(sysfs, "rbgood"));
    }

    private static String attribute(final Sysfs sysfs, final String bond, final String name) throws IOException
    {
        return Files.readString(sysfs.netDir(bond).resolve("bonding").resolve(name)).trim();
    }
}
