package io.exabond.sysfs;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parsers of sysfs attribute text on arbitrary file contents, decoded as {@link Sysfs#read} decodes them
 * (ISO-8859-1, so every byte is one character). Each parser must return a value or its documented "unknown" (null,
 * -1, an empty list), never throw, and its result must agree with the text by a rule spelled out here again:
 * words are the runs of characters that are not white space ({@link Character#isWhitespace}), and nothing else is
 * dropped; a number is a run of ASCII digits of int range; a MAC address is six hex octets; a managed-bond list
 * holds only valid interface names, each once.
 * <p>
 * Seeds and past findings: {@code src/test/resources/io/exabond/sysfs/SysfsTextFuzzTestInputs/<method>/}.
 */
class SysfsTextFuzzTest
{
    @FuzzTest(maxDuration = "30s")
    void shouldParseAnyAttribute(final byte[] input)
    {
        final String text = new String(input, StandardCharsets.ISO_8859_1);

        final String value = SysfsText.value(text);
        assertTrue(text.startsWith(value), "value is the text's head");
        assertTrue(text.substring(value.length()).isBlank(), "only trailing white space is dropped");
        assertTrue(value.isEmpty() || !Character.isWhitespace(value.charAt(value.length() - 1)));

        final List<String> words = SysfsText.words(text);
        assertEquals(runs(text, ""), words, "words");
        assertEquals(words.size() == 1 ? words.get(0) : null, SysfsText.singleWord(text));

        checkNumber(text, SysfsText.singleWord(text), SysfsText.nonNegativeInt(text));
        assertEquals(runs(text, ","), SysfsText.commaList(text), "comma list");
        checkUevent(text, SysfsText.ueventValue(text, "DEVTYPE"));
        checkMac(SysfsText.singleWord(text), SysfsText.mac(text));
    }

    @FuzzTest(maxDuration = "30s")
    void shouldParseAnyMode(final byte[] input)
    {
        final String text = new String(input, StandardCharsets.ISO_8859_1);
        final List<String> words = runs(text, "");

        final BondMode mode = BondMode.parse(text);

        if (words.isEmpty())
        {
            assertNull(mode);
            return;
        }
        assertNotNull(mode);
        if (words.size() == 2)
        {
            assertEquals(words.get(0), mode.name());
            assertEquals(SysfsText.nonNegativeInt(words.get(1)), mode.number());
        }
        else
        {
            assertEquals(text.stripTrailing(), mode.name(), "the raw text when it is not 'NAME NUMBER'");
            assertEquals(-1, mode.number());
        }
        assertEquals("active-backup".equals(mode.name()), mode.isActiveBackup());
        assertPrintable(mode.toString());
    }

    @FuzzTest(maxDuration = "30s")
    void shouldParseAnyMastersList(final byte[] input)
    {
        final String text = new String(input, StandardCharsets.ISO_8859_1);
        final List<String> words = runs(text, "");

        final ExabondMasters masters = ExabondMasters.parse(text);

        final List<String> expectedBonds = new ArrayList<>();
        final List<String> expectedGarbage = new ArrayList<>();
        for (final String word : words)
        {
            if (!InterfaceName.isValid(word))
            {
                expectedGarbage.add(word);
            }
            else if (!expectedBonds.contains(word))
            {
                expectedBonds.add(word);
            }
        }
        assertEquals(expectedBonds, masters.bonds(), "valid names, each once, in the file's order");
        assertEquals(expectedGarbage, masters.garbage(), "everything else");
        for (final String bond : masters.bonds())
        {
            assertTrue(InterfaceName.isValid(bond), bond);
            assertTrue(masters.isManaged(bond));
        }
        for (final String word : words)
        {
            assertEquals(InterfaceName.isValid(word), masters.isManaged(word), word);
        }
    }

    private static void checkNumber(final String text, final String word, final int number)
    {
        assertTrue(number >= SysfsText.UNKNOWN, "UNKNOWN or non-negative");
        final boolean digits = word != null && !word.isEmpty() && word.chars().allMatch(c -> c >= '0' && c <= '9');
        if (number != SysfsText.UNKNOWN)
        {
            assertTrue(digits, () -> "a number from '" + text + "'");
            assertEquals(BigInteger.valueOf(number), new BigInteger(word));
        }
        else if (digits && word.length() <= 10)
        {
            assertTrue(new BigInteger(word).compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0,
                () -> "'" + word + "' is a number of int range");
        }
    }

    private static void checkUevent(final String text, final String devtype)
    {
        if (devtype == null)
        {
            assertFalse(text.startsWith("DEVTYPE="), "the first line holds DEVTYPE");
            return;
        }
        assertTrue(devtype.indexOf('\n') < 0, "one line");
        assertTrue(text.contains("DEVTYPE=" + devtype), "taken from a DEVTYPE= line");
        assertTrue(devtype.isEmpty() || !Character.isWhitespace(devtype.charAt(devtype.length() - 1)));
    }

    private static void checkMac(final String word, final String mac)
    {
        final boolean sixOctets = word != null && word.length() == 17 && isMac(word);
        assertEquals(sixOctets ? word.toLowerCase(Locale.ROOT) : null, mac, () -> "MAC of '" + word + "'");
    }

    private static boolean isMac(final String word)
    {
        for (int i = 0; i < word.length(); i++)
        {
            final char c = word.charAt(i);
            final boolean ok = i % 3 == 2 ? c == ':' : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' ||
                c >= 'A' && c <= 'F';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /** The maximal runs of characters that are neither white space nor one of {@code separators}. */
    static List<String> runs(final String text, final String separators)
    {
        final List<String> runs = new ArrayList<>();
        final StringBuilder run = new StringBuilder();
        for (int i = 0; i <= text.length(); i++)
        {
            final char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isWhitespace(c) || separators.indexOf(c) >= 0)
            {
                if (!run.isEmpty())
                {
                    runs.add(run.toString());
                    run.setLength(0);
                }
            }
            else
            {
                run.append(c);
            }
        }
        return runs;
    }

    static void assertPrintable(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            assertTrue(c >= 0x20 && c < 0x7F, () -> "not printable: " + InterfaceName.printable(text));
        }
    }
}
