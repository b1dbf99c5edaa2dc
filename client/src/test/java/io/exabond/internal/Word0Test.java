package io.exabond.internal;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read by address: the mask that lets C2 drop the bounds and alignment checks must never change the address of
 * memory this process can map, and must be refused where it would.
 */
class Word0Test
{
    @Test
    void shouldReadTheWordAtAnAddressOfThisProcess()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment page = arena.allocate(LibC.pageSize(), LibC.pageSize());
            page.set(ValueLayout.JAVA_INT, 0, 0x0102_0001);

            assertTrue(Word0.readable(page.address()));
            assertEquals(0x0102_0001, Word0.acquire(page.address()));
        }
    }

    @Test
    void shouldCallUnreadableWhatTheMaskWouldMove()
    {
        assertTrue(Word0.readable(0x7fff_f7ff_c000L), "a typical x86-64 mmap address (47-bit user space)");
        assertTrue(Word0.readable(0x00ff_ffff_ffff_f000L), "the top page of 57-bit (five-level) user space");
        assertFalse(Word0.readable(0x0200_0000_0000_0000L), "beyond 57 bits");
        assertFalse(Word0.readable(0xffff_8000_0000_0000L), "a kernel address");
        assertFalse(Word0.readable(0x7fff_f7ff_c002L), "not 4-byte aligned");
    }
}
