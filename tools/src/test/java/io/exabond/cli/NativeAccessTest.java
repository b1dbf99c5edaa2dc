package io.exabond.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NativeAccessTest
{
    @Test
    void shouldNameTheMissingFlagAtFirstUseInsteadOfWarning() throws Exception
    {
        final Process process = new ProcessBuilder(List.of(
            ProcessHandle.current().info().command().orElseThrow(),
            "-cp", System.getProperty("java.class.path"),
            "io.exabond.cli.Exabond", "status", "--page", "/dev/zero"))
            .redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(ExitCode.ERROR, process.waitFor(), output);
        assertTrue(output.contains("--enable-native-access=ALL-UNNAMED"), output);
        assertTrue(output.contains("--enable-native-access=io.exabond"), output);
        assertFalse(output.contains("WARNING: A restricted method"), output);
        assertFalse(output.contains("\tat "), output);
    }
}
