package io.exabond.sysfs;

import io.exabond.page.PageLayout;

/**
 * The kernel's rule for a network interface name ({@code dev_valid_name}): 1 to 15 characters, no {@code /},
 * no {@code :}, no white space, and not {@code .} or {@code ..}. Bond names and slave names follow it.
 */
public final class InterfaceName
{
    /** Longest valid name: IFNAMSIZ less the NUL. */
    public static final int MAX_LENGTH = PageLayout.IFNAMSIZ - 1;

    private InterfaceName()
    {
    }

    /**
     * @param name a candidate interface name.
     * @return null when valid, else what is wrong with it.
     */
    public static String problem(final String name)
    {
        if (name == null || name.isEmpty())
        {
            return "an interface name cannot be empty";
        }
        if (name.length() > MAX_LENGTH)
        {
            return quote(name) + " has " + name.length() + " characters; an interface name has at most " + MAX_LENGTH;
        }
        if (".".equals(name) || "..".equals(name))
        {
            return quote(name) + " is not a valid interface name";
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x21 || c > 0x7E)
            {
                return quote(name) + " is not a valid interface name: it may not contain " +
                    (c == '/' ? "'/'" : c == ':' ? "':'" : "white space or control characters");
            }
        }
        return null;
    }

    /**
     * Quotes a name for a one-line message: control and non-ASCII characters are escaped as by
     * {@link #printable(String)}, so that a hostile name can neither break the line nor drive the terminal, and a
     * long one is cut after 40 characters.
     *
     * @param name any string.
     * @return it in single quotes, printable ASCII only.
     */
    public static String quote(final String name)
    {
        final int shown = Math.min(name.length(), 40);
        return "'" + printable(name.substring(0, shown)) + (shown < name.length() ? "..." : "") + "'";
    }

    /**
     * Makes a name safe to print as it is, on a terminal or in a line-based format, without quotes or a cut: newline,
     * carriage return, tab and backslash become {@code \n}, {@code \r}, {@code \t} and {@code \\}, other control
     * and non-ASCII characters a Java unicode escape (<code>&#92;u001b</code> for ESC). A valid interface name is
     * returned unchanged.
     *
     * @param name any string, e.g. a name read from a page or from sysfs.
     * @return it in printable ASCII only.
     */
    public static String printable(final String name)
    {
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            final String escape = switch (c)
            {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default -> c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int)c) : null;
            };
            if (escape != null && out == null)
            {
                out = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (out != null)
            {
                if (escape != null)
                {
                    out.append(escape);
                }
                else
                {
                    out.append(c);
                }
            }
        }
        return out == null ? name : out.toString();
    }

    /**
     * @param name a candidate interface name.
     * @return true when the kernel would accept it.
     */
    public static boolean isValid(final String name)
    {
        return problem(name) == null;
    }
}
