package io.exabond.sysfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class ProcessScanTest
{
    @Test
    void shouldFindProcessesThatMapOrHoldThePage(@TempDir final Path root)
    {
        final FakeSysfs tree = new FakeSysfs(root);
        final String page = tree.dev().resolve("exabond-bond0").toString();
        tree.process(100, "feedhandler", List.of(
            "7f0000000000-7f0000001000 r--s 00000000 00:06 1234                       " + page,
            "7f0000002000-7f0000003000 r-xp 00000000 08:01 99 /usr/lib/libc.so.6"),
            List.of(page, tree.dev().resolve("null").toString()));
        tree.process(200, "mapper", List.of("7f0000000000-7f0000001000 r--s 00000000 00:06 1234 " + page +
            " (deleted)"), List.of());
        tree.process(300, "opener", List.of(), List.of(page));
        tree.process(400, "bystander", List.of("7f0000000000-7f0000001000 r--s 00000000 00:06 1235 " + page + "x"),
            List.of(tree.dev().resolve("exabond-bond1").toString()));
        FakeSysfs.write(tree.proc().resolve("self"), "");

        final ProcessScan scan = ProcessScan.scan(tree.proc(), tree.dev().resolve("exabond-bond0"));

        assertEquals(List.of(new PageHolder(100, "feedhandler", true, true),
            new PageHolder(200, "mapper", true, false, true), new PageHolder(300, "opener", false, true)),
            scan.holders());
        assertEquals("200 (mapper): mapped, deleted", scan.holders().get(1).toString(), "a node removed earlier");
        assertEquals(0, scan.unreadable());
        assertEquals("100 (feedhandler): mapped, open", scan.holders().get(0).toString());
    }

    @Test
    void shouldCountProcessesItCannotRead(@TempDir final Path root) throws Exception
    {
        final FakeSysfs tree = new FakeSysfs(root);
        java.nio.file.Files.createDirectories(tree.proc().resolve("500"));

        final ProcessScan scan = ProcessScan.scan(tree.proc(), tree.dev().resolve("exabond-bond0"));

        assertEquals(List.of(), scan.holders());
        assertEquals(1, scan.unreadable());
    }
}
