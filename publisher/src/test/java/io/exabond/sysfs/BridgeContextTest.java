package io.exabond.sysfs;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BridgeContextTest
{
    @Test
    void shouldRefuseAMissingBondOrPageNamingTheSetting(@TempDir final Path root)
    {
        final IllegalArgumentException noBond = assertThrows(IllegalArgumentException.class,
            () -> new BridgeContext().page(root.resolve("page")).conclude());
        assertTrue(noBond.getMessage().startsWith("bondName is not set"), noBond.getMessage());

        final IllegalArgumentException noPage = assertThrows(IllegalArgumentException.class,
            () -> new BridgeContext().bondName("bond0").conclude());
        assertTrue(noPage.getMessage().startsWith("page is not set"), noPage.getMessage());
    }

    @Test
    void shouldRefuseAnIntervalOutOfRange(@TempDir final Path root)
    {
        for (final int intervalMs : new int[] {-1, BridgeContext.MAX_INTERVAL_MS + 1})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BridgeContext().bondName("bond0").page(root.resolve("page")).intervalMs(intervalMs)
                    .conclude());
            assertTrue(e.getMessage().startsWith("intervalMs " + intervalMs + " is out of range"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseASecondConcludeAndLaterChanges(@TempDir final Path root)
    {
        final BridgeContext context = new BridgeContext().bondName("bond0").page(root.resolve("page")).conclude();

        assertThrows(IllegalStateException.class, context::conclude);
        assertThrows(IllegalStateException.class, () -> context.intervalMs(5));
        assertEquals("bond0", context.bondName());
    }

    @Test
    void shouldPollATreeThatIsNotTheKernelsSysfs(@TempDir final Path root)
    {
        final BridgeContext context = new BridgeContext().sysfs(FakeSysfs.standardHost(root).sysfs())
            .bondName("bond0").page(root.resolve("page")).conclude();

        assertFalse(context.isKernelSysfs());
        assertTrue(context.eventDriven(), "asked for events");
        assertNull(context.listenerOpener(), "but it has nothing to listen to");
    }

    @Test
    void shouldListenOverTheKernelsSysfs(@TempDir final Path root)
    {
        Assumptions.assumeTrue(Files.isDirectory(Sysfs.DEFAULT_ROOT.resolve("class/net")), "no sysfs at /sys");
        final BridgeContext context = new BridgeContext().bondName("bond0").page(root.resolve("page")).conclude();

        assertTrue(context.isKernelSysfs(), "/sys is a sysfs mount");
        assertNotNull(context.listenerOpener());
        assertNull(new BridgeContext().bondName("bond0").page(root.resolve("page")).eventDriven(false).conclude()
            .listenerOpener(), "asked to poll");
    }
}
