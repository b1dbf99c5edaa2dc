package io.exabond.cli;

import picocli.CommandLine;

/**
 * A range of gaps between failovers in microseconds, written {@code MIN-MAX} or a single value.
 *
 * @param minUs shortest gap.
 * @param maxUs longest gap.
 */
record GapRange(long minUs, long maxUs)
{
    /**
     * Parses {@code --gap-us}.
     */
    static final class Converter implements CommandLine.ITypeConverter<GapRange>
    {
        public GapRange convert(final String value)
        {
            final String[] parts = value.trim().split("-", -1);
            try
            {
                if (parts.length == 1)
                {
                    final long gap = Long.parseLong(parts[0].trim());
                    return check(value, gap, gap);
                }
                if (parts.length == 2)
                {
                    return check(value, Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()));
                }
            }
            catch (final NumberFormatException ignored)
            {
                // falls through to the message below
            }
            throw new CommandLine.TypeConversionException(
                "'" + value + "' is not a gap range: write MIN-MAX in microseconds, e.g. 200-2000");
        }

        private static GapRange check(final String value, final long min, final long max)
        {
            if (min < 1 || max < min || max > 60_000_000L)
            {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a gap range: need " +
                    "1 <= MIN <= MAX <= 60000000 microseconds");
            }
            return new GapRange(min, max);
        }
    }
}
