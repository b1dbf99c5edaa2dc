package io.exabond.netlink;

import io.exabond.internal.LibC;
import io.exabond.netlink.generated.Rtnetlink;

/**
 * A netlink socket call failed; carries the {@code errno}.
 */
public final class NetlinkException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The {@code errno} of the failed call. */
    private final int errno;

    /**
     * @param call  what failed, e.g. {@code socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)}.
     * @param errno its errno.
     */
    public NetlinkException(final String call, final int errno)
    {
        super(call + " failed: " + errnoName(errno) + " (" + LibC.strerror(errno) + ")");
        this.errno = errno;
    }

    /**
     * @return the errno of the failed call.
     */
    public int errno()
    {
        return errno;
    }

    /**
     * The failures that mean "no netlink here" rather than a bug: another network namespace or a seccomp or LSM
     * policy refusing the socket ({@code EPERM}, {@code EACCES}), or a kernel without it ({@code EAFNOSUPPORT},
     * {@code EPROTONOSUPPORT}).
     *
     * @return true when polling is the expected answer to this failure.
     */
    public boolean isUnavailable()
    {
        return errno == Rtnetlink.EPERM() || errno == Rtnetlink.EACCES() || errno == Rtnetlink.EAFNOSUPPORT() ||
            errno == Rtnetlink.EPROTONOSUPPORT();
    }

    /**
     * @param errno an errno value.
     * @return its symbolic name for the values netlink calls meet, else {@code errno N}.
     */
    public static String errnoName(final int errno)
    {
        if (errno == Rtnetlink.EPERM())
        {
            return "EPERM";
        }
        if (errno == Rtnetlink.EACCES())
        {
            return "EACCES";
        }
        if (errno == Rtnetlink.EAFNOSUPPORT())
        {
            return "EAFNOSUPPORT";
        }
        if (errno == Rtnetlink.EPROTONOSUPPORT())
        {
            return "EPROTONOSUPPORT";
        }
        if (errno == Rtnetlink.ENOBUFS())
        {
            return "ENOBUFS";
        }
        if (errno == Rtnetlink.EAGAIN())
        {
            return "EAGAIN";
        }
        if (errno == Rtnetlink.EINTR())
        {
            return "EINTR";
        }
        return "errno " + errno;
    }
}
