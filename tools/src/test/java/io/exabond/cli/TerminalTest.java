package io.exabond.cli;

import io.exabond.internal.LibC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TerminalTest
{
    @TempDir
    Path dir;

    @Test
    void shouldTellATerminalFromAFileAndFromADeviceThatIsNotOne() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("log"), "profile 2>log");
        assumeTrue(Files.exists(Path.of("/dev/ptmx")), "needs /dev/ptmx for a terminal");

        assertTrue(isTerminal(Path.of("/dev/ptmx")), "a pseudo-terminal's master side is a terminal");
        assertFalse(isTerminal(file), "a file, as after 2>log");
        assertFalse(isTerminal(Path.of("/dev/null")), "a character device that is not a terminal");
    }

    @Test
    void shouldSayNoForADescriptorThatIsNotOpen()
    {
        assertFalse(Terminal.isTerminal(-1));
    }

    private static boolean isTerminal(final Path path)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = LibC.errnoSegment(arena);
            final int fd = LibC.open(state, arena.allocateFrom(path.toString()), LibC.O_RDWR | LibC.O_CLOEXEC);
            assertTrue(fd >= 0, () -> "cannot open " + path + ": " + LibC.strerror(LibC.errno(state)));
            try
            {
                return Terminal.isTerminal(fd);
            }
            finally
            {
                LibC.close(state, fd);
            }
        }
    }
}
