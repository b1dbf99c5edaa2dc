package io.exabond.sysfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Read-only access to a sysfs tree mounted at a root folder ({@code /sys} normally, a fake tree in tests), in the
 * layouts the bonding driver, the exanic driver and the exasock extension use. Nothing here ever writes: the one
 * write this project makes, to {@code exabond_masters}, goes through a {@link MastersWriter}.
 * <p>
 * Attribute files are read whole as bytes and decoded as ISO-8859-1, so that no content can make a read fail;
 * a file that cannot be read (missing, or an attribute whose {@code show} fails, such as {@code carrier} of an
 * interface that is down, which gives {@code EINVAL}) reads as null.
 */
public final class Sysfs
{
    /** The real sysfs. */
    public static final Path DEFAULT_ROOT = Path.of("/sys");
    /** Attribute files are one page at most; anything longer is not sysfs. */
    private static final int MAX_ATTRIBUTE_BYTES = 65_536;

    private final Path root;

    /**
     * @param root where sysfs is mounted, normally {@code /sys}.
     */
    public Sysfs(final Path root)
    {
        this.root = root;
    }

    /**
     * @return the root folder.
     */
    public Path root()
    {
        return root;
    }

    /**
     * @return {@code <root>/class/net}.
     */
    public Path netDir()
    {
        return root.resolve("class").resolve("net");
    }

    /**
     * @param ifname an interface name.
     * @return {@code <root>/class/net/<ifname>}.
     */
    public Path netDir(final String ifname)
    {
        return netDir().resolve(ifname);
    }

    /**
     * @return {@code <root>/class/net/exabond_masters}, which exists while the exasock module is loaded.
     */
    public Path exabondMasters()
    {
        return netDir().resolve(ExabondMasters.FILE_NAME);
    }

    /**
     * @param ifname an interface name, already checked against the kernel's rule.
     * @return true when {@code <root>/class/net/<ifname>} exists.
     */
    public boolean interfaceExists(final String ifname)
    {
        return Files.isDirectory(netDir(ifname));
    }

    /**
     * @param ifname an interface name.
     * @return true when it has a {@code bonding/} folder: it is a bonding master.
     */
    public boolean isBondMaster(final String ifname)
    {
        return Files.isDirectory(netDir(ifname).resolve("bonding"));
    }

    /**
     * @return the names of all interfaces under {@code class/net} (folders or links to folders), sorted.
     */
    public List<String> interfaces()
    {
        final List<String> names = new ArrayList<>();
        if (!Files.isDirectory(netDir()))
        {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(netDir()))
        {
            for (final Path entry : entries)
            {
                if (Files.isDirectory(entry))
                {
                    names.add(entry.getFileName().toString());
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return names;
        }
        Collections.sort(names);
        return names;
    }

    /**
     * @return the interfaces that are bonding masters, sorted.
     */
    public List<String> bondMasters()
    {
        final List<String> bonds = new ArrayList<>();
        for (final String name : interfaces())
        {
            if (isBondMaster(name))
            {
                bonds.add(name);
            }
        }
        return bonds;
    }

    /**
     * @param ifname    an interface name.
     * @param attribute a path relative to the interface's folder, e.g. {@code bonding/miimon}.
     * @return the file's content, or null when it cannot be read.
     */
    public String attribute(final String ifname, final String attribute)
    {
        return read(netDir(ifname).resolve(attribute));
    }

    /**
     * @param file any file.
     * @return its content as ISO-8859-1, or null when it cannot be read or is not a regular file.
     */
    public static String read(final Path file)
    {
        try
        {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_ATTRIBUTE_BYTES)
            {
                return null;
            }
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        }
        catch (final IOException | RuntimeException e)
        {
            return null;
        }
    }
}
