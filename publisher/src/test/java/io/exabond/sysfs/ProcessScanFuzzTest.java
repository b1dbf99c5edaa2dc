package io.exabond.sysfs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

import static io.exabond.sysfs.SysfsTextFuzzTest.assertPrintable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ProcessScan} on a fake procfs whose {@code /proc/4242/maps} and {@code comm} hold arbitrary bytes. The
 * input is the {@code comm} file's content, a NUL, then the {@code maps} file's content (no NUL: all of it is maps,
 * and comm is {@code feedhandler}). The page looked for is {@code /dev/exabond-bond0}; process 1 has neither maps
 * nor descriptors (another user's). Whatever the bytes: no exception; process 4242 is reported only when its maps
 * name the page, and always when a well-formed line maps it (deleted or not); process 1 counts as unreadable; the
 * holder's description is one printable line.
 * <p>
 * Seeds and past findings: {@code src/test/resources/io/exabond/sysfs/ProcessScanFuzzTestInputs/shouldScanAnyMaps/}.
 */
class ProcessScanFuzzTest
{
    private static final String PAGE = "/dev/exabond-bond0";
    private static final Pattern MAPS_LINE = Pattern.compile("[0-9a-f]+-[0-9a-f]+ [r-][w-][x-][sp] [0-9a-f]+ " +
        "[0-9a-f]+:[0-9a-f]+ [0-9]+ +" + Pattern.quote(PAGE) + "( \\(deleted\\))?");

    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "30s")
    void shouldScanAnyMaps(final byte[] input) throws IOException
    {
        final int nul = indexOf(input, (byte)0);
        final byte[] comm = nul < 0 ? "feedhandler\n".getBytes(StandardCharsets.US_ASCII) :
            Arrays.copyOfRange(input, 0, nul);
        final byte[] maps = nul < 0 ? input : Arrays.copyOfRange(input, nul + 1, input.length);
        final Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("1"));
        Files.createDirectories(proc.resolve("4242/fd"));
        Files.createDirectories(proc.resolve("self"));
        Files.write(proc.resolve("4242/comm"), comm);
        Files.write(proc.resolve("4242/maps"), maps);

        final ProcessScan scan = ProcessScan.scan(proc, Path.of(PAGE));

        final String text = new String(maps, StandardCharsets.ISO_8859_1);
        assertEquals(1, scan.unreadable(), "process 1");
        assertTrue(scan.holders().size() <= 1);
        final boolean wellFormed = text.lines().anyMatch(line -> MAPS_LINE.matcher(line).matches());
        if (scan.holders().isEmpty())
        {
            assertFalse(wellFormed, "a well-formed line maps the page");
            return;
        }
        final PageHolder holder = scan.holders().get(0);
        assertEquals(4242, holder.pid());
        assertTrue(holder.mapped() && !holder.open());
        assertTrue(text.contains(PAGE), "reported only when the maps name the page");
        final String commText = SysfsText.value(new String(comm, StandardCharsets.ISO_8859_1));
        assertEquals(commText.isEmpty() ? "?" : commText, holder.comm());
        assertPrintable(holder.toString());
    }

    private static int indexOf(final byte[] bytes, final byte value)
    {
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] == value)
            {
                return i;
            }
        }
        return -1;
    }
}
