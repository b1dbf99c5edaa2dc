package io.exabond.sysfs;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A device node's owner, group and mode, as {@code stat(2)} gives them, and whether a user may open it for
 * reading under the kernel's rule without ACLs: root always; the owner by the owner's bits; a member of the node's
 * group by the group bits; anyone else by the other bits.
 *
 * @param mode  {@code st_mode}: type and permission bits.
 * @param uid   the owner's uid.
 * @param gid   the group's gid.
 */
public record NodeAccess(int mode, int uid, int gid)
{
    private static final int S_IFMT = 0xF000;
    private static final int S_IFCHR = 0x2000;
    private static final int S_IFREG = 0x8000;

    /**
     * @param node the node, e.g. {@code /dev/exabond-bond0}; a symbolic link is followed, as {@code open} does.
     * @return its owner, group and mode.
     * @throws IOException when it cannot be looked at.
     */
    public static NodeAccess stat(final Path node) throws IOException
    {
        return new NodeAccess((Integer)Files.getAttribute(node, "unix:mode"),
            (Integer)Files.getAttribute(node, "unix:uid"), (Integer)Files.getAttribute(node, "unix:gid"));
    }

    /**
     * @param node the node.
     * @return its owner, group and mode, or null when it does not exist or cannot be looked at.
     */
    public static NodeAccess statOrNull(final Path node)
    {
        try
        {
            return Files.exists(node, LinkOption.NOFOLLOW_LINKS) ? stat(node) : null;
        }
        catch (final IOException | RuntimeException e)
        {
            return null;
        }
    }

    /**
     * @param user a user.
     * @return true when the kernel lets that user open the node for reading.
     */
    public boolean readableBy(final NodeUser user)
    {
        if (user.isRoot())
        {
            return true;
        }
        if (user.uid() == uid)
        {
            return (mode & 0400) != 0;
        }
        if (user.gids().contains(gid))
        {
            return (mode & 0040) != 0;
        }
        return (mode & 0004) != 0;
    }

    /**
     * @return the permission bits, e.g. {@code 0600}.
     */
    public int permissions()
    {
        return mode & 07777;
    }

    /**
     * @return true when only the owner may read it (no group or other bit), as the exasock driver makes its nodes.
     */
    public boolean ownerOnly()
    {
        return (mode & 0077) == 0;
    }

    /**
     * @return true when the group or others may read it.
     */
    public boolean groupReadable()
    {
        return (mode & 0040) != 0;
    }

    /**
     * @return true when anyone but the owner may open it for writing.
     */
    public boolean writableByOthers()
    {
        return (mode & 0022) != 0;
    }

    /**
     * @param accounts the tables that name the owner and group.
     * @return e.g. {@code crw------- root root (0600)}, as {@code ls -l} shows it.
     */
    public String describe(final Accounts accounts)
    {
        final String owner = accounts.userName(uid);
        final String group = accounts.groupName(gid);
        return String.format("%s%s %s %s (%04o)", type(), rwx(), owner == null ? Integer.toString(uid) :
            InterfaceName.printable(owner), group == null ? Integer.toString(gid) :
            InterfaceName.printable(group), permissions());
    }

    private char type()
    {
        return switch (mode & S_IFMT)
        {
            case S_IFCHR -> 'c';
            case S_IFREG -> '-';
            default -> '?';
        };
    }

    private String rwx()
    {
        final StringBuilder out = new StringBuilder(9);
        final String letters = "rwx";
        for (int bit = 8; bit >= 0; bit--)
        {
            out.append((mode & 1 << bit) != 0 ? letters.charAt(2 - bit % 3) : '-');
        }
        return out.toString();
    }
}
