package io.exabond.sysfs;


import java.util.ArrayList;
import java.util.List;

/**
 * The bonds under exasock management, as {@code class/net/exabond_masters} lists them: names separated by single
 * spaces with a newline at the end, or an empty file when there are none. The file exists while the exasock
 * module is loaded.
 *
 * @param bonds   the managed bonds, in the driver's order.
 * @param garbage words in the file that are not interface names (never written by the driver).
 */
public record ExabondMasters(List<String> bonds, List<String> garbage)
{
    /** The file's name under {@code class/net}. */
    public static final String FILE_NAME = "exabond_masters";

    /**
     * Copies the lists.
     */
    public ExabondMasters
    {
        bonds = List.copyOf(bonds);
        garbage = List.copyOf(garbage);
    }

    /**
     * @param text the file's content, with or without its newline.
     * @return the parsed list; words that are not interface names go to {@link #garbage()}.
     */
    public static ExabondMasters parse(final String text)
    {
        final List<String> bonds = new ArrayList<>();
        final List<String> garbage = new ArrayList<>();
        for (final String word : SysfsText.words(text))
        {
            if (InterfaceName.isValid(word))
            {
                if (!bonds.contains(word))
                {
                    bonds.add(word);
                }
            }
            else
            {
                garbage.add(word);
            }
        }
        return new ExabondMasters(bonds, garbage);
    }

    /**
     * @param sysfs the tree.
     * @return the managed bonds, or null when {@code exabond_masters} does not exist (the module is not loaded)
     * or cannot be read.
     */
    public static ExabondMasters read(final Sysfs sysfs)
    {
        final String text = Sysfs.read(sysfs.exabondMasters());
        return text == null ? null : parse(text);
    }

    /**
     * @return the {@link #garbage()} words quoted and escaped for a message, e.g. {@code '../x', 'a:b'}: the file
     * is not what the driver writes, so it may hold anything, control characters too.
     */
    public String describeGarbage()
    {
        final StringBuilder out = new StringBuilder();
        for (final String word : garbage)
        {
            out.append(out.isEmpty() ? "" : ", ").append(InterfaceName.quote(word));
        }
        return out.toString();
    }

    /**
     * @param bond a bond name.
     * @return true when it is listed.
     */
    public boolean isManaged(final String bond)
    {
        return bonds.contains(bond);
    }

    /**
     * What to tell a user when {@code exabond_masters} exists but {@link #read} cannot read it.
     *
     * @param sysfs the tree looked at.
     * @return one sentence with the fix.
     */
    public static String unreadableMessage(final Sysfs sysfs)
    {
        return sysfs.exabondMasters() + " exists but cannot be read (no permission, not a regular file, or over " +
            "64 KiB), so the managed bonds are unknown: check `ls -l " + sysfs.exabondMasters() + "`";
    }

    /**
     * What to tell a user when {@code exabond_masters} is missing.
     *
     * @param sysfs the tree looked at.
     * @return one sentence with the fix.
     */
    public static String notLoadedMessage(final Sysfs sysfs)
    {
        return "the exasock module is not loaded (" + sysfs.exabondMasters() + " does not exist): load it with " +
            "`modprobe exasock` (it comes with exanic-software, built against kernel headers of Linux 3.19 or " +
            "newer, without the ATE feature); or publish a page from sysfs with `exabond bridge`";
    }
}
