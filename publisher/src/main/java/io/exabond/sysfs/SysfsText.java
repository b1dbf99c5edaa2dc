package io.exabond.sysfs;

import java.util.ArrayList;
import java.util.List;

/**
 * Parsing of sysfs attribute text as the kernel writes it: one value and a newline, lists separated by single
 * spaces, {@code KEY=VALUE} lines for {@code uevent}. Every parser accepts
 * the text with or without its trailing newline and never throws: garbage parses as "unknown" (null or -1), so a
 * caller can say what it could not read instead of failing.
 */
public final class SysfsText
{
    /** What {@link #nonNegativeInt(String)} returns for text that is not a number. */
    public static final int UNKNOWN = -1;

    private SysfsText()
    {
    }

    /**
     * @param text an attribute's content, or null.
     * @return the content without trailing white space (the newline), or null when {@code text} is null.
     */
    public static String value(final String text)
    {
        return text == null ? null : text.stripTrailing();
    }

    /**
     * @param text an attribute's content, or null.
     * @return the single value, or null when the attribute is absent, empty or holds more than one word.
     */
    public static String singleWord(final String text)
    {
        final List<String> words = words(text);
        return words.size() == 1 ? words.get(0) : null;
    }

    /**
     * @param text an attribute's content such as {@code "100\n"}, or null.
     * @return the number, or {@link #UNKNOWN} when it is not a non-negative decimal integer of int range.
     */
    public static int nonNegativeInt(final String text)
    {
        final String word = singleWord(text);
        if (word == null || word.isEmpty() || word.length() > 10)
        {
            return UNKNOWN;
        }
        for (int i = 0; i < word.length(); i++)
        {
            final char c = word.charAt(i);
            if (c < '0' || c > '9')
            {
                return UNKNOWN;
            }
        }
        final long value = Long.parseLong(word);
        return value > Integer.MAX_VALUE ? UNKNOWN : (int)value;
    }

    /**
     * @param text a list such as {@code "eth2 eth3\n"}, or null.
     * @return its white-space separated words ({@link Character#isWhitespace}, the rule {@link String#strip()}
     * follows too); empty for null or empty text.
     */
    public static List<String> words(final String text)
    {
        return split(text, "");
    }

    /**
     * @param text {@code arp_ip_target}: addresses separated by spaces (as the kernel shows them) or commas (as
     *             {@code /proc/net/bonding} and users write them), or null.
     * @return the addresses; empty when none is set.
     */
    public static List<String> commaList(final String text)
    {
        return split(text, ",");
    }

    private static List<String> split(final String text, final String separators)
    {
        // One rule for white space everywhere: a regex's \s misses the characters 0x1c-0x1f that strip() removes,
        // so "a", 0x1c, "b" was one word, yet a trailing 0x1c was dropped (found by SysfsTextFuzzTest).
        final List<String> items = new ArrayList<>();
        if (text == null)
        {
            return items;
        }
        int start = -1;
        for (int i = 0; i <= text.length(); i++)
        {
            final boolean separator = i == text.length() || Character.isWhitespace(text.charAt(i)) ||
                separators.indexOf(text.charAt(i)) >= 0;
            if (separator && start >= 0)
            {
                items.add(text.substring(start, i));
                start = -1;
            }
            else if (!separator && start < 0)
            {
                start = i;
            }
        }
        return items;
    }

    /**
     * @param text a {@code uevent} file, or null.
     * @param key  e.g. {@code DEVTYPE}.
     * @return the value of the first {@code KEY=VALUE} line with that key, or null.
     */
    public static String ueventValue(final String text, final String key)
    {
        if (text == null)
        {
            return null;
        }
        final String prefix = key + "=";
        for (final String line : text.split("\n"))
        {
            final String trimmed = line.strip();
            if (trimmed.startsWith(prefix))
            {
                return trimmed.substring(prefix.length());
            }
        }
        return null;
    }

    /**
     * @param text an {@code address} or {@code perm_hwaddr} attribute, or null.
     * @return the MAC address in lower case when it is six colon-separated hex octets, else null.
     */
    public static String mac(final String text)
    {
        final String word = singleWord(text);
        if (word == null || !word.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}"))
        {
            return null;
        }
        return word.toLowerCase(java.util.Locale.ROOT);
    }
}
