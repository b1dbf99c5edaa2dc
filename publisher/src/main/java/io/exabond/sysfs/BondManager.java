package io.exabond.sysfs;

import io.exabond.internal.Errno;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

/**
 * Places bonds under exasock management and releases them, safely: it checks everything the driver checks
 * ({@link ManageCheck}) and explains the first failure before writing, then writes exactly {@code +BOND} or
 * {@code -BOND} to {@code exabond_masters} in one write, and explains any errno the driver still returns.
 * <p>
 * The command has no trailing newline: the driver counts every byte written against its limit of 16
 * ({@code +} and 15 characters) and refuses 17 or more with {@code ENOSTR}, so {@code echo +<15-character name>}
 * (which adds a newline) fails where {@code echo -n} works. The driver reads the name as {@code sscanf("%15s")}
 * does (leading white space skipped, up to the next white space) and does not check the result, so a newline after
 * a name is tolerated, but {@code +} and a newline alone looks up an empty name and fails with {@code ENOENT}, not
 * {@code ENOMSG}; the name rule of {@link ManageCheck} keeps such a write from ever being made.
 * <p>
 * {@code -BOND} removes {@code /dev/exabond-BOND} at once, mapped or not, then writes word 0 = 0 into the page,
 * which every process that mapped it keeps, frozen, for as long as it holds it ({@link ProcessScan} names them).
 */
public final class BondManager
{
    /** What a call did. */
    public enum Outcome
    {
        /** {@code +BOND} was written and accepted. */
        MANAGED,
        /** The bond was already listed in {@code exabond_masters}; nothing was written. */
        ALREADY_MANAGED,
        /** {@code -BOND} was written and accepted. */
        RELEASED,
        /** The bond was not listed in {@code exabond_masters}; nothing was written. */
        NOT_MANAGED
    }

    private final Sysfs sysfs;
    private final MastersWriter writer;

    /**
     * @param sysfs  the tree.
     * @param writer how to write {@code exabond_masters}: {@link MastersWriter#FILE}, or a fake in tests.
     */
    public BondManager(final Sysfs sysfs, final MastersWriter writer)
    {
        this.sysfs = sysfs;
        this.writer = writer;
    }

    /**
     * @param bond  the bond.
     * @param force write even when a check of this class fails (the driver still checks; the name rule and a
     *              missing module are never forced).
     * @return {@link Outcome#MANAGED} or {@link Outcome#ALREADY_MANAGED}.
     * @throws BondManagementException naming the first failed check or the driver's errno, with the fix.
     */
    public Outcome manage(final String bond, final boolean force)
    {
        fail(ManageCheck.checkName(bond));
        fail(ManageCheck.checkLoaded(sysfs));
        final ExabondMasters masters = ExabondMasters.read(sysfs);
        if (masters != null && masters.isManaged(bond))
        {
            return Outcome.ALREADY_MANAGED;
        }
        final Refusal refusal = ManageCheck.checkManageable(sysfs, bond);
        if (refusal != null && !force)
        {
            fail(refusal);
        }
        write('+', bond);
        return Outcome.MANAGED;
    }

    /**
     * @param bond the bond.
     * @return {@link Outcome#RELEASED} or {@link Outcome#NOT_MANAGED}.
     * @throws BondManagementException on a bad name, a missing module, or the driver's errno, with the fix.
     */
    public Outcome unmanage(final String bond)
    {
        fail(ManageCheck.checkName(bond));
        fail(ManageCheck.checkLoaded(sysfs));
        final ExabondMasters masters = ExabondMasters.read(sysfs);
        if (masters != null && !masters.isManaged(bond))
        {
            return Outcome.NOT_MANAGED;
        }
        write('-', bond);
        return Outcome.RELEASED;
    }

    /**
     * @param command {@code '+'} or {@code '-'}.
     * @param bond    the bond.
     * @return the exact bytes written: the command character and the name, no newline.
     */
    public static byte[] commandBytes(final char command, final String bond)
    {
        return (command + bond).getBytes(StandardCharsets.US_ASCII);
    }

    private void write(final char command, final String bond)
    {
        try
        {
            writer.write(sysfs.exabondMasters(), commandBytes(command, bond));
        }
        catch (final NoSuchFileException e)
        {
            // The file itself went (the module was unloaded since the check), not a bond the driver looked up.
            final Refusal unloaded = ManageCheck.checkLoaded(sysfs);
            throw new BondManagementException(unloaded != null ? unloaded : DriverErrors.explain(sysfs, command, bond,
                Errno.ENOENT, e.getMessage()));
        }
        catch (final IOException e)
        {
            final int errno = DriverErrors.errnoOf(e);
            final String text = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new BondManagementException(DriverErrors.explain(sysfs, command, bond, errno, text));
        }
    }

    private static void fail(final Refusal refusal)
    {
        if (refusal != null)
        {
            throw new BondManagementException(refusal);
        }
    }
}
