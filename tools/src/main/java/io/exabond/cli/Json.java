package io.exabond.cli;

import io.exabond.profile.JsonValue;

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
        JsonValue.string(out, value);
    }
}
