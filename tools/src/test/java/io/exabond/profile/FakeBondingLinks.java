package io.exabond.profile;

import io.exabond.sysfs.BondReader;
import io.exabond.sysfs.BondState;
import io.exabond.sysfs.FakeSysfs;
import io.exabond.sysfs.SlaveState;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The links of a {@link FakeSysfs} host with the bonding driver's answer to them: a slave's link taken down shows
 * {@code mii_status down} and, when it was the active slave, the next slave whose link is up becomes active, as
 * {@code miimon} would make it (at once here); a link brought up shows {@code mii_status up}. Records every call.
 */
final class FakeBondingLinks implements LinkSwitch
{
    private final FakeSysfs host;
    private final String bond;
    private final List<String> calls = new ArrayList<>();
    private boolean closed;

    FakeBondingLinks(final FakeSysfs host, final String bond)
    {
        this.host = host;
        this.bond = bond;
    }

    public synchronized void check(final String ifname)
    {
        calls.add("check " + ifname);
        if (!Files.isDirectory(host.net(ifname)))
        {
            throw new ProfileException("there is no network interface " + ifname);
        }
    }

    public synchronized void setUp(final String ifname, final boolean up)
    {
        calls.add((up ? "up " : "down ") + ifname);
        host.attribute(ifname, "operstate", up ? "up\n" : "down\n");
        host.attribute(ifname, "bonding_slave/mii_status", up ? "up\n" : "down\n");
        final BondState state = BondReader.read(host.sysfs(), bond);
        if (!up && state != null && ifname.equals(state.activeSlave()))
        {
            final int at = state.indexOf(ifname);
            for (int step = 1; step < state.slaves().size(); step++)
            {
                final SlaveState next = state.slaves().get((at + step) % state.slaves().size());
                if (next.linkUp())
                {
                    host.setActive(bond, next.name());
                    return;
                }
            }
            host.setActive(bond, null);
        }
    }

    public synchronized void close()
    {
        closed = true;
    }

    synchronized List<String> calls()
    {
        return List.copyOf(calls);
    }

    synchronized boolean closed()
    {
        return closed;
    }
}
