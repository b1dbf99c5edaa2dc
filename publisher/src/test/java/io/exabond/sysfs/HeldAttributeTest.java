package io.exabond.sysfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HeldAttributeTest
{
    @Test
    void shouldReadWhatTheFileHoldsNowThroughTheOpenFile(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("active_slave"), "eth2\n");
        try (HeldAttribute attribute = new HeldAttribute(file))
        {
            attribute.reopen();
            assertEquals("eth2\n", attribute.read());

            // Rewritten in place, as sysfs shows a new value on every read of the same open file.
            Files.writeString(file, "eth3\n", StandardOpenOption.TRUNCATE_EXISTING);

            assertEquals("eth3\n", attribute.read());
        }
    }

    @Test
    void shouldFollowAFileReplacedUnderItFromTheNextReopen(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("active_slave"), "eth2\n");
        try (HeldAttribute attribute = new HeldAttribute(file))
        {
            attribute.reopen();
            Files.delete(file);
            Files.writeString(file, "eth3\n");

            assertEquals("eth2\n", attribute.read(), "the open file until the next pass reopens it");
            attribute.reopen();
            assertEquals("eth3\n", attribute.read());
        }
    }

    @Test
    void shouldReadByPathWhenNeverOpenedAndSayNullWhenThereIsNoFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("active_slave");
        try (HeldAttribute attribute = new HeldAttribute(file))
        {
            attribute.reopen();
            assertNull(attribute.read());

            Files.writeString(file, "eth2\n");

            assertEquals("eth2\n", attribute.read(), "read by path until reopened");
        }
    }
}
