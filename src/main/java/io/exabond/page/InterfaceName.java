package io.exabond.page;

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
     * Quotes a name for a one-line message: control and non-ASCII characters are escaped (newline as {@code \\n},
     * others as a Java unicode escape), so that a hostile name can neither break the line nor drive the terminal,
     * and a long one is cut after 40 characters.
     *
     * @param name any string.
     * @return it in single quotes, printable ASCII only.
     */
    public static String quote(final String name)
    {
        final StringBuilder out = new StringBuilder(name.length() + 2).append('\'');
        final int shown = Math.min(name.length(), 40);
        for (int i = 0; i < shown; i++)
        {
            final char c = name.charAt(i);
            switch (c)
            {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default ->
                {
                    if (c < 0x20 || c > 0x7E)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        if (shown < name.length())
        {
            out.append("...");
        }
        return out.append('\'').toString();
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
