package io.exabond.sysfs;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The local user and group tables, {@code passwd} and {@code group} of an {@code /etc} folder (a fake one in
 * tests), read once. Users and groups that come from another NSS source (LDAP, SSSD) are not in them: a user is
 * then named by uid, and its groups are unknown. Reads only.
 */
public final class Accounts
{
    /** The real folder. */
    public static final Path DEFAULT_ETC = Path.of("/etc");

    private record User(String name, int uid, int gid)
    {
    }

    private record Group(String name, int gid, List<String> members)
    {
    }

    private final Path etc;
    private final List<User> users;
    private final List<Group> groups;

    private Accounts(final Path etc, final List<User> users, final List<Group> groups)
    {
        this.etc = etc;
        this.users = users;
        this.groups = groups;
    }

    /**
     * @param etc the folder holding {@code passwd} and {@code group}, normally {@code /etc}.
     * @return the tables; a file that cannot be read counts as empty.
     */
    public static Accounts read(final Path etc)
    {
        final List<User> users = new ArrayList<>();
        for (final String[] fields : lines(etc.resolve("passwd"), 7))
        {
            final int uid = id(fields[2]);
            final int gid = id(fields[3]);
            if (uid >= 0 && gid >= 0)
            {
                users.add(new User(fields[0], uid, gid));
            }
        }
        final List<Group> groups = new ArrayList<>();
        for (final String[] fields : lines(etc.resolve("group"), 4))
        {
            final int gid = id(fields[2]);
            if (gid >= 0)
            {
                groups.add(new Group(fields[0], gid, fields[3].isEmpty() ? List.of() :
                    List.of(fields[3].split(","))));
            }
        }
        return new Accounts(etc, users, groups);
    }

    /**
     * @return the folder the tables were read from.
     */
    public Path etc()
    {
        return etc;
    }

    /**
     * @param uid a user id.
     * @return its name, or null when {@code passwd} has none.
     */
    public String userName(final int uid)
    {
        for (final User user : users)
        {
            if (user.uid() == uid)
            {
                return user.name();
            }
        }
        return null;
    }

    /**
     * @param gid a group id.
     * @return its name, or null when {@code group} has none.
     */
    public String groupName(final int gid)
    {
        for (final Group group : groups)
        {
            if (group.gid() == gid)
            {
                return group.name();
            }
        }
        return null;
    }

    /**
     * Looks a user up as {@code id USER} would in the local tables.
     *
     * @param spec a user name, or a uid in decimal.
     * @return the user with its primary and supplementary groups.
     * @throws IllegalArgumentException when a name is not in {@code passwd}, naming the fix.
     */
    public NodeUser user(final String spec)
    {
        final int uid = id(spec);
        User found = null;
        for (final User user : users)
        {
            if (uid >= 0 ? user.uid() == uid : user.name().equals(spec))
            {
                found = user;
                break;
            }
        }
        if (found == null && uid >= 0)
        {
            return new NodeUser(null, uid, Set.of(), false);
        }
        if (found == null)
        {
            throw new IllegalArgumentException("no user " + InterfaceName.quote(spec) + " in " +
                etc.resolve("passwd") + " (a user of LDAP or another NSS source is not looked up: give its uid, " +
                "as `id -u USER` prints it)");
        }
        final Set<Integer> gids = new LinkedHashSet<>();
        gids.add(found.gid());
        for (final Group group : groups)
        {
            if (group.members().contains(found.name()))
            {
                gids.add(group.gid());
            }
        }
        return new NodeUser(found.name(), found.uid(), gids, true);
    }

    private static List<String[]> lines(final Path file, final int fields)
    {
        final List<String[]> out = new ArrayList<>();
        final String text;
        try
        {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        }
        catch (final IOException | RuntimeException e)
        {
            return out;
        }
        for (final String line : text.split("\n"))
        {
            final String[] split = line.split(":", -1);
            if (split.length >= fields && !line.startsWith("#") && !split[0].isEmpty())
            {
                out.add(split);
            }
        }
        return out;
    }

    /** A uid or gid in decimal (0 to 2^31 - 1), else -1. */
    private static int id(final String text)
    {
        final int value = SysfsText.nonNegativeInt(text);
        return text != null && text.equals(text.strip()) ? value : -1;
    }
}
