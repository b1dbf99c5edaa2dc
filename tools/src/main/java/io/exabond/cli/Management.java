package io.exabond.cli;

import io.exabond.sysfs.ExabondMasters;
import io.exabond.sysfs.Sysfs;

import java.nio.file.Path;

/**
 * Whether the exasock module manages the bond whose device node a page is, as {@code class/net/exabond_masters}
 * says: the {@code exabond_managed} gauge. The driver removes a bond's node the moment the bond is unmanaged, so a
 * missing node of a loaded module usually means exactly that.
 */
enum Management
{
    /** {@code exabond_masters} lists the bond. */
    MANAGED,
    /** {@code exabond_masters} exists and does not list the bond. */
    NOT_MANAGED,
    /** No readable {@code exabond_masters} (module not loaded), or the page is not a node under the dev folder. */
    UNKNOWN;

    /**
     * @param sysfs  the tree whose {@code class/net/exabond_masters} to read.
     * @param devDir the folder of the device nodes.
     * @param page   the page: {@code DEVDIR/exabond-BOND} for a node, anything else for a publisher's file.
     * @return what {@code exabond_masters} says of BOND.
     */
    static Management of(final Sysfs sysfs, final Path devDir, final Path page)
    {
        final String bond = nodeBond(devDir, page);
        if (bond == null)
        {
            return UNKNOWN;
        }
        final ExabondMasters masters = ExabondMasters.read(sysfs);
        if (masters == null)
        {
            return UNKNOWN;
        }
        return masters.isManaged(bond) ? MANAGED : NOT_MANAGED;
    }

    /**
     * @param devDir the folder of the device nodes.
     * @param page   a page path.
     * @return BOND when the page is {@code DEVDIR/exabond-BOND}, else null.
     */
    static String nodeBond(final Path devDir, final Path page)
    {
        final Path absolute = page.toAbsolutePath().normalize();
        final Path parent = absolute.getParent();
        final Path fileName = absolute.getFileName();
        if (parent == null || fileName == null || !parent.equals(devDir.toAbsolutePath().normalize()))
        {
            return null;
        }
        final String file = fileName.toString();
        return file.startsWith(BondMetrics.PAGE_PREFIX) && file.length() > BondMetrics.PAGE_PREFIX.length() ?
            file.substring(BondMetrics.PAGE_PREFIX.length()) : null;
    }
}
