package io.exabond.sysfs;

import io.exabond.internal.Errno;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.page.PageException;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Examines bonds and their pages and reports every {@link Finding} with its severity and the command that fixes
 * it: the checks of docs/driver-facts.md (mode, monitors, members, SmartNIC slaves, the MAC pitfall), the page
 * (missing, stale heartbeat, stuck seqlock, word 0 that disagrees with sysfs {@code active_slave}) and the failover
 * budget.
 * Reads only: sysfs, the page mapped read-only, and the processes' counters files (the bridge's term).
 */
public final class BondDoctor
{
    /** Device types whose MAC address legitimately repeats the bond's. */
    private static final Set<String> STACKED_TYPES = Set.of("vlan", "bridge", "bond", "team", "macvlan", "macvtap");

    private final Sysfs sysfs;
    private final Path devDir;
    private final Path page;
    private final long pollDelayNs;
    private final String pollDelayLabel;
    private final long settleMs;
    private final NodeUser nodeReader;
    private final Accounts accounts;
    private final Path countersDirectory;

    /**
     * A doctor that does not check who may open the device nodes.
     *
     * @param sysfs          the tree.
     * @param devDir         the folder of the exabond device nodes, normally {@code /dev}.
     * @param page           a page file to check instead of {@code <devDir>/exabond-<bond>} (a bridge's), or null.
     * @param pollDelayNs    the reader's poll delay for the failover budget, ns; negative when unknown.
     * @param pollDelayLabel how it was obtained (clock, machine), for the message.
     * @param settleMs       how long to wait before calling word 0 and sysfs in disagreement for good, since the
     *                       driver follows sysfs only once per monitor interval; negative for two monitor intervals.
     */
    public BondDoctor(final Sysfs sysfs, final Path devDir, final Path page, final long pollDelayNs,
        final String pollDelayLabel, final long settleMs)
    {
        this(sysfs, devDir, page, pollDelayNs, pollDelayLabel, settleMs, null, null);
    }

    /**
     * @param sysfs          the tree.
     * @param devDir         the folder of the exabond device nodes, normally {@code /dev}.
     * @param page           a page file to check instead of {@code <devDir>/exabond-<bond>} (a bridge's), or null.
     * @param pollDelayNs    the reader's poll delay for the failover budget, ns; negative when unknown.
     * @param pollDelayLabel how it was obtained (clock, machine), for the message.
     * @param settleMs       how long to wait before calling word 0 and sysfs in disagreement for good, since the
     *                       driver follows sysfs only once per monitor interval; negative for two monitor intervals.
     * @param reader         the user who must open a bond's device node for reading (the feed handler's), or null
     *                       not to check it.
     * @param accounts       the local user and group tables that name owners and groups, or null with no reader.
     */
    public BondDoctor(final Sysfs sysfs, final Path devDir, final Path page, final long pollDelayNs,
        final String pollDelayLabel, final long settleMs, final NodeUser reader, final Accounts accounts)
    {
        this(sysfs, devDir, page, pollDelayNs, pollDelayLabel, settleMs, reader, accounts,
            CountersScan.defaultDirectory());
    }

    private BondDoctor(final Sysfs sysfs, final Path devDir, final Path page, final long pollDelayNs,
        final String pollDelayLabel, final long settleMs, final NodeUser reader, final Accounts accounts,
        final Path countersDirectory)
    {
        this.countersDirectory = countersDirectory;
        this.sysfs = sysfs;
        this.devDir = devDir;
        this.page = page;
        this.pollDelayNs = pollDelayNs;
        this.pollDelayLabel = pollDelayLabel;
        this.settleMs = settleMs;
        this.nodeReader = reader;
        this.accounts = accounts;
    }

    /**
     * Where to look for the counters of the bridge that publishes {@code page}, whose term goes into the failover
     * budget ({@link BridgeTerm#readForBudget(Path, Path, String, java.util.function.Consumer)}); by default
     * {@link CountersScan#defaultDirectory()}.
     *
     * @param directory the folder of the processes' counters files.
     * @return a doctor like this one that looks there.
     */
    public BondDoctor countersDirectory(final Path directory)
    {
        return new BondDoctor(sysfs, devDir, page, pollDelayNs, pollDelayLabel, settleMs, nodeReader, accounts,
            directory);
    }

    /**
     * @param bond the bond to examine, or null for every managed bond (every bond on the host when none is managed).
     * @return the findings, host-wide ones first.
     * @throws InterruptedException when interrupted while waiting for the page to settle.
     */
    public List<Finding> examine(final String bond) throws InterruptedException
    {
        final List<Finding> out = new ArrayList<>();
        final ExabondMasters masters = ExabondMasters.read(sysfs);
        if (masters == null && Files.exists(sysfs.exabondMasters()))
        {
            out.add(new Finding(Severity.WARNING, "masters-unreadable", "host",
                ExabondMasters.unreadableMessage(sysfs), "ls -l " + sysfs.exabondMasters() +
                "   (run doctor as a user that may read it)"));
        }
        else if (masters == null)
        {
            if (page == null)
            {
                out.add(new Finding(Severity.WARNING, "exasock-not-loaded", "host", "the exasock module is not " +
                    "loaded (" + sysfs.exabondMasters() + " does not exist), so no bond has a kernel page",
                    "modprobe exasock   (or publish from sysfs: exabond bridge BOND --page /dev/shm/exabond-BOND)"));
            }
        }
        else if (!masters.garbage().isEmpty())
        {
            out.add(new Finding(Severity.WARNING, "masters-garbage", "host", sysfs.exabondMasters() + " holds " +
                masters.describeGarbage() + ", which are not interface names; the driver never writes that",
                "cat " + sysfs.exabondMasters() + "   (is it the exasock driver's file?)"));
        }
        final List<String> bonds = new ArrayList<>();
        if (bond != null)
        {
            final Refusal name = ManageCheck.checkName(bond);
            if (name != null)
            {
                // The subject heads the finding's line: a hostile name must not break it or drive the terminal.
                out.add(new Finding(Severity.ERROR, "bad-name", InterfaceName.printable(bond), name.message(),
                    name.fix()));
                return out;
            }
            bonds.add(bond);
        }
        else if (masters != null && !masters.bonds().isEmpty())
        {
            bonds.addAll(masters.bonds());
        }
        else
        {
            bonds.addAll(sysfs.bondMasters());
            if (bonds.isEmpty())
            {
                out.add(new Finding(Severity.INFO, "no-bonds", "host", "there is no bond on this host (" +
                    sysfs.netDir() + ")", "ip link add bond0 type bond mode active-backup miimon 100"));
            }
        }
        for (final String name : bonds)
        {
            examineBond(name, masters, out);
        }
        return out;
    }

    private void examineBond(final String bond, final ExabondMasters masters, final List<Finding> out)
        throws InterruptedException
    {
        final boolean managed = masters != null && masters.isManaged(bond);
        if (!sysfs.interfaceExists(bond))
        {
            out.add(new Finding(Severity.ERROR, "bond-missing", bond, "there is no interface " + bond +
                (managed ? ", yet " + sysfs.exabondMasters() + " lists it" : "") + " (" + sysfs.netDir(bond) +
                " does not exist)", "ip link add " + bond + " type bond mode active-backup miimon 100"));
            return;
        }
        if (!sysfs.isBondMaster(bond))
        {
            out.add(new Finding(Severity.ERROR, "not-a-bond", bond, bond + " is not a bond (no " +
                sysfs.netDir(bond).resolve("bonding") + ")", "cat " + sysfs.netDir().resolve("bonding_masters") +
                "   (lists the bonds)"));
            return;
        }
        final BondState state = BondReader.read(sysfs, bond);
        for (final String unreadable : state.unreadable())
        {
            out.add(new Finding(Severity.WARNING, "sysfs-unreadable", bond, unreadable,
                "check that the bonding module owns " + sysfs.netDir(bond).resolve("bonding")));
        }
        checkSettings(state, out);
        checkMembers(state, out);
        checkMacs(state, out);
        if (masters != null && !managed && page == null)
        {
            final Refusal refusal = ManageCheck.checkManageable(sysfs, bond);
            out.add(new Finding(Severity.WARNING, "not-managed", bond, bond + " is not under exasock management, " +
                "so it has no page" + (refusal == null ? "" : " (and cannot be managed yet: " + refusal.message() +
                ")"), "exabond manage " + bond + "   (or: exabond bridge " + bond + " --page /dev/shm/exabond-" +
                bond + ")"));
        }
        final Path path = page != null ? page : managed ? BondPage.devicePath(devDir, bond) : null;
        StatusSnapshot block = null;
        if (path != null)
        {
            block = checkPage(state, path, managed, out);
        }
        budget(state, block, out);
    }

    private void checkSettings(final BondState state, final List<Finding> out)
    {
        final String bond = state.name();
        if (state.mode() != null && !state.isActiveBackup())
        {
            out.add(new Finding(Severity.ERROR, "mode", bond, bond + " is in mode " + state.mode() + "; the exasock " +
                "extension manages only active-backup bonds", "ip link set " + bond + " down && ip link set " + bond +
                " type bond mode active-backup && ip link set " + bond + " up"));
        }
        checkLink(state, out);
        if (state.bothMonitorsOff())
        {
            out.add(new Finding(Severity.ERROR, "monitors-off", bond, "both miimon and arp_interval are off on " +
                bond + ": SmartNIC ports send no link-down event, so the bonding driver may never notice the active " +
                "link going down, and neither will the page; the exasock driver then looks only every 200 ms and " +
                "emits a kernel WARN_ONCE (a full warning with a backtrace in the kernel log, which taints the " +
                "kernel; once per module load)", "ip link set " + bond +
                " type bond miimon 100   (or: echo 100 > " + sysfs.netDir(bond).resolve("bonding/miimon") + ")"));
        }
        if (state.arpIntervalMs() > 0 && !state.hasArpTarget())
        {
            final boolean miimonOn = state.miimonMs() > 0;
            out.add(new Finding(miimonOn ? Severity.INFO : Severity.WARNING, "arp-no-target", bond, "arp_interval is " +
                state.arpIntervalMs() + " ms on " + bond +
                " but no arp_ip_target is set, so the ARP monitor does not " +
                "run" + (miimonOn ? "; only miimon counts" : ""), miimonOn ? null : "ip link set " + bond +
                " type bond miimon 100   (or set a target: ip link set " + bond + " type bond arp_ip_target GATEWAY)"));
        }
        out.add(new Finding(Severity.INFO, "monitor-interval", bond, "the exasock driver looks at " + bond +
            " every " + state.monitorIntervalMs() + " ms: the smaller of miimon (" + describeMs(state.miimonMs()) +
            ") and arp_interval (" + describeMs(state.hasArpTarget() ? state.arpIntervalMs() : 0) +
            (state.hasArpTarget() ? "" : ", no ARP target") + "), a monitor that is off counting as 200 ms", null));
    }

    /**
     * Admin-down and no-carrier both show {@code operstate down}; only the first is fixed by setting the bond up.
     * An empty bond that is up has no carrier: none of its slaves has a link, since it has none.
     */
    private void checkLink(final BondState state, final List<Finding> out)
    {
        final String bond = state.name();
        switch (LinkState.read(sysfs, bond))
        {
            case ADMIN_DOWN -> out.add(new Finding(Severity.WARNING, "bond-down", bond, bond + " is " +
                "administratively down (IFF_UP is clear in " + sysfs.netDir(bond).resolve("flags") + ")",
                "ip link set " + bond + " up"));
            case NO_CARRIER -> out.add(state.slaves().isEmpty() ?
                new Finding(Severity.WARNING, "bond-no-carrier", bond, bond + " is up but has no carrier: no slave " +
                "link is up, and an empty bond has none", "ip link set IF down && ip link set IF master " + bond +
                "   (IF: a SmartNIC port with its link up)") :
                new Finding(Severity.WARNING, "bond-no-carrier", bond, bond + " is up but has no carrier: no slave " +
                "link is up (" + String.join(", ", state.slaves().stream().map(SlaveState::name).toList()) + ")",
                "ip link set SLAVE up   (then check the cable and the peer: ethtool SLAVE)"));
            default ->
            {
                // Up, or nothing tells: no finding.
            }
        }
    }

    private void checkMembers(final BondState state, final List<Finding> out)
    {
        final String bond = state.name();
        if (state.slaves().isEmpty())
        {
            out.add(new Finding(Severity.WARNING, "no-members", bond, bond + " has no slaves; libexasock needs the " +
                "bond to have at least one member before it is used", "ip link set IF down && ip link set IF master " +
                bond + "   (IF: a SmartNIC port)"));
            return;
        }
        for (final SlaveState slave : state.slaves())
        {
            final Refusal refusal = ManageCheck.checkSlave(state, slave, Errno.ENODEV);
            if (refusal != null)
            {
                final String code = switch (slave.iface().kind())
                {
                    case BOND_MASTER -> "slave-is-bond";
                    case VLAN -> "slave-is-vlan";
                    case MISSING -> "slave-missing";
                    default -> "slave-not-smartnic";
                };
                out.add(new Finding(Severity.ERROR, code, slave.name(), refusal.message() + " (adding it to a " +
                    "managed bond fails with " + Errno.name(refusal.errno()) + ")", refusal.fix()));
            }
            else if (!slave.iface().hasExanicId())
            {
                out.add(new Finding(Severity.INFO, "exanic-id-unknown", slave.name(), "cannot tell the SmartNIC " +
                    "number and port of " + slave.name() + " from sysfs (" + slave.iface().idProblem() + ")",
                    "exabond bridge " + bond + " --member " + slave.name() +
                    "=ID:PORT ...   (only a bridge needs it)"));
            }
            if (slave.iface().kind() != InterfaceKind.MISSING && !slave.linkUp())
            {
                final String mii = slave.miiStatus() == null ? null : InterfaceName.printable(slave.miiStatus());
                out.add(new Finding(Severity.WARNING, "slave-link-down", slave.name(), "the link of " + slave.name() +
                    " is down (mii_status " + mii + "), so " + bond + " cannot fail over to it",
                    "ip link set " + slave.name() + " up   (then check the cable and the peer: ethtool " +
                    slave.name() + ")"));
            }
        }
        // Outside active-backup the driver leaves active_slave empty by design (found against the real driver on a
        // balance-rr bond): the mode finding says what is wrong there, this one would send the user after nothing.
        if (state.activeSlave() == null && state.isActiveBackup())
        {
            out.add(new Finding(Severity.WARNING, "no-active-slave", bond, bond + " has slaves but no active one",
                LinkState.read(sysfs, bond) == LinkState.ADMIN_DOWN ? "ip link set " + bond + " up" :
                "ip link set SLAVE up   (a slave of " + bond + "; then check its cable and peer: ethtool SLAVE)"));
        }
    }

    private void checkMacs(final BondState state, final List<Finding> out)
    {
        final String bond = state.name();
        if (state.address() == null)
        {
            return;
        }
        for (final SlaveState slave : state.slaves())
        {
            if (Macs.bondUsesSlaveMac(state, slave))
            {
                out.add(new Finding(Severity.INFO, "mac-pitfall", slave.name(), bond + " uses the permanent MAC " +
                    "address of " + slave.name() + " (" + state.address() + "): removing " + slave.name() +
                    " from the bond leaves two devices with one MAC", "ip link set " + bond + " address " +
                    Macs.locallyAdministered(state.address()) + "   (before removing " + slave.name() + ")"));
            }
        }
        for (final String other : sysfs.interfaces())
        {
            if (other.equals(bond) || state.indexOf(other) >= 0)
            {
                continue;
            }
            final String devtype = SysfsText.ueventValue(sysfs.attribute(other, "uevent"), "DEVTYPE");
            if (devtype != null && STACKED_TYPES.contains(devtype))
            {
                continue;
            }
            if (state.address().equals(SysfsText.mac(sysfs.attribute(other, "address"))))
            {
                out.add(new Finding(Severity.WARNING, "duplicate-mac", other,
                    other + " has the MAC address of " + bond +
                    " (" + state.address() + ") without being its slave: a removed slave kept it, and two devices " +
                    "now answer for one MAC", "ip link set " + bond + " address " +
                    Macs.locallyAdministered(state.address())));
            }
        }
    }

    private StatusSnapshot checkPage(final BondState state, final Path path, final boolean managed,
        final List<Finding> out) throws InterruptedException
    {
        final String bond = state.name();
        if (!Files.exists(path))
        {
            out.add(new Finding(Severity.ERROR, "page-missing", bond, "the page " + path + " does not exist" +
                (page == null ? " although " + bond + " is managed" : ""), page == null ?
                "exabond unmanage " + bond + " && exabond manage " + bond + "   (and check udev: ls -l " + devDir +
                "/exabond-*)" : "exabond bridge " + bond + " --page " + path));
            return null;
        }
        final boolean accessReported = page == null && checkAccess(bond, path, out);
        try (BondPage mapped = BondPage.open(path))
        {
            final StatusBlockReader reader = new StatusBlockReader(mapped.segment());
            StatusSnapshot snapshot = new StatusSnapshot();
            final StatusBlockReader.Status status = reader.read(snapshot, 200_000_000L);
            final String restart = "restart its publisher: exabond bridge " + bond + " --page " + path;
            switch (status)
            {
                case INVALID ->
                {
                    out.add(new Finding(Severity.ERROR, "block-invalid", bond, path + " has no valid status block: " +
                        reader.problem(), restart));
                    snapshot = null;
                }
                case STALLED ->
                {
                    out.add(new Finding(Severity.ERROR, "seqlock-stuck", bond, "the status block of " + path +
                        " stayed mid-write (seq odd) for 200 ms: its publisher died or stopped while writing",
                        restart));
                    snapshot = null;
                }
                case NO_BLOCK -> snapshot = null;
                case CONSISTENT ->
                {
                    final long now = System.nanoTime();
                    if (snapshot.isHeartbeatStale(now))
                    {
                        out.add(new Finding(Severity.ERROR, "heartbeat-stale", bond, "the heartbeat of " + path +
                            " is " + TimeUnit.NANOSECONDS.toMillis(snapshot.heartbeatAgeNs(now)) + " ms old, more " +
                            "than 3 monitor intervals (" + snapshot.monitorIntervalMs() +
                            " ms): its publisher is not " +
                            "running", restart));
                    }
                    if (!snapshot.bondName().equals(bond))
                    {
                        // Whoever can write the page chose that name: it goes into a command only when it is an
                        // interface name, never as '../../etc/passwd' or with a shell's metacharacters.
                        final String other = snapshot.bondName();
                        final boolean valid = InterfaceName.problem(other) == null;
                        out.add(new Finding(Severity.WARNING, "page-other-bond", bond, path + " describes bond " +
                            InterfaceName.quote(other) + (valid ? "" : ", which is not an interface name") +
                            ", not " + bond, valid ? "exabond doctor " + other + " --page " + path :
                            "restart its publisher: exabond bridge " + bond + " --page " + path));
                    }
                }
                default -> throw new IllegalStateException(status.toString());
            }
            checkWord0(state, mapped, reader, snapshot != null, out);
            return snapshot;
        }
        catch (final PageException e)
        {
            if (accessReported && (e.errno() == Errno.EACCES || e.errno() == Errno.EPERM))
            {
                // node-access already says why and what fixes it.
                return null;
            }
            out.add(new Finding(Severity.ERROR, "page-unreadable", bond, e.getMessage(), managed && page == null ?
                "run as a user that may read " + path + " (check its mode: ls -l " + path + ")" :
                "exabond bridge " + bond + " --page " + path));
            return null;
        }
        catch (final InternalError e)
        {
            out.add(new Finding(Severity.ERROR, "page-unreadable", bond, "reading " + path + " faulted: the file " +
                "was truncated while mapped", "exabond bridge " + bond + " --page " + path));
            return null;
        }
    }

    /**
     * Whether the reader may open the kernel's node, from its owner, group and mode. The driver makes every node
     * {@code crw------- root root} (0600) and offers no way to change it: only a udev rule can, and it must give
     * read access only (see {@link UdevRule}).
     *
     * @return true when it reported that the reader cannot open the node.
     */
    private boolean checkAccess(final String bond, final Path node, final List<Finding> out)
    {
        final NodeAccess access = nodeReader == null ? null : NodeAccess.statOrNull(node);
        if (access == null)
        {
            return false;
        }
        final String described = access.describe(accounts);
        final String user = nodeReader.nameForCommand();
        if (access.writableByOthers())
        {
            out.add(new Finding(Severity.WARNING, "node-writable", bond, node + " is " + described + ": a process " +
                "that opens it for writing can mprotect its mapping writable and write into the kernel's page, " +
                "which every reader of " + bond + " trusts (the driver does not clear VM_MAYWRITE); give a group " +
                "read access only", "the udev rule with MODE=\"0640\": echo '" + UdevRule.RULE + "' > " +
                UdevRule.RULES_DIR + "/" + UdevRule.FILE_NAME + " && udevadm control --reload && udevadm trigger " +
                "--subsystem-match=misc"));
        }
        if (nodeReader.isRoot())
        {
            if (access.ownerOnly())
            {
                out.add(new Finding(Severity.INFO, "node-root-only", bond, "only root can open " + node + " (" +
                    described + ", as the exasock driver makes every node); a feed handler that runs as another " +
                    "user cannot map the page", "exabond doctor " + bond + " --as-user USER   (says what lets USER " +
                    "read it)"));
            }
            return false;
        }
        if (access.readableBy(nodeReader))
        {
            return false;
        }
        final String who = nodeReader.describe() + " cannot open " + node + " for reading: it is " + described;
        final String group = accounts.groupName(access.gid());
        if (access.groupReadable() && access.uid() != nodeReader.uid())
        {
            final String groupName = group == null ? Integer.toString(access.gid()) : group;
            out.add(new Finding(Severity.ERROR, "node-access", bond, who + ", readable by group " + groupName + ", " +
                (nodeReader.groupsKnown() ? "and " + nodeReader.describe() + " is not in it" : "and the groups of " +
                nodeReader.describe() + " are unknown (not in " + accounts.etc().resolve("passwd") + ")"),
                "usermod -aG " + groupName + " " + user + "   (then restart " + user + "'s feed handler: a process " +
                "gets its groups when it starts)"));
            return true;
        }
        out.add(new Finding(Severity.ERROR, "node-access", bond, who + (access.ownerOnly() ?
            ", as the exasock driver makes every node: the driver offers no way to change it. A udev rule gives a " +
            "group read access, read only (0640, never 0660: a writable descriptor lets a process mprotect its " +
            "mapping writable and write into the kernel's page): " + UdevRule.RULE :
            "; a udev rule gives a group read access (0640, never 0660): " + UdevRule.RULE),
            UdevRule.installCommands(user)));
        return true;
    }

    private void checkWord0(final BondState first, final BondPage mapped, final StatusBlockReader reader,
        final boolean hasBlock, final List<Finding> out) throws InterruptedException
    {
        String disagreement = disagreement(first, mapped, reader, hasBlock);
        if (disagreement == null)
        {
            return;
        }
        // The driver follows sysfs once per monitor interval: look again after that before calling it wrong.
        final long wait = settleMs >= 0 ? settleMs : 2L * first.monitorIntervalMs();
        Thread.sleep(wait);
        final BondState again = BondReader.read(sysfs, first.name());
        if (again == null)
        {
            return;
        }
        disagreement = disagreement(again, mapped, reader, hasBlock);
        if (disagreement != null)
        {
            out.add(new Finding(Severity.ERROR, "word0-disagrees", first.name(), disagreement + " (still after " +
                wait + " ms)", hasBlock ? "restart its publisher: exabond bridge " + first.name() + " --page " +
                mapped.path() : "exabond unmanage " + first.name() + " && exabond manage " + first.name() +
                "   (the driver re-reads the bond; a process that mapped the page keeps a frozen one and must map " +
                "the new node)"));
        }
    }

    private static String disagreement(final BondState state, final BondPage mapped, final StatusBlockReader reader,
        final boolean hasBlock)
    {
        final int raw = mapped.groupInfoAcquire();
        final SlaveState active = state.active();
        if (active == null)
        {
            return GroupInfo.isActive(raw) ? "word 0 says " + GroupInfo.describe(raw) + " is active, but sysfs " +
                "active_slave of " + state.name() + " is empty" : null;
        }
        if (!GroupInfo.isActive(raw))
        {
            return "sysfs active_slave of " + state.name() + " is " + active.name() + " (" +
                active.iface().portLabel() + "), but word 0 has no active slave (" + GroupInfo.describe(raw) + ")";
        }
        if (hasBlock)
        {
            final StatusSnapshot snapshot = new StatusSnapshot();
            if (reader.read(snapshot, 200_000_000L) != StatusBlockReader.Status.CONSISTENT)
            {
                return null;
            }
            String blockActive = null;
            for (int i = 0; i < snapshot.memberCount(); i++)
            {
                if (snapshot.isMemberActive(i))
                {
                    blockActive = snapshot.memberIfname(i);
                }
            }
            if (!active.name().equals(blockActive))
            {
                return "sysfs active_slave of " + state.name() + " is " + active.name() + ", but the page's block " +
                    "says " + (blockActive == null ? "no member" : blockActive) + " is active";
            }
            return snapshot.activeRaw() == raw ? null : String.format("word 0 (0x%08x) differs from the block's " +
                "active_raw (0x%08x)", raw, snapshot.activeRaw());
        }
        if (active.iface().hasExanicId() && (GroupInfo.exanicId(raw) != active.iface().exanicId() ||
            GroupInfo.exanicPort(raw) != active.iface().exanicPort()))
        {
            return "sysfs active_slave of " + state.name() + " is " + active.name() + " (" +
                active.iface().portLabel() + "), but word 0 says " + GroupInfo.describe(raw);
        }
        return null;
    }

    private void budget(final BondState state, final StatusSnapshot block, final List<Finding> out)
    {
        final BridgeTerm term = block != null ? bridgeTerm(state.name(), out) : null;
        final FailoverBudget budget = FailoverBudget.of(sysfs, state, block != null ? block.monitorIntervalMs() : -1,
            term, pollDelayNs, pollDelayLabel);
        out.add(new Finding(Severity.INFO, "failover-budget", state.name(), budget.message(), null));
    }

    private BridgeTerm bridgeTerm(final String bond, final List<Finding> out)
    {
        if (page == null)
        {
            return null;
        }
        return BridgeTerm.readForBudget(countersDirectory, page, bond, out::add);
    }

    private static String describeMs(final int ms)
    {
        if (ms == SysfsText.UNKNOWN)
        {
            return "unreadable, counted as off";
        }
        return ms == 0 ? "off" : ms + " ms";
    }
}
