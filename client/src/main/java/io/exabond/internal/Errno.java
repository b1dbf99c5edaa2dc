package io.exabond.internal;

/**
 * Symbolic names of the Linux errno values this project meets, so that messages say {@code ENOENT} and not 2.
 */
public final class Errno
{
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ETXTBSY = 26;
    public static final int EROFS = 30;
    public static final int ENOMSG = 42;
    public static final int ENOSTR = 60;
    public static final int ELOOP = 40;
    public static final int ENAMETOOLONG = 36;
    public static final int EOVERFLOW = 75;

    private Errno()
    {
    }

    /**
     * The symbolic name of an errno value.
     *
     * @param errno the value.
     * @return e.g. {@code "ENOENT"}, or {@code "errno 123"} for one not listed here.
     */
    public static String name(final int errno)
    {
        return switch (errno)
        {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ENXIO -> "ENXIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EBUSY -> "EBUSY";
            case ENODEV -> "ENODEV";
            case ENOTDIR -> "ENOTDIR";
            case EISDIR -> "EISDIR";
            case EINVAL -> "EINVAL";
            case ENFILE -> "ENFILE";
            case EMFILE -> "EMFILE";
            case ETXTBSY -> "ETXTBSY";
            case EROFS -> "EROFS";
            case ENOMSG -> "ENOMSG";
            case ENOSTR -> "ENOSTR";
            case ELOOP -> "ELOOP";
            case ENAMETOOLONG -> "ENAMETOOLONG";
            case EOVERFLOW -> "EOVERFLOW";
            default -> "errno " + errno;
        };
    }
}
