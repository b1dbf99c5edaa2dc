package io.exabond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.exabond.CliRun;
import io.exabond.internal.PageMapping;
import io.exabond.json.StrictJson;
import io.exabond.page.PageLayout;
import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names in a page are whatever its writer put there: any process that can write the page file controls them. The
 * publisher refuses invalid names, so these pages are written through a raw writable mapping. {@code status} must
 * print them escaped: no control character may reach the terminal, and the Prometheus exposition must stay
 * parseable with one sample per line.
 */
@Timeout(30)
class HostilePageNamesTest
{
    /** ESC [ 3 1 m (red), a double quote, a newline: 7 bytes, inside the 16-byte field. */
    private static final String BOND = "b\u001b[31m\"\n";
    /** Closes the label set and starts a forged sample on a new line. */
    private static final String MEMBER0 = "e\"} 1\nfake{x=\"";
    /** Backslash, carriage return, BEL and DEL. */
    private static final String MEMBER1 = "e\\\r\u0007\u007f";
    /** A Prometheus label value: anything but a raw double quote, backslash or newline, and only the 3 escapes. */
    private static final String LABEL_VALUE = "\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("exabond_[a-z_]+\\{[a-z_]+=" + LABEL_VALUE + "(?:,[a-z_]+=" +
        LABEL_VALUE + ")*} -?[0-9.E-]+");

    @TempDir
    Path dir;

    @Test
    void shouldEscapeHostileNamesInTextStatus()
    {
        final Path page = hostilePage();

        final CliRun run = CliRun.run("status", "--page", page.toString());

        assertEquals(ExitCode.OK, run.code(), run.toString());
        assertPrintable(run.out());
        assertPrintable(run.err());
        assertTrue(run.out().contains("bond         b\\u001b[31m\"\\n" + System.lineSeparator()), run.out());
        assertTrue(run.out().contains("  e\"} 1\\nfake{x=\" exanic0:0"), run.out());
        assertTrue(run.out().contains("  e\\\\\\r\\u0007\\u007f"), run.out());
    }

    @Test
    void shouldKeepPrometheusExpositionParseableWithHostileNames()
    {
        final Path page = hostilePage();

        final CliRun run = CliRun.run("status", "--page", page.toString(), "--format", "prometheus");

        assertEquals(ExitCode.OK, run.code(), run.toString());
        assertPrintable(run.out());
        int memberSamples = 0;
        for (final String line : run.out().split("\n"))
        {
            assertTrue(line.startsWith("# HELP exabond_") || line.startsWith("# TYPE exabond_") ||
                SAMPLE.matcher(line).matches(), () -> "not exposition format: " + line);
            memberSamples += line.startsWith("exabond_member_up{") ? 1 : 0;
        }
        assertEquals(2, memberSamples, run.out());
        assertTrue(run.out().contains("\nexabond_member_up{bond=\"b\\\\u001b[31m\\\"\\\\n\",exanic=\"exanic0:0\"," +
            "ifname=\"e\\\"} 1\\\\nfake{x=\\\"\"} 1.0\n"), run.out());
        assertTrue(run.out().contains(",ifname=\"e\\\\\\\\\\\\r\\\\u0007\\\\u007f\"}"), run.out());
    }

    @Test
    void shouldEscapeHostileNamesInJsonStatus()
    {
        final Path page = hostilePage();

        final CliRun run = CliRun.run("status", "--page", page.toString(), "--json");

        assertEquals(ExitCode.OK, run.code(), run.toString());
        assertPrintable(run.out());
        assertEquals(1, run.out().lines().count(), run.out());
        final JsonNode json = StrictJson.parse(run.out());
        assertEquals(BOND, json.get("bond").textValue(), "escaped, not changed: " + run.out());
        assertEquals(MEMBER0, json.get("members").get(0).get("ifname").textValue(), run.out());
        assertEquals(MEMBER1, json.get("members").get(1).get("ifname").textValue(), run.out());
    }

    private Path hostilePage()
    {
        final Path page = dir.resolve("page");
        final BondDescription bond = new BondDescription("bond0", 100_000, 100_000, 0, List.of(
            new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, true, false)));
        try (PagePublisher publisher = PagePublisher.create(page, bond, 0))
        {
            assertEquals(0, publisher.generation());
        }
        try (PageMapping mapping = PageMapping.map(page, true, ""))
        {
            // No write is in progress and seq stays even, so a reader takes the names as published.
            final MemorySegment block = mapping.segment().asSlice(PageLayout.STATUS_BLOCK_OFFSET);
            name(block, PageLayout.BOND_NAME_OFFSET, BOND);
            name(block, PageLayout.MEMBERS_OFFSET + PageLayout.MEMBER_IFNAME_OFFSET, MEMBER0);
            name(block, PageLayout.MEMBERS_OFFSET + PageLayout.MEMBER_SIZE + PageLayout.MEMBER_IFNAME_OFFSET, MEMBER1);
        }
        return page;
    }

    private static void name(final MemorySegment block, final long offset, final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        assertTrue(bytes.length < PageLayout.IFNAMSIZ, name);
        block.asSlice(offset, PageLayout.IFNAMSIZ).fill((byte)0);
        MemorySegment.copy(bytes, 0, block, ValueLayout.JAVA_BYTE, offset, bytes.length);
    }

    private static void assertPrintable(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            final int at = i;
            assertTrue(c == '\n' || c >= 0x20 && c < 0x7F, () -> String.format("character 0x%02x at %d in:%n%s",
                (int)c, at, text));
        }
    }
}
