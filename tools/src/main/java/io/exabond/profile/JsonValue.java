package io.exabond.profile;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers and booleans as JSON, for {@code summary.json}. Maps keep their order
 * (pass a {@link java.util.LinkedHashMap}); non-finite doubles become null.
 */
public final class JsonValue
{
    private JsonValue()
    {
    }

    static String write(final Object value)
    {
        final StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.append('\n').toString();
    }

    private static void write(final StringBuilder out, final Object value, final int depth)
    {
        switch (value)
        {
            case null -> out.append("null");
            case String text -> string(out, text);
            case Double d -> out.append(Double.isFinite(d) ? String.format("%.3f", d) : "null");
            case Float f -> write(out, f.doubleValue(), depth);
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case Map<?, ?> map -> container(out, '{', '}', map.entrySet().iterator(), depth, true);
            case List<?> list -> container(out, '[', ']', list.iterator(), depth, false);
            default -> string(out, value.toString());
        }
    }

    private static void container(final StringBuilder out, final char open, final char close, final Iterator<?> items,
        final int depth, final boolean map)
    {
        out.append(open);
        boolean first = true;
        while (items.hasNext())
        {
            out.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
            first = false;
            final Object item = items.next();
            if (map)
            {
                final Map.Entry<?, ?> entry = (Map.Entry<?, ?>)item;
                string(out, entry.getKey().toString());
                out.append(": ");
                write(out, entry.getValue(), depth + 1);
            }
            else
            {
                write(out, item, depth + 1);
            }
        }
        if (!first)
        {
            out.append('\n').append("  ".repeat(depth));
        }
        out.append(close);
    }

    /**
     * Appends a JSON string literal: quotes, backslash and every C0 and C1 control character escaped (U+009B is a
     * CSI that some terminals act on), so that text read from a page or sysfs cannot drive the terminal.
     *
     * @param out   where to append.
     * @param value the text.
     */
    public static void string(final StringBuilder out, final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20 || c >= 0x7F && c <= 0x9F)
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
        out.append('"');
    }
}
