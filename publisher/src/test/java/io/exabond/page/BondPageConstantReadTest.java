package io.exabond.page;

import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class BondPageConstantReadTest
{
    private static final BondDescription BOND = new BondDescription("bond0", 100, 100, 0, List.of(
        new Member("exanic0p1", 0, 1, true, true), new Member("exanic1p1", 1, 1, true, false)));

    @TempDir
    Path folder;

    @Test
    void shouldReadTheSameWordThroughTheSegmentAsThroughThePage()
    {
        final Path path = folder.resolve("exabond-bond0");
        try (PagePublisher publisher = PagePublisher.create(path, BOND, 0); BondPage page = BondPage.open(path))
        {
            final MemorySegment segment = page.segment();
            assertEquals(publisher.groupInfo(), BondPage.groupInfoAcquire(segment));

            publisher.publishActive(1);

            assertEquals(publisher.groupInfo(), BondPage.groupInfoAcquire(segment));
            assertEquals(page.groupInfoAcquire(), BondPage.groupInfoAcquire(segment));
            assertEquals(1, GroupInfo.exanicId(BondPage.groupInfoAcquire(segment)));
        }
    }

    @Test
    void shouldRefuseToReadThroughTheSegmentOfAClosedPage()
    {
        final Path path = folder.resolve("exabond-bond0");
        try (PagePublisher publisher = PagePublisher.create(path, BOND, 0))
        {
            final BondPage page = BondPage.open(path);
            assertEquals(publisher.groupInfo(), page.groupInfoAcquire());
            final MemorySegment segment = page.segment();
            page.close();

            assertThrows(IllegalStateException.class, () -> BondPage.groupInfoAcquire(segment));
        }
    }
}
