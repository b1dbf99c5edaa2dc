package io.exabond.profile;

import io.exabond.publish.BondDescription;
import io.exabond.publish.Member;
import io.exabond.publish.PagePublisher;
import io.exabond.sim.BondSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class CPollerTest
{
    @TempDir
    Path dir;

    @Test
    void shouldBuildTheCPollerAndAccountForEveryFailoverOfASimulatedRun() throws Exception
    {
        final Path log = dir.resolve("gcc.log");
        final CPoller poller = CPoller.build(log);
        assertTrue(Files.isExecutable(poller.binary()), poller.binary().toString());

        final Path page = dir.resolve("page");
        final BondDescription bond = new BondDescription("bond0", 100, 100, 0,
            List.of(new Member("exa0", 0, 0, true, true), new Member("exa1", 0, 1, true, false)));
        try (PagePublisher publisher = PagePublisher.create(page, bond, 0))
        {
            final BondSimulator simulator = new BondSimulator(publisher, 0, 300_000, 500_000, 11);
            final Thread thread = Thread.ofPlatform().start(() -> simulator.run(generation -> { }));
            final RoundSamples samples;
            try
            {
                samples = poller.run(page, -1, 5, 100, TimeUnit.SECONDS.toNanos(60), log);
            }
            finally
            {
                simulator.stop();
                thread.join();
            }

            assertEquals(5, samples.warmupSeen() + samples.warmupMissed());
            assertEquals(100, samples.seen() + samples.missed(), "every measured failover seen or missed");
            assertEquals(samples.seen() - samples.untimed(), samples.listenerNs().length);
            assertEquals(samples.seen(), samples.handoffNs().length, "a hand-off for every failover seen");
            for (int i = 0; i < samples.listenerNs().length; i++)
            {
                final long listener = samples.listenerNs()[i];
                final long word0 = samples.word0Ns()[i];
                assertTrue(word0 >= 0 && word0 <= listener && listener < TimeUnit.SECONDS.toNanos(10),
                    "detection " + word0 + " ns, handler " + listener + " ns after publish");
            }
        }
    }
}
