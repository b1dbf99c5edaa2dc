package io.exabond.sysfs;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A user whose right to open a bond's device node {@code doctor} checks: its uid and the groups the kernel would
 * count for it.
 *
 * @param name        its login name, or null when it is known by uid only.
 * @param uid         its user id.
 * @param gids        its primary and supplementary group ids.
 * @param groupsKnown false when the user is not in the local tables, so that {@link #gids()} is empty for want of
 *                    knowledge rather than in fact.
 */
public record NodeUser(String name, int uid, Set<Integer> gids, boolean groupsKnown)
{
    /**
     * Copies the set.
     */
    public NodeUser
    {
        gids = Set.copyOf(gids);
    }

    /**
     * The user running this process, as the kernel checks it: the file-system uid and gid and the supplementary
     * groups of {@code /proc/self/status}.
     *
     * @return the user; its name from {@code user.name}.
     * @throws IllegalStateException when {@code /proc/self/status} cannot be read.
     */
    public static NodeUser current()
    {
        final String status;
        try
        {
            status = Files.readString(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot read /proc/self/status: " + e.getMessage(), e);
        }
        int uid = -1;
        final Set<Integer> gids = new LinkedHashSet<>();
        for (final String line : status.split("\n"))
        {
            final String[] fields = line.split("\\s+");
            // Uid: and Gid: give real, effective, saved and file-system ids; the kernel checks the last.
            if (fields.length == 5 && "Uid:".equals(fields[0]))
            {
                uid = Integer.parseInt(fields[4]);
            }
            else if (fields.length == 5 && "Gid:".equals(fields[0]))
            {
                gids.add(Integer.parseInt(fields[4]));
            }
            else if ("Groups:".equals(fields[0]))
            {
                for (int i = 1; i < fields.length; i++)
                {
                    gids.add(Integer.parseInt(fields[i]));
                }
            }
        }
        if (uid < 0)
        {
            throw new IllegalStateException("/proc/self/status has no Uid: line");
        }
        return new NodeUser(System.getProperty("user.name"), uid, gids, true);
    }

    /**
     * @return true for root, whom the kernel lets open any node.
     */
    public boolean isRoot()
    {
        return uid == 0;
    }

    /**
     * @return e.g. {@code feed (uid 1001)}, or {@code uid 1001}.
     */
    public String describe()
    {
        return name == null ? "uid " + uid : InterfaceName.printable(name) + " (uid " + uid + ")";
    }

    /**
     * @return its name for a command such as {@code usermod}, or {@code USER} when it has none.
     */
    public String nameForCommand()
    {
        // Only a plain login name goes into a shell command; anything else the local tables hold is not echoed.
        return name != null && name.matches("[A-Za-z0-9._][A-Za-z0-9._-]{0,31}\\$?") ? name : "USER";
    }
}
