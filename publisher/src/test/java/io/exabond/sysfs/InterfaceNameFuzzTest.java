package io.exabond.sysfs;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.exabond.page.BondPage;
import io.exabond.page.PageLayout;
import io.exabond.publish.Member;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Bond-name validation on any string: {@link InterfaceName} agrees with the kernel's rule (spelled out again here),
 * never throws, explains a refusal in one line, and a name it accepts cannot leave the device folder.
 */
class InterfaceNameFuzzTest
{
    private static final Path DEV = Path.of("/dev");

    @FuzzTest(maxDuration = "10s")
    void shouldValidateAnyName(final FuzzedDataProvider data)
    {
        final String name = data.consumeRemainingAsString();
        final String problem = InterfaceName.problem(name);
        assertEquals(kernelAccepts(name), problem == null, () -> "'" + name + "': " + problem);
        if (problem != null)
        {
            assertFalse(problem.contains("\n") || problem.contains("\r"), () -> "not one line: " + problem);
            return;
        }
        final Path device = BondPage.devicePath(DEV, name);
        assertEquals(DEV, device.getParent());
        assertEquals(PageLayout.DEVICE_PREFIX + name, device.getFileName().toString());
        assertEquals(name, new Member(name, 0, 0, true, false).ifname());
    }

    private static boolean kernelAccepts(final String name)
    {
        if (name.isEmpty() || name.length() > 15 || ".".equals(name) || "..".equals(name))
        {
            return false;
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '/' || c == ':')
            {
                return false;
            }
        }
        return true;
    }
}
