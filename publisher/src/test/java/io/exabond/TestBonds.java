package io.exabond;

import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;

import java.nio.file.Path;
import java.util.List;

/**
 * Bonds and page files for tests.
 */
public final class TestBonds
{
    private TestBonds()
    {
    }

    /**
     * @return bond0 with two SmartNIC members and a non-SmartNIC one, miimon 100 ms.
     */
    public static BondDescription bond0()
    {
        return new BondDescription("bond0", 100, 100, 0, List.of(
            new Member("exanic0p0", 0, 0, true, true),
            new Member("exanic1p3", 1, 3, true, false),
            new Member("eth9", 255, 255, false, false)));
    }

    /**
     * @return bond0 with two SmartNIC members on one card, monitored every 10 ms: a publisher that fails fast.
     */
    public static BondDescription fastBond0()
    {
        return new BondDescription("bond0", 10, 10, 0,
            List.of(new Member("eth2", 0, 0, true, true), new Member("eth3", 0, 1, true, false)));
    }

    /**
     * @param dir folder for the page file.
     * @return a publisher of {@link #bond0()} on {@code dir/page}, member 0 active.
     */
    public static PagePublisher publisher(final Path dir)
    {
        return PagePublisher.create(dir.resolve("page"), bond0(), 0);
    }
}
