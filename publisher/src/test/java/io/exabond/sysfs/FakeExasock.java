package io.exabond.sysfs;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.internal.Errno;
import io.exabond.internal.LibC;
import io.exabond.page.GroupInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exasock driver's bonding extension over a {@link FakeSysfs}, answering as the real one does (exasock 2.7.6 on
 * Debian's 6.1.0-57-cloud-amd64; docs/driver-facts.md): a {@link MastersWriter} for {@code exabond_masters}, the
 * device nodes under {@code <dev>}, and the driver's wrapper of bonding's {@code mode} attribute.
 * <ul>
 *     <li>A write of 17 bytes or more fails with {@code ENOSTR}; one under 2 bytes, or whose first byte is not
 *     {@code +} or {@code -}, with {@code ENOMSG}.</li>
 *     <li>The name is read as {@code sscanf("%15s")} reads it: leading white space skipped, up to 15 bytes up to
 *     the next white space or NUL, and the result not checked, so {@code "+\n"} looks a bond named "" up and fails
 *     with {@code ENOENT}.</li>
 *     <li>{@code +BOND} of a bond the driver cannot manage ({@link ManageCheck}'s rules) fails with {@code ENOENT};
 *     of a managed bond it succeeds and changes nothing. Otherwise it lists the bond in {@code exabond_masters} and
 *     creates {@code <dev>/exabond-BOND} as a new file (a new inode) holding word 0: the active slave's SmartNIC id
 *     and port with the ACTIVE flag, or 0 when none is active (an empty bond).</li>
 *     <li>{@code -BOND} of a bond not managed succeeds and changes nothing (the driver only logs it). Otherwise the
 *     bond leaves {@code exabond_masters}, its node is removed at once, then word 0 = 0 is written into the old page
 *     (through the descriptor this fake kept, so a reader that mapped the old file sees it), and that page is never
 *     written again.</li>
 *     <li>A write of {@code bonding/mode} of a managed bond fails with the kernel's {@code ENOTSUPP} (524, "Unknown
 *     error 524"), up or down ({@link #writeMode}).</li>
 * </ul>
 * Errors are thrown as Java throws them for the real errno: an {@link IOException} whose message is
 * {@code strerror(errno)}, which {@link DriverErrors#errnoOf} turns back into the errno. Thread-safe.
 */
public final class FakeExasock implements MastersWriter, AutoCloseable
{
    /** The driver's limit: {@code count >= IFNAMSIZ + 1} fails. */
    private static final int MAX_WRITE = 16;
    /** {@code %15s}: at most 15 characters. */
    private static final int SCAN_WIDTH = 15;
    /** {@code ENOTEMPTY}, what bonding gives for a mode change of a bond with slaves. */
    private static final int ENOTEMPTY = 39;
    private static final List<String> MODES = List.of("balance-rr", "active-backup", "balance-xor", "broadcast",
        "802.3ad", "balance-tlb", "balance-alb");

    private final FakeSysfs tree;
    private final Map<String, FileChannel> pages = new LinkedHashMap<>();
    private final List<String> commands = new ArrayList<>();

    /**
     * Takes over the tree. The bonds {@code exabond_masters} lists already (the module is loaded when it exists)
     * count as managed: an existing node of theirs is kept as their page, a missing one is created.
     *
     * @param tree the fake host.
     */
    public FakeExasock(final FakeSysfs tree)
    {
        this.tree = tree;
        final ExabondMasters listed = ExabondMasters.read(tree.sysfs());
        if (listed != null)
        {
            for (final String bond : listed.bonds())
            {
                pages.put(bond, Files.isRegularFile(node(bond)) ? open(node(bond)) : createNode(bond));
            }
        }
    }

    /**
     * @param bond a bond.
     * @return {@code <dev>/exabond-BOND}, where the driver's node of that bond appears.
     */
    public Path node(final String bond)
    {
        return tree.dev().resolve("exabond-" + bond);
    }

    /**
     * @return {@code exabond_masters} of the tree.
     */
    public Path masters()
    {
        return tree.sysfs().exabondMasters();
    }

    /**
     * Writes a command as {@code echo -n} would.
     *
     * @param command e.g. {@code +bond0}, as ISO-8859-1.
     * @throws IOException as {@link #write} does.
     */
    public void command(final String command) throws IOException
    {
        write(masters(), command.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * @return every command written to {@code exabond_masters}, accepted or not, as ISO-8859-1 text.
     */
    public synchronized List<String> commands()
    {
        return List.copyOf(commands);
    }

    /**
     * @return the managed bonds, in the order they were managed.
     */
    public synchronized List<String> managed()
    {
        return List.copyOf(pages.keySet());
    }

    public synchronized void write(final Path file, final byte[] command) throws IOException
    {
        if (!file.equals(tree.sysfs().exabondMasters()))
        {
            throw new IllegalArgumentException(file + " is not this fake's " + tree.sysfs().exabondMasters());
        }
        // Opened as MastersWriter.FILE opens it, so that a missing module or a directory fails as it would there.
        FileChannel.open(file, StandardOpenOption.WRITE).close();
        commands.add(new String(command, StandardCharsets.ISO_8859_1));
        if (command.length >= MAX_WRITE + 1)
        {
            throw errno(Errno.ENOSTR);
        }
        if (command.length < 2)
        {
            throw errno(Errno.ENOMSG);
        }
        final String name = scanName(command);
        switch (command[0])
        {
            case '+' -> manage(name);
            case '-' -> release(name);
            default -> throw errno(Errno.ENOMSG);
        }
    }

    /**
     * A write to {@code class/net/BOND/bonding/mode}, e.g. {@code echo balance-rr > .../mode}.
     *
     * @param bond the bond.
     * @param mode a mode's name or number.
     * @throws IOException as the kernel answers: {@code ENOTSUPP} (524) for a managed bond, whatever its state;
     *                     for any other bond the bonding driver's own rule: {@code ENOTEMPTY} while it has slaves,
     *                     {@code EBUSY} while it is up, {@code EINVAL} for an unknown mode.
     */
    public synchronized void writeMode(final String bond, final String mode) throws IOException
    {
        if (pages.containsKey(bond))
        {
            throw errno(DriverErrors.ENOTSUPP);
        }
        final BondState state = BondReader.read(tree.sysfs(), bond);
        if (state == null)
        {
            throw new NoSuchFileException(tree.net(bond).resolve("bonding/mode").toString());
        }
        final String name = mode.strip();
        final int number = name.matches("[0-6]") ? Integer.parseInt(name) : MODES.indexOf(name);
        if (number < 0)
        {
            throw errno(Errno.EINVAL);
        }
        if (!state.slaves().isEmpty())
        {
            throw errno(ENOTEMPTY);
        }
        if (LinkState.read(tree.sysfs(), bond) != LinkState.ADMIN_DOWN)
        {
            throw errno(Errno.EBUSY);
        }
        FakeSysfs.write(tree.net(bond).resolve("bonding/mode"), MODES.get(number) + " " + number + "\n");
    }

    /**
     * One pass of the driver's monitor over every managed bond: word 0 follows the bonding driver's active slave;
     * with none, the ACTIVE flag is cleared and the last id and port are kept.
     */
    public synchronized void monitor()
    {
        pages.forEach((bond, page) ->
        {
            final int old = readWord0(page);
            final int now = word0(bond, old);
            if (now != old)
            {
                writeWord0(page, now);
            }
        });
    }

    /**
     * {@code rmmod exasock}: every bond is released as by {@code -BOND}, and {@code exabond_masters} goes.
     *
     * @throws IOException when the file cannot be removed.
     */
    public synchronized void unload() throws IOException
    {
        for (final String bond : List.copyOf(pages.keySet()))
        {
            release(bond);
        }
        Files.deleteIfExists(tree.sysfs().exabondMasters());
    }

    /**
     * Closes the pages this fake still holds, writing nothing into them.
     */
    public synchronized void close()
    {
        for (final FileChannel page : pages.values())
        {
            try
            {
                page.close();
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
        pages.clear();
    }

    /**
     * What {@code sscanf(&buf[1], "%15s", name)} leaves in the name; the sysfs buffer ends at the first NUL.
     *
     * @param command the bytes written.
     * @return the name, empty when there was none (the driver does not check).
     */
    static String scanName(final byte[] command)
    {
        int i = 1;
        while (i < command.length && isSpace(command[i]))
        {
            i++;
        }
        final int start = i;
        while (i < command.length && i - start < SCAN_WIDTH && command[i] != 0 && !isSpace(command[i]))
        {
            i++;
        }
        return new String(command, start, i - start, StandardCharsets.ISO_8859_1);
    }

    private static boolean isSpace(final byte b)
    {
        // C's isspace in the kernel's "C" locale: space, \t, \n, \v, \f, \r.
        return b == ' ' || b >= '\t' && b <= '\r';
    }

    private void manage(final String bond) throws IOException
    {
        if (pages.containsKey(bond))
        {
            return;
        }
        if (!InterfaceName.isValid(bond) || ManageCheck.checkManageable(tree.sysfs(), bond) != null)
        {
            throw errno(Errno.ENOENT);
        }
        pages.put(bond, createNode(bond));
        writeMasters();
    }

    private void release(final String bond) throws IOException
    {
        final FileChannel page = pages.remove(bond);
        if (page == null)
        {
            return;
        }
        writeMasters();
        Files.deleteIfExists(node(bond));
        writeWord0(page, 0);
        page.close();
    }

    private void writeMasters()
    {
        FakeSysfs.write(tree.sysfs().exabondMasters(), pages.isEmpty() ? "" : String.join(" ", pages.keySet()) +
            "\n");
    }

    /** A new file renamed over the node: a new inode, as a new misc device is a new node. */
    private FileChannel createNode(final String bond)
    {
        final Path node = node(bond);
        final Path temporary = node.resolveSibling("." + node.getFileName() + ".new");
        final FileChannel page = openNew(temporary);
        try
        {
            final ByteBuffer bytes = ByteBuffer.allocate((int)LibC.pageSize()).order(ByteOrder.LITTLE_ENDIAN);
            bytes.putInt(0, word0(bond, 0));
            page.write(bytes, 0);
            Files.move(temporary, node, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return page;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** The driver's update: flags cleared, the last id and port kept, then the active slave's with ACTIVE. */
    private int word0(final String bond, final int old)
    {
        final BondState state = BondReader.read(tree.sysfs(), bond);
        final SlaveState active = state == null ? null : state.active();
        if (active == null || !active.iface().hasExanicId())
        {
            return GroupInfoEncoder.encode(false, GroupInfo.exanicId(old), GroupInfo.exanicPort(old));
        }
        return GroupInfoEncoder.encode(true, active.iface().exanicId(), active.iface().exanicPort());
    }

    private static int readWord0(final FileChannel page)
    {
        final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try
        {
            page.read(word, 0);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return word.getInt(0);
    }

    private static void writeWord0(final FileChannel page, final int raw)
    {
        final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(0, raw);
        try
        {
            page.write(word, 0);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static FileChannel open(final Path file)
    {
        try
        {
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static FileChannel openNew(final Path file)
    {
        try
        {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static IOException errno(final int errno)
    {
        return new IOException(LibC.strerror(errno));
    }
}
