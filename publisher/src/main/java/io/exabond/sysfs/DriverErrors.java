package io.exabond.sysfs;

import io.exabond.internal.Errno;
import io.exabond.internal.LibC;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Turns a failed write to {@code exabond_masters} back into the driver's errno, and the errno into a sentence with
 * a fix. Java reports a failed {@code write(2)} as an {@link IOException} whose message is {@code strerror(errno)};
 * the errno is recovered by comparing with the C library's own texts for the errnos the driver returns.
 */
public final class DriverErrors
{
    /**
     * The kernel's internal {@code ENOTSUPP}, which leaks to user space as "Unknown error 524": the exasock driver
     * gives it for a write of {@code bonding/mode} of a bond it manages, whether the bond is up or down (seen on
     * exasock 2.7.6). No command of this project writes the mode, so only {@code exabond_masters} writes are explained
     * here; for one of those it would mean a driver or kernel that does not support the operation.
     */
    public static final int ENOTSUPP = 524;
    /** {@code EOPNOTSUPP}. */
    public static final int EOPNOTSUPP = 95;

    private static final int[] KNOWN = {
        Errno.ENOSTR, Errno.ENOMSG, Errno.ENOENT, Errno.EINVAL, Errno.ENODEV, Errno.EPERM, Errno.EACCES,
        Errno.EROFS, Errno.EBUSY, Errno.ENOMEM, EOPNOTSUPP, ENOTSUPP
    };

    private DriverErrors()
    {
    }

    /**
     * @param e the exception of a failed open or write.
     * @return the errno it stands for, or 0 when unknown.
     */
    public static int errnoOf(final IOException e)
    {
        if (e instanceof NoSuchFileException)
        {
            return Errno.ENOENT;
        }
        if (e instanceof AccessDeniedException)
        {
            return Errno.EACCES;
        }
        final String text = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        if (text == null)
        {
            return 0;
        }
        for (final int errno : KNOWN)
        {
            if (text.equals(LibC.strerror(errno)))
            {
                return errno;
            }
        }
        return 0;
    }

    /**
     * @param errno an errno, or 0.
     * @return its symbolic name, e.g. {@code ENOSTR}.
     */
    public static String name(final int errno)
    {
        return switch (errno)
        {
            case 0 -> "unknown errno";
            case ENOTSUPP -> "ENOTSUPP";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            default -> Errno.name(errno);
        };
    }

    /**
     * Explains an errno the driver returned for {@code +BOND} or {@code -BOND}, with its fix.
     *
     * @param sysfs   the tree, for paths in the message.
     * @param command {@code '+'} or {@code '-'}.
     * @param bond    the bond.
     * @param errno   the errno, 0 when unknown.
     * @param text    the system's text for the error, for the unknown case.
     * @return the refusal to show.
     */
    public static Refusal explain(final Sysfs sysfs, final char command, final String bond, final int errno,
        final String text)
    {
        final String what = "the driver refused `" + command + bond + "` with " + name(errno) + " (" + text + ")";
        final String log = "`dmesg | grep exasock-bonding` shows the driver's own reason";
        return switch (errno)
        {
            case Errno.ENOSTR -> new Refusal(errno, what + ": the write was 17 bytes or more, so the name is longer " +
                "than 15 characters", "give the bond's name as `ip -br link show type bond` lists it");
            case Errno.ENOMSG -> new Refusal(errno, what + ": the write was under 2 bytes or did not start with + " +
                "or -", "give a bond name (`exabond " + (command == '+' ? "manage" : "unmanage") + " BOND`)");
            case Errno.ENOENT -> new Refusal(errno, what + ": it could not manage " + bond + " (it is not an " +
                "active-backup bond of SmartNIC ports in the initial network namespace, or it changed since it was " +
                "checked)", "run `exabond doctor " + bond + "` for the reason; " + log);
            case Errno.EINVAL -> new Refusal(errno, what + ": a slave of " + bond + " is itself a bond master",
                "remove it: `ip link set SLAVE nomaster` (`exabond doctor " + bond + "` names it); " + log);
            case Errno.ENODEV -> new Refusal(errno, what + ": a slave of " + bond + " is not a SmartNIC (ExaNIC) " +
                "port", "remove it: `ip link set SLAVE nomaster` (`exabond doctor " + bond + "` names it); " + log);
            case Errno.EPERM, Errno.EACCES -> new Refusal(errno, what + ": only root may write " +
                sysfs.exabondMasters(), "run it as root: `sudo exabond " + (command == '+' ? "manage " : "unmanage ") +
                bond + "`");
            case Errno.EROFS -> new Refusal(errno, what + ": sysfs is mounted read-only here (a container?)",
                "run it on the host, where /sys is writable");
            case ENOTSUPP, EOPNOTSUPP -> new Refusal(errno, what + ": the operation is not supported by this " +
                "driver or kernel", log);
            default -> new Refusal(errno, what, log);
        };
    }
}
