package io.exabond.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON writer of the command line and the profiler: an object whose fields keep the order they were added
 * in, printed on one line ({@link #toString()}: {@code --json} output, one object a line) or indented
 * ({@link #toIndentedString()}: files that people read too, such as the profiler's {@code summary.json}).
 * <p>
 * Numbers are for machines and written one way whatever the default locale: integers as they are; doubles as the
 * shortest decimal that reads back as the same double, with a '.' and without an exponent ({@code 21.456}, never
 * {@code 21,456}, which {@code String.format("%.3f")} writes under de_DE); NaN and the infinities as {@code null}.
 * Strings escape the quote, the backslash and every control character, C1 (U+0080-U+009F) and DEL included: text
 * read from a page or from sysfs cannot then drive a terminal that shows the output (U+009B is a CSI to some
 * terminals). Jackson writes C1 characters raw, which is why the tools write JSON with this class.
 */
public final class Json
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String INDENT = "  ";

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /**
     * @param name  the field's name.
     * @param value a string, or null.
     * @return this object.
     */
    public Json field(final String name, final String value)
    {
        return put(name, value);
    }

    /**
     * @param name  the field's name.
     * @param value an integer.
     * @return this object.
     */
    public Json field(final String name, final long value)
    {
        return put(name, value);
    }

    /**
     * @param name  the field's name.
     * @param value a number; NaN and the infinities are written as null.
     * @return this object.
     */
    public Json field(final String name, final double value)
    {
        return put(name, value);
    }

    /**
     * @param name  the field's name.
     * @param value true or false.
     * @return this object.
     */
    public Json field(final String name, final boolean value)
    {
        return put(name, value);
    }

    /**
     * @param name  the field's name.
     * @param value true, false, or null for "unknown".
     * @return this object.
     */
    public Json field(final String name, final Boolean value)
    {
        return put(name, value);
    }

    /**
     * @param name  the field's name.
     * @param value a nested object, or null.
     * @return this object.
     */
    public Json field(final String name, final Json value)
    {
        return put(name, value);
    }

    /**
     * @param name   the field's name.
     * @param values objects, in order.
     * @return this object.
     */
    public Json array(final String name, final Iterable<Json> values)
    {
        final List<Object> items = new ArrayList<>();
        values.forEach(items::add);
        return put(name, items);
    }

    /**
     * @param name   the field's name.
     * @param values integers, in order.
     * @return this object.
     */
    public Json numbers(final String name, final List<Long> values)
    {
        return put(name, List.copyOf(values));
    }

    /**
     * @param name   the field's name.
     * @param values strings, in order.
     * @return this object.
     */
    public Json strings(final String name, final List<String> values)
    {
        return put(name, List.copyOf(values));
    }

    /**
     * @return the object on one line, without spaces.
     */
    public String toString()
    {
        final StringBuilder out = new StringBuilder();
        value(out, this, -1);
        return out.toString();
    }

    /**
     * @return the object indented by two spaces a level, one field a line, ending with a newline.
     */
    public String toIndentedString()
    {
        final StringBuilder out = new StringBuilder();
        value(out, this, 0);
        return out.append('\n').toString();
    }

    /**
     * Writes a double as this class does.
     *
     * @param value a number.
     * @return the shortest decimal that reads back as {@code value}, without an exponent; "null" when not finite.
     */
    public static String number(final double value)
    {
        if (!Double.isFinite(value))
        {
            return "null";
        }
        // Double.toString is the shortest round trip and never localised; BigDecimal only drops its exponent.
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /**
     * Appends a string literal as this class writes it.
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
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
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

    private Json put(final String name, final Object value)
    {
        if (fields.containsKey(name))
        {
            // Two fields of one name read back as either, depending on the parser.
            throw new IllegalArgumentException("JSON field \"" + name + "\" written twice");
        }
        fields.put(name, value);
        return this;
    }

    /**
     * @param depth the nesting level when indenting, -1 for one line.
     */
    private static void value(final StringBuilder out, final Object value, final int depth)
    {
        switch (value)
        {
            case null -> out.append("null");
            case String text -> string(out, text);
            case Double d -> out.append(number(d));
            case Long l -> out.append(l.longValue());
            case Boolean b -> out.append(b.booleanValue());
            case Json json -> container(out, '{', '}', json.fields.entrySet().iterator(), depth);
            case List<?> list -> container(out, '[', ']', list.iterator(), depth);
            default -> throw new IllegalStateException("not a JSON value: " + value.getClass());
        }
    }

    private static void container(final StringBuilder out, final char open, final char close,
        final Iterator<?> items, final int depth)
    {
        final boolean indent = depth >= 0;
        final int inner = indent ? depth + 1 : -1;
        out.append(open);
        boolean first = true;
        while (items.hasNext())
        {
            if (!first)
            {
                out.append(',');
            }
            if (indent)
            {
                out.append('\n').append(INDENT.repeat(inner));
            }
            first = false;
            final Object item = items.next();
            if (item instanceof Map.Entry<?, ?> entry)
            {
                string(out, (String)entry.getKey());
                out.append(indent ? ": " : ":");
                value(out, entry.getValue(), inner);
            }
            else
            {
                value(out, item, inner);
            }
        }
        if (indent && !first)
        {
            out.append('\n').append(INDENT.repeat(depth));
        }
        out.append(close);
    }
}
