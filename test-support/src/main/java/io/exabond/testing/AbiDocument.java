package io.exabond.testing;

import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The binary contract as {@code docs/ABI.md} states it, parsed from its markdown: the rows of the offset tables of
 * section 2 (word 0) and section 3 (status block, member), and the numbers its text gives (block offset, magic,
 * sizes, flag bits). Anything it cannot find fails the test with a message naming what moved, so a rewording of
 * ABI.md is noticed rather than silently checking less.
 */
public final class AbiDocument
{
    /** The struct that section 2's table describes. */
    public static final String GRPINFO_FIELDS = "exabond_grpinfo_fields";
    /** The struct that section 3's first table describes. */
    public static final String STATUS_BLOCK = "exabond_status_block";
    /** The struct that section 3's second table describes. */
    public static final String MEMBER = "exabond_member";

    private static final Pattern INTEGER_TYPE = Pattern.compile("(u?)int(\\d+)_t");
    private static final Pattern ARRAY_TYPE = Pattern.compile("(\\w+)\\[(\\d+)]");

    /**
     * One row of an offset table.
     *
     * @param struct  the C struct it belongs to.
     * @param field   the field's name.
     * @param offset  its offset in the struct.
     * @param size    its size from the size column, or from its type when the table has no size column.
     * @param type    the type column (C type, {@code char[16]}, {@code member[16]}), empty for reserved bytes.
     * @param meaning the meaning column.
     */
    public record Row(String struct, String field, long offset, long size, String type, String meaning)
    {
        /**
         * @return whether the type column names a signed integer; false for unsigned and non-integer types.
         */
        public boolean isSigned()
        {
            final Matcher matcher = INTEGER_TYPE.matcher(type);
            return matcher.matches() && matcher.group(1).isEmpty();
        }

        /**
         * @return whether the type column names an integer type.
         */
        public boolean isInteger()
        {
            return INTEGER_TYPE.matcher(type).matches();
        }
    }

    private final String text;
    private final long memberSize;
    private final Map<String, List<Row>> tables = new LinkedHashMap<>();

    private AbiDocument(final String text)
    {
        this.text = text;
        this.memberSize = number(find("A member, (\\d+) bytes", "the size of a member (\"A member, N bytes\")"));

        final List<List<String[]>> word0 = tables(section("## 2."));
        Assertions.assertEquals(1, word0.size(), "ABI.md section 2 should have one table (word 0's fields)");
        final List<List<String[]>> block = tables(section("## 3."));
        Assertions.assertEquals(2, block.size(), "ABI.md section 3 should have two tables (block, member)");
        tables.put(GRPINFO_FIELDS, rows(GRPINFO_FIELDS, word0.get(0)));
        tables.put(STATUS_BLOCK, rows(STATUS_BLOCK, block.get(0)));
        tables.put(MEMBER, rows(MEMBER, block.get(1)));
    }

    /**
     * @param path {@code docs/ABI.md}.
     * @return the parsed document.
     */
    public static AbiDocument parse(final Path path)
    {
        try
        {
            return new AbiDocument(Files.readString(path, StandardCharsets.UTF_8));
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /**
     * @return the table rows by struct name: {@link #GRPINFO_FIELDS}, {@link #STATUS_BLOCK}, {@link #MEMBER}.
     */
    public Map<String, List<Row>> tables()
    {
        return tables;
    }

    /**
     * The header's constants as ABI.md states them in words, by macro name.
     *
     * @return e.g. {@code EXABOND_STATUS_BLOCK_OFFSET -> 2048}.
     */
    public Map<String, Long> statedConstants()
    {
        final Map<String, Long> stated = new LinkedHashMap<>();
        final Matcher word0 = matcher(
            "Offset (\\d+), (\\d+) bytes", "word 0's offset and size (\"Offset N, M bytes\")");
        stated.put("EXABOND_GRPINFO_OFFSET", number(word0.group(1)));
        stated.put("EXABOND_GRPINFO_SIZE", number(word0.group(2)));
        stated.put("EXABOND_GRPINFO_FLAG_ACTIVE", 1L << number(
            find("bit (\\d+) \\(`EXABOND_GRPINFO_FLAG_ACTIVE`", "the bit of the ACTIVE flag of word 0")));
        Assertions.assertEquals(stated.get("EXABOND_GRPINFO_FLAG_ACTIVE"),
            number(find("`EXABOND_GRPINFO_FLAG_ACTIVE` = (\\d+)", "the value of EXABOND_GRPINFO_FLAG_ACTIVE")),
            "ABI.md gives EXABOND_GRPINFO_FLAG_ACTIVE as a bit and as a value that disagree");
        stated.put("EXABOND_STATUS_BLOCK_OFFSET", number(
            find("status block at \\*\\*offset (\\d+)\\*\\*",
            "the block's offset (\"status block at **offset N**\")")));
        stated.put("EXABOND_STATUS_MAGIC", number(
            first(row(STATUS_BLOCK, "magic").meaning(), "(0x[0-9a-fA-F]+)", "the magic in the magic row")));
        stated.put("EXABOND_STATUS_VERSION", number(
            first(row(STATUS_BLOCK, "version").meaning(), "^(\\d+)$", "the version in the version row")));
        final Matcher blockSize = matcher(row(STATUS_BLOCK, "block_size").meaning(), "(\\d+) for version (\\d+)",
            "the block size in the block_size row (\"N for version V\")");
        Assertions.assertEquals(stated.get("EXABOND_STATUS_VERSION"), number(blockSize.group(2)),
            "ABI.md's block_size row speaks of another version than the version row");
        stated.put("EXABOND_STATUS_BLOCK_SIZE", number(blockSize.group(1)));
        stated.put("EXABOND_MAX_MEMBERS", number(
            first(row(STATUS_BLOCK, "member_count").meaning(), "0\\.\\.(\\d+)", "the member bound (\"0..N\")")));
        stated.put("EXABOND_MEMBER_SIZE", memberSize);
        stated.put("EXABOND_EXANIC_NONE", number(first(row(MEMBER, "exanic_id").meaning(),
            "^(\\d+) when the member is not a SmartNIC port",
            "the exanic_id of a member that is not a SmartNIC port")));
        final Matcher flags = matcher(row(MEMBER, "flags").meaning(), "bit (\\d+) active slave, bit (\\d+) primary",
            "the member flag bits (\"bit A active slave, bit P primary\")");
        stated.put("EXABOND_MEMBER_FLAG_ACTIVE", 1L << number(flags.group(1)));
        stated.put("EXABOND_MEMBER_FLAG_PRIMARY", 1L << number(flags.group(2)));
        stated.put("EXABOND_IFNAMSIZ", number(first(row(STATUS_BLOCK, "bond_name").type(), "^char\\[(\\d+)]$",
            "the length of bond_name")));
        return stated;
    }

    /**
     * @param struct a struct name.
     * @param field  a field of it.
     * @return its row.
     */
    public Row row(final String struct, final String field)
    {
        return tables.get(struct).stream()
            .filter(r -> r.field().equals(field))
            .findFirst()
            .orElseThrow(() -> new AssertionError("ABI.md's table of " + struct + " has no row " + field));
    }

    /**
     * The size a type column implies, for checking it against the size column and the compiler.
     *
     * @param type a type column: {@code uint32_t}, {@code char[16]}, {@code member[16]}.
     * @return its size in bytes.
     */
    public long sizeOfType(final String type)
    {
        final Matcher integer = INTEGER_TYPE.matcher(type);
        if (integer.matches())
        {
            return Long.parseLong(integer.group(2)) / 8;
        }
        final Matcher array = ARRAY_TYPE.matcher(type);
        Assertions.assertTrue(array.matches(), () -> "ABI.md uses a type this test does not know: " + type);
        final long count = Long.parseLong(array.group(2));
        return switch (array.group(1))
        {
            case "char" -> count;
            case "member" -> count * memberSize;
            default -> throw new AssertionError("ABI.md uses an element type this test does not know: " + type);
        };
    }

    private List<Row> rows(final String struct, final List<String[]> table)
    {
        final String[] header = table.get(0);
        final int offset = column(header, "offset", struct);
        final int field = column(header, "field", struct);
        final int type = column(header, "type", struct);
        final int meaning = column(header, "meaning", struct);
        final int size = optionalColumn(header, "size");
        final List<Row> rows = new ArrayList<>();
        for (final String[] cells : table.subList(2, table.size()))
        {
            final String typeText = cells[type];
            final long sizeValue = size >= 0 ? product(cells[size]) : sizeOfType(typeText);
            final Row row = new Row(struct, cells[field], number(cells[offset]), sizeValue, typeText, cells[meaning]);
            if (size >= 0 && !typeText.isEmpty())
            {
                Assertions.assertEquals(sizeOfType(typeText), sizeValue, () -> "ABI.md's row " + struct + "." +
                    row.field() + " has type " + typeText + " but size " + cells[size]);
            }
            rows.add(row);
        }
        return List.copyOf(rows);
    }

    private String section(final String heading)
    {
        final int start = text.indexOf("\n" + heading);
        Assertions.assertTrue(start >= 0, () -> "ABI.md has no section '" + heading + "'");
        final int end = text.indexOf("\n## ", start + 1);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    /** The markdown tables of a text: each a list of rows of trimmed cells, backticks removed. */
    private static List<List<String[]>> tables(final String section)
    {
        final List<List<String[]>> tables = new ArrayList<>();
        List<String[]> current = null;
        for (final String line : section.split("\n"))
        {
            if (line.startsWith("|"))
            {
                if (current == null)
                {
                    current = new ArrayList<>();
                    tables.add(current);
                }
                final String inner = line.strip().substring(1, line.strip().length() - 1);
                final String[] cells = inner.split("\\|", -1);
                for (int i = 0; i < cells.length; i++)
                {
                    cells[i] = cells[i].replace("`", "").strip();
                }
                current.add(cells);
            }
            else
            {
                current = null;
            }
        }
        return tables;
    }

    private static int column(final String[] header, final String name, final String struct)
    {
        final int index = optionalColumn(header, name);
        Assertions.assertTrue(index >= 0, () -> "ABI.md's table of " + struct + " has no '" + name + "' column");
        return index;
    }

    private static int optionalColumn(final String[] header, final String name)
    {
        for (int i = 0; i < header.length; i++)
        {
            if (header[i].equals(name) || header[i].startsWith(name + " ") || header[i].endsWith(" " + name))
            {
                return i;
            }
        }
        return -1;
    }

    private String find(final String regex, final String what)
    {
        return matcher(regex, what).group(1);
    }

    private Matcher matcher(final String regex, final String what)
    {
        return matcher(text, regex, what);
    }

    private static String first(final String in, final String regex, final String what)
    {
        return matcher(in, regex, what).group(1);
    }

    private static Matcher matcher(final String in, final String regex, final String what)
    {
        final Matcher matcher = Pattern.compile(regex).matcher(in);
        Assertions.assertTrue(matcher.find(), () -> "ABI.md no longer states " + what + " as /" + regex +
            "/: update AbiDocument to its new wording");
        return matcher;
    }

    private static long product(final String cell)
    {
        long value = 1;
        for (final String factor : cell.split("x"))
        {
            value *= number(factor.strip());
        }
        return value;
    }

    private static long number(final String text)
    {
        return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
    }
}
