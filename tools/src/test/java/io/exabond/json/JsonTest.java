package io.exabond.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest
{
    @Test
    void shouldWriteNumbersForMachinesWhateverTheDefaultLocale()
    {
        final Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try
        {
            final String text = new Json().field("read_ns", 21.456).field("tiny", 0.00001).field("whole", 3.0)
                .field("big", 1e20).field("count", 1_234_567L).field("nan", Double.NaN)
                .field("infinite", Double.NEGATIVE_INFINITY).toString();

            assertEquals("{\"read_ns\":21.456,\"tiny\":0.00001,\"whole\":3,\"big\":100000000000000000000," +
                "\"count\":1234567,\"nan\":null,\"infinite\":null}", text);
            final JsonNode json = StrictJson.parse(text);
            assertEquals(21.456, json.get("read_ns").doubleValue());
            assertEquals(0.00001, json.get("tiny").doubleValue());
            assertTrue(json.get("nan").isNull());
        }
        finally
        {
            Locale.setDefault(before);
        }
    }

    @Test
    void shouldWriteEveryDoubleSoThatItReadsBackTheSame()
    {
        for (final double value : new double[] {0.1, 1.0 / 3, -2.5e-7, 123456.789, Double.MIN_VALUE, Double.MAX_VALUE,
            -0.0, 41.29999923706055})
        {
            final String text = new Json().field("v", value).toString();

            assertFalse(text.contains("E") || text.contains("e"), "no exponent: " + text);
            assertEquals(value == 0 ? 0.0 : value, StrictJson.parse(text).get("v").doubleValue(), text);
        }
    }

    @Test
    void shouldEscapeEveryControlCharacterC1IncludedAndReadBackTheSameText()
    {
        final String hostile = "a\"b\\c\n\r\t\u0000\u0007\u001b[31m\u007f\u0085\u009b31m\u00a0\u00e9\u20ac";

        final String text = new Json().field("name", hostile).toString();

        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            assertFalse(c < 0x20 || c >= 0x7F && c <= 0x9F, "raw control character " + (int)c + " in " + text);
        }
        assertTrue(text.contains("\\u009b31m") && text.contains("\\u001b[31m") && text.contains("\\u007f"), text);
        assertTrue(text.contains("\u00a0\u00e9\u20ac"), "printable text stays as it is: " + text);
        assertEquals(hostile, StrictJson.parse(text).get("name").textValue());
    }

    @Test
    void shouldWriteTheSameValueOnOneLineAndIndented()
    {
        final Json json = new Json()
            .field("nested", new Json().field("empty", new Json()).field("flag", true).field("unknown", (Boolean)null))
            .array("objects", List.of(new Json().field("a", 1), new Json()))
            .array("none", List.of())
            .numbers("numbers", List.of(1L, -1L))
            .strings("strings", List.of("x", "y"))
            .field("missing", (String)null);

        final String line = json.toString();
        final String indented = json.toIndentedString();

        assertFalse(line.contains("\n") || line.contains(" "), line);
        assertTrue(indented.startsWith("{\n  \"nested\": {\n    \"empty\": {},\n") && indented.endsWith("}\n"),
            indented);
        assertEquals(StrictJson.parse(line), StrictJson.parse(indented));
        assertTrue(StrictJson.parse(line).get("nested").get("unknown").isNull());
        assertEquals(List.of("nested", "objects", "none", "numbers", "strings", "missing"),
            names(StrictJson.parse(line).fieldNames()), "fields keep the order they were added in");
    }

    @Test
    void shouldRefuseAFieldWrittenTwice()
    {
        final Json json = new Json().field("bond", "bond0");

        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> json.field("bond", "bond1"));

        assertTrue(e.getMessage().contains("\"bond\""), e.getMessage());
    }

    private static List<String> names(final Iterator<String> names)
    {
        final List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
