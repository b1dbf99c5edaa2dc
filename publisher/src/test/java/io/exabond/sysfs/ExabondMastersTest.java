package io.exabond.sysfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ExabondMastersTest
{
    @Test
    void shouldParseTheListAsTheDriverWritesIt()
    {
        final ExabondMasters masters = ExabondMasters.parse("bond0 bond1\n");
        assertEquals(List.of("bond0", "bond1"), masters.bonds());
        assertTrue(masters.garbage().isEmpty());
        assertTrue(masters.isManaged("bond1"));
        assertFalse(masters.isManaged("bond2"));
    }

    @Test
    void shouldParseTheListWithoutItsNewline()
    {
        assertEquals(List.of("bond0", "bond1"), ExabondMasters.parse("bond0 bond1").bonds());
    }

    @Test
    void shouldParseAnEmptyFileAsNoBonds()
    {
        assertTrue(ExabondMasters.parse("").bonds().isEmpty());
        assertTrue(ExabondMasters.parse("\n").bonds().isEmpty());
    }

    @Test
    void shouldSetGarbageApartFromNames()
    {
        final ExabondMasters masters = ExabondMasters.parse("bond0 a/b 0123456789abcdefg ..\n");
        assertEquals(List.of("bond0"), masters.bonds());
        assertEquals(List.of("a/b", "0123456789abcdefg", ".."), masters.garbage());
    }

    @Test
    void shouldReadNothingWhenTheModuleIsNotLoaded(@TempDir final Path root)
    {
        final FakeSysfs tree = new FakeSysfs(root);
        assertNull(ExabondMasters.read(tree.sysfs()));
        tree.exasock("bond0");
        assertEquals(List.of("bond0"), ExabondMasters.read(tree.sysfs()).bonds());
    }
}
