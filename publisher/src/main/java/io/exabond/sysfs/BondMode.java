package io.exabond.sysfs;


/**
 * A bond's mode as {@code bonding/mode} shows it: {@code "<name> <number>"}, e.g. {@code "active-backup 1"}.
 *
 * @param name   the mode's name, e.g. {@code active-backup}; the raw text when it could not be parsed.
 * @param number the mode's number, or -1 when unknown.
 */
public record BondMode(String name, int number)
{
    /** The only mode the exasock extension manages. */
    public static final String ACTIVE_BACKUP = "active-backup";
    /** The bonding driver's number for active-backup. */
    public static final int ACTIVE_BACKUP_NUMBER = 1;

    /**
     * @param text the content of {@code bonding/mode}, or null.
     * @return the mode, or null when the attribute is absent or empty.
     */
    public static BondMode parse(final String text)
    {
        final java.util.List<String> words = SysfsText.words(text);
        if (words.isEmpty())
        {
            return null;
        }
        if (words.size() == 2)
        {
            final int number = SysfsText.nonNegativeInt(words.get(1));
            return new BondMode(words.get(0), number);
        }
        return new BondMode(SysfsText.value(text), -1);
    }

    /**
     * @return true for active-backup, by name (the number alone is not trusted).
     */
    public boolean isActiveBackup()
    {
        return ACTIVE_BACKUP.equals(name);
    }

    /**
     * @return e.g. {@code active-backup}; a name that is not printable ASCII (sysfs garbage) with its control and
     * other characters escaped, so that it can go into a message as it is.
     */
    public String toString()
    {
        return InterfaceName.printable(name);
    }
}
