package io.exabond.cli;

/**
 * A minimal JSON object writer for the command line's {@code --json} output: flat and nested objects and arrays
 * of strings, numbers and booleans, in insertion order.
 */
final class Json
{
    private final StringBuilder out = new StringBuilder();
    private boolean first = true;

    Json()
    {
        out.append('{');
    }

    Json field(final String name, final String value)
    {
        key(name);
        if (value == null)
        {
            out.append("null");
        }
        else
        {
            string(value);
        }
        return this;
    }

    Json field(final String name, final long value)
    {
        key(name);
        out.append(value);
        return this;
    }

    Json field(final String name, final double value)
    {
        key(name);
        out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    Json field(final String name, final boolean value)
    {
        key(name);
        out.append(value);
        return this;
    }

    Json field(final String name, final Json value)
    {
        key(name);
        out.append(value);
        return this;
    }

    Json array(final String name, final Iterable<Json> values)
    {
        key(name);
        out.append('[');
        boolean firstValue = true;
        for (final Json value : values)
        {
            if (!firstValue)
            {
                out.append(',');
            }
            out.append(value);
            firstValue = false;
        }
        out.append(']');
        return this;
    }

    public String toString()
    {
        return out + "}";
    }

    private void key(final String name)
    {
        if (!first)
        {
            out.append(',');
        }
        first = false;
        string(name);
        out.append(':');
    }

    private void string(final String value)
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
                    // C1 controls too: U+009B is a CSI that some terminals act on.
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
