package io.exabond.profile;

import io.exabond.sysfs.BondReader;
import io.exabond.sysfs.BondState;
import io.exabond.sysfs.SlaveState;
import io.exabond.sysfs.Sysfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a trigger profile changed on a live bond, and how to put it back: every link it took down comes up again, then
 * the slave that was active at the start is made active again. Recorded before each change is made, so that a change
 * cut short by an error or a signal is put back too; {@link #restore()} runs once, from whichever thread gets there
 * first (the profiler's, or a shutdown hook's), and says what it did.
 */
final class BondRestore
{
    private final Sysfs sysfs;
    private final String bond;
    private final String originalActive;
    private final ActiveSlaveFile activeSlave;
    private final LinkSwitch links;
    private final long linkUpWaitNs;
    private final Set<String> down = new LinkedHashSet<>();
    private List<String> done;

    /**
     * @param sysfs          the tree.
     * @param bond           the bond.
     * @param originalActive its active slave at the start.
     * @param activeSlave    its active_slave file.
     * @param links          what brings links up again, or null when nothing takes them down.
     * @param linkUpWaitMs   how long to wait for a link brought up to be seen up by the bonding driver (its
     *                       {@code miimon} and {@code updelay}) before making it active.
     */
    BondRestore(final Sysfs sysfs, final String bond, final String originalActive, final ActiveSlaveFile activeSlave,
        final LinkSwitch links, final long linkUpWaitMs)
    {
        this.sysfs = sysfs;
        this.bond = bond;
        this.originalActive = originalActive;
        this.activeSlave = activeSlave;
        this.links = links;
        this.linkUpWaitNs = TimeUnit.MILLISECONDS.toNanos(linkUpWaitMs);
    }

    /**
     * @return the slave that was active at the start.
     */
    String originalActive()
    {
        return originalActive;
    }

    /**
     * A link is about to be taken down.
     *
     * @param ifname the interface.
     */
    synchronized void linkTakenDown(final String ifname)
    {
        down.add(ifname);
    }

    /**
     * A link taken down is up again.
     *
     * @param ifname the interface.
     */
    synchronized void linkBroughtUp(final String ifname)
    {
        down.remove(ifname);
    }

    /**
     * Brings up every link still down, then makes the first active slave active again when another is. Runs once;
     * a second call returns what the first did.
     *
     * @return one sentence per thing it did or could not do; empty when there was nothing to put back.
     */
    synchronized List<String> restore()
    {
        if (done != null)
        {
            return done;
        }
        final List<String> said = new ArrayList<>();
        for (final String ifname : List.copyOf(down))
        {
            try
            {
                links.setUp(ifname, true);
                down.remove(ifname);
                said.add("brought the link of " + ifname + " up again");
            }
            catch (final RuntimeException e)
            {
                said.add("could NOT bring the link of " + ifname + " up again (" + e.getMessage() + "): run ip link " +
                    "set " + ifname + " up");
            }
        }
        BondState state = BondReader.read(sysfs, bond);
        if (state == null)
        {
            said.add("did not restore the active slave of " + bond + ": it is gone");
        }
        else if (state.indexOf(originalActive) < 0)
        {
            said.add("did not restore the active slave of " + bond + ": " + originalActive + " is no longer its slave");
        }
        else if (!originalActive.equals(state.activeSlave()))
        {
            final long deadline = System.nanoTime() + linkUpWaitNs;
            while (!linkUp(state, originalActive) && System.nanoTime() - deadline < 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                state = BondReader.read(sysfs, bond);
                if (state == null || state.indexOf(originalActive) < 0)
                {
                    said.add("did not restore the active slave of " + bond + ": it changed while waiting");
                    return finish(said);
                }
            }
            final String was = state.activeSlave();
            try
            {
                activeSlave.write(originalActive);
                said.add("made " + originalActive + " the active slave of " + bond + " again (it was " + was + ")");
            }
            catch (final IOException e)
            {
                said.add("could NOT make " + originalActive + " the active slave of " + bond + " again (" +
                    e.getMessage() + "): run echo " + originalActive + " > " + activeSlave.path());
            }
        }
        return finish(said);
    }

    /**
     * @return whether {@link #restore()} found something it could not put back.
     */
    synchronized boolean failed()
    {
        return done != null && done.stream().anyMatch(line -> line.startsWith("could NOT"));
    }

    private List<String> finish(final List<String> said)
    {
        done = List.copyOf(said);
        return done;
    }

    private static boolean linkUp(final BondState state, final String slave)
    {
        final int index = state.indexOf(slave);
        if (index < 0)
        {
            return false;
        }
        final SlaveState s = state.slaves().get(index);
        return s.linkUp();
    }
}
