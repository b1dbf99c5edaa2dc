package io.exabond.cli;

import io.exabond.json.Json;
import io.exabond.page.BondPage;
import io.exabond.sysfs.InterfaceName;
import io.exabond.sysfs.BondReader;
import io.exabond.sysfs.BondState;
import io.exabond.sysfs.ExabondMasters;
import io.exabond.sysfs.ManageCheck;
import io.exabond.sysfs.Refusal;
import io.exabond.sysfs.SlaveState;
import io.exabond.sysfs.Sysfs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code exabond bonds}: the managed bonds and the other bonds of the host, with why each could or could not be
 * managed.
 */
@Command(name = "bonds", mixinStandardHelpOptions = true,
    description = "List the bonds under exasock management (from <sysfs>/class/net/exabond_masters) with mode, " +
        "active slave, members, monitors and whether the page exists; then the other bonds of the host and why " +
        "each could or could not be managed. Reads only.")
final class BondsCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SysfsRoots roots;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final Sysfs sysfs = roots.sysfs();
        final ExabondMasters masters = ExabondMasters.read(sysfs);
        final List<String> managed = masters == null ? List.of() : masters.bonds();
        final List<String> others = new ArrayList<>();
        for (final String bond : sysfs.bondMasters())
        {
            if (!managed.contains(bond))
            {
                others.add(bond);
            }
        }
        if (json)
        {
            out.println(json(sysfs, masters, managed, others));
        }
        else
        {
            out.print(text(sysfs, masters, managed, others));
        }
        out.flush();
        return ExitCode.OK;
    }

    private String text(final Sysfs sysfs, final ExabondMasters masters, final List<String> managed,
        final List<String> others)
    {
        final StringBuilder out = new StringBuilder();
        final String nl = System.lineSeparator();
        if (masters == null)
        {
            out.append("exasock: ").append(problem(sysfs)).append(nl);
        }
        else
        {
            out.append("exasock: loaded (").append(sysfs.exabondMasters()).append(")").append(nl);
            if (!masters.garbage().isEmpty())
            {
                out.append("warning: ").append(sysfs.exabondMasters()).append(" also holds ")
                    .append(masters.describeGarbage()).append(", which are not interface names").append(nl);
            }
            out.append("managed bonds: ").append(managed.isEmpty() ? "none" : Integer.toString(managed.size()))
                .append(nl);
        }
        for (final String bond : managed)
        {
            final BondState state = BondReader.read(sysfs, bond);
            final Path page = BondPage.devicePath(roots.devDir, bond);
            if (state == null)
            {
                out.append("  ").append(bond).append("  missing from ").append(sysfs.netDir())
                    .append(" (listed as managed)").append(nl);
                continue;
            }
            describe(out, state, nl);
            out.append("      page: ").append(page).append(Files.exists(page) ? " (present)" : " (MISSING)").append(nl);
        }
        out.append(masters == null ? "bonds on this host: " : "other bonds: ")
            .append(others.isEmpty() ? "none" : Integer.toString(others.size())).append(nl);
        for (final String bond : others)
        {
            final BondState state = BondReader.read(sysfs, bond);
            if (state == null)
            {
                continue;
            }
            describe(out, state, nl);
            final Refusal refusal = ManageCheck.checkManageable(sysfs, bond);
            out.append("      ").append(refusal == null ? "can be managed: exabond manage " + bond :
                "cannot be managed: " + refusal).append(nl);
        }
        return out.toString();
    }

    private static void describe(final StringBuilder out, final BondState state, final String nl)
    {
        final SlaveState active = state.active();
        out.append("  ").append(state.name()).append("  mode ").append(state.mode() == null ? "?" : state.mode())
            .append("  active ").append(active == null ? "none" : active.name() + " (" +
            active.iface().portLabel() + ")").append(nl);
        out.append("      members: ");
        if (state.slaves().isEmpty())
        {
            out.append("none");
        }
        for (int i = 0; i < state.slaves().size(); i++)
        {
            final SlaveState slave = state.slaves().get(i);
            out.append(i > 0 ? ", " : "").append(slave.name()).append(' ').append(slave.iface().portLabel())
                .append(slave.linkUp() ? " up" : " down").append(slave.name().equals(state.primary()) ?
                " primary" : "");
        }
        out.append(nl);
        out.append("      monitors: miimon ").append(ms(state.miimonMs())).append(", arp_interval ")
            .append(ms(state.arpIntervalMs())).append(state.hasArpTarget() ? " (targets " +
            InterfaceName.printable(String.join(",", state.arpTargets())) + ")" :
            state.arpIntervalMs() > 0 ? " (no target: ignored)" : "")
            .append(" -> exasock monitor interval ").append(state.monitorIntervalMs()).append(" ms").append(nl);
    }

    private String json(final Sysfs sysfs, final ExabondMasters masters, final List<String> managed,
        final List<String> others)
    {
        final Json root = new Json()
            .field("exasock_loaded", masters != null)
            .field("masters_file", sysfs.exabondMasters().toString());
        if (masters == null)
        {
            root.field("problem", problem(sysfs));
        }
        else if (!masters.garbage().isEmpty())
        {
            root.field("garbage", String.join(" ", masters.garbage()));
        }
        final List<Json> managedJson = new ArrayList<>();
        for (final String bond : managed)
        {
            final BondState state = BondReader.read(sysfs, bond);
            final Path page = BondPage.devicePath(roots.devDir, bond);
            final Json item = state == null ? new Json().field("bond", bond).field("missing", true) : bondJson(state);
            managedJson.add(item.field("page", page.toString()).field("page_exists", Files.exists(page)));
        }
        final List<Json> otherJson = new ArrayList<>();
        for (final String bond : others)
        {
            final BondState state = BondReader.read(sysfs, bond);
            if (state == null)
            {
                continue;
            }
            final Refusal refusal = ManageCheck.checkManageable(sysfs, bond);
            final Json item = bondJson(state).field("manageable", refusal == null);
            if (refusal != null)
            {
                item.field("reason", refusal.message()).field("fix", refusal.fix());
            }
            otherJson.add(item);
        }
        return root.array("managed", managedJson).array("other", otherJson).toString();
    }

    private static Json bondJson(final BondState state)
    {
        final List<Json> members = new ArrayList<>();
        for (final SlaveState slave : state.slaves())
        {
            members.add(new Json()
                .field("ifname", slave.name())
                .field("kind", slave.iface().kind().name().toLowerCase(java.util.Locale.ROOT))
                .field("exanic_id", slave.iface().exanicId())
                .field("exanic_port", slave.iface().exanicPort())
                .field("link_up", slave.linkUp())
                .field("primary", slave.name().equals(state.primary()))
                .field("active", slave.name().equals(state.activeSlave())));
        }
        return new Json()
            .field("bond", state.name())
            .field("mode", state.mode() == null ? null : state.mode().name())
            .field("active_slave", state.activeSlave())
            .field("miimon_ms", state.miimonMs())
            .field("arp_interval_ms", state.arpIntervalMs())
            .field("arp_targets", String.join(",", state.arpTargets()))
            .field("monitor_interval_ms", state.monitorIntervalMs())
            .array("members", members);
    }

    private static String problem(final Sysfs sysfs)
    {
        return Files.exists(sysfs.exabondMasters()) ? ExabondMasters.unreadableMessage(sysfs) :
            ExabondMasters.notLoadedMessage(sysfs);
    }

    private static String ms(final int ms)
    {
        return ms < 0 ? "unreadable" : ms == 0 ? "off" : ms + " ms";
    }
}
