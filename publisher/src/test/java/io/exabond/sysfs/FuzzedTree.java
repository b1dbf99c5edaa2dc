package io.exabond.sysfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link FakeSysfs#standardHost} with exasock loaded (managing bond0, whose kernel page says eth2 is active) whose
 * attribute files a fuzz input rewrites. The input, read as ISO-8859-1, is a list of NUL-separated pairs: a path
 * relative to {@code class/net} (one of {@link #FILES}; others are ignored), then the file's new content, e.g.
 * {@code bond0/bonding/miimon\0abc\0}. A path written {@code -PATH} deletes the file. Files the input does not
 * name keep the standard host's content: every {@link #apply} first restores the files the previous one changed,
 * so one tree serves a whole fuzzing run.
 */
final class FuzzedTree
{
    /** The bond every input is about. */
    static final String BOND = "bond0";
    /** The interfaces of the standard host. */
    static final List<String> INTERFACES = List.of("eth0", "eth0.100", "eth2", "eth3", "eth4");
    /** The files an input may rewrite or delete, relative to {@code class/net}. */
    static final List<String> FILES = files();

    private final FakeSysfs host;
    private final Map<String, byte[]> originals = new HashMap<>();
    private final Set<String> changed = new HashSet<>();

    FuzzedTree(final Path root)
    {
        host = FakeSysfs.standardHost(root).exasock(BOND);
        host.kernelPage(BOND, FakeSysfs.active(0, 0));
        for (final String file : FILES)
        {
            final Path path = file(file);
            originals.put(file, Files.exists(path) ? read(path) : null);
        }
    }

    FakeSysfs host()
    {
        return host;
    }

    Sysfs sysfs()
    {
        return host.sysfs();
    }

    /**
     * @param input a fuzz input.
     * @return the files it rewrote or deleted, in its order (a file named twice: its last content counts).
     */
    List<String> apply(final byte[] input)
    {
        for (final String file : changed)
        {
            restore(file);
        }
        changed.clear();
        final List<String> applied = new ArrayList<>();
        final String[] parts = new String(input, StandardCharsets.ISO_8859_1).split("\0", -1);
        for (int i = 0; i + 1 < parts.length; i += 2)
        {
            final boolean delete = parts[i].startsWith("-");
            final String file = delete ? parts[i].substring(1) : parts[i];
            if (!FILES.contains(file))
            {
                continue;
            }
            changed.add(file);
            applied.add(file);
            write(file, delete ? null : parts[i + 1].getBytes(StandardCharsets.ISO_8859_1));
        }
        return applied;
    }

    /**
     * @param file one of {@link #FILES}.
     * @return its path in the tree.
     */
    Path file(final String file)
    {
        return host.sys().resolve("class/net").resolve(file);
    }

    private void restore(final String file)
    {
        write(file, originals.get(file));
    }

    private void write(final String file, final byte[] content)
    {
        final Path path = file(file);
        try
        {
            if (content == null)
            {
                Files.deleteIfExists(path);
            }
            else
            {
                Files.createDirectories(path.getParent());
                Files.write(path, content);
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(final Path path)
    {
        try
        {
            return Files.readAllBytes(path);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> files()
    {
        final List<String> files = new ArrayList<>();
        files.add(ExabondMasters.FILE_NAME);
        for (final String attribute : List.of("mode", "slaves", "active_slave", "primary", "miimon", "arp_interval",
            "arp_ip_target", "downdelay"))
        {
            files.add(BOND + "/bonding/" + attribute);
        }
        for (final String attribute : List.of("address", "operstate", "uevent", "carrier"))
        {
            files.add(BOND + "/" + attribute);
        }
        for (final String ifname : INTERFACES)
        {
            for (final String attribute : List.of("bonding_slave/state", "bonding_slave/mii_status",
                "bonding_slave/perm_hwaddr", "address", "operstate", "dev_port", "uevent", "carrier"))
            {
                files.add(ifname + "/" + attribute);
            }
        }
        return List.copyOf(files);
    }
}
