package io.exabond.profile;

import io.exabond.publish.GroupInfoEncoder;
import io.exabond.page.BondPage;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Trigger-to-word-0 latency of a page publisher that mirrors a real bond (the bridge, event-driven or polling):
 * writes {@code active_slave} of the bond in sysfs, alternating over the given slaves, and times each from just
 * before the write to the first read of word 0 that shows the new slave's id and port. Between failovers it waits
 * a random gap, so that a polling publisher is met at every phase of its interval. Needs root and a real
 * active-backup bond (the real-bond system test runs it in its guest); not a command, a main class:
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -cp CP io.exabond.profile.TriggerLatency \
 *     PAGE BOND COUNT SLAVE=ID:PORT SLAVE=ID:PORT...
 * </pre>
 * System properties: {@code gap.ms} (default {@code 20-250}), {@code park.us} (the wait between reads of word 0,
 * default 50: a spinning reader would take the CPU from the publisher in a small guest), {@code sysfs} (default
 * {@code /sys}), {@code samples} (a file for every sample in ns). Prints one line,
 * {@code trigger-to-word-0 BOND n=N missed=M p50=... p90=... p99=... max=... ms (of which the write itself, until it
 * returned: p50=... ms)}: the write of {@code active_slave} returns once the driver has made the failover, so its
 * own time is the kernel's share; exit 1 when a failover was not seen within 5 s.
 */
public final class TriggerLatency
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private TriggerLatency()
    {
    }

    /**
     * @param args PAGE BOND COUNT SLAVE=ID:PORT SLAVE=ID:PORT...
     * @throws IOException when the bond's {@code active_slave} cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length < 5)
        {
            System.err.println("usage: TriggerLatency PAGE BOND COUNT SLAVE=ID:PORT SLAVE=ID:PORT...");
            System.exit(2);
        }
        final Path pagePath = Path.of(args[0]);
        final String bond = args[1];
        final int count = Integer.parseInt(args[2]);
        final List<String> slaves = new ArrayList<>();
        final List<Integer> words = new ArrayList<>();
        for (int i = 3; i < args.length; i++)
        {
            final String[] parts = args[i].split("[=:]");
            slaves.add(parts[0]);
            words.add(GroupInfoEncoder.encode(true, Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        }
        final String[] gap = System.getProperty("gap.ms", "20-250").split("-");
        final int gapMin = Integer.parseInt(gap[0]);
        final int gapMax = Integer.parseInt(gap[gap.length - 1]);
        final long parkNs = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(System.getProperty("park.us", "50")));
        final Path activeSlave = Path.of(System.getProperty("sysfs", "/sys")).resolve("class/net").resolve(bond)
            .resolve("bonding/active_slave");

        final long[] samples = new long[count];
        final long[] writes = new long[count];
        int missed = 0;
        try (BondPage page = BondPage.open(pagePath))
        {
            int current = slaves.indexOf(Files.readString(activeSlave, StandardCharsets.US_ASCII).trim());
            for (int i = 0; i < count; i++)
            {
                final int next = (current + 1) % slaves.size();
                final int wanted = words.get(next);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(
                    ThreadLocalRandom.current().nextInt(gapMin, gapMax + 1)));
                final long start = System.nanoTime();
                Files.writeString(activeSlave, slaves.get(next) + "\n", StandardCharsets.US_ASCII);
                long now = System.nanoTime();
                writes[i] = now - start;
                while (page.groupInfoAcquire() != wanted && now - start < TIMEOUT_NS)
                {
                    LockSupport.parkNanos(parkNs);
                    now = System.nanoTime();
                }
                if (now - start >= TIMEOUT_NS)
                {
                    missed++;
                    samples[i] = TIMEOUT_NS;
                }
                else
                {
                    samples[i] = now - start;
                }
                current = next;
            }
        }
        final String file = System.getProperty("samples");
        if (file != null)
        {
            final StringBuilder text = new StringBuilder();
            for (final long sample : samples)
            {
                text.append(sample).append('\n');
            }
            Files.writeString(Path.of(file), text);
        }
        System.out.println(String.format(Locale.ROOT, "trigger-to-word-0 %s n=%d missed=%d %s (of which the write " +
            "itself, until it returned: %s)", bond, count, missed, percentiles(samples), percentiles(writes)));
        System.exit(missed == 0 ? 0 : 1);
    }

    private static String percentiles(final long[] samples)
    {
        final Histogram histogram = new Histogram(3);
        for (final long sample : samples)
        {
            histogram.recordValue(sample);
        }
        return String.format(Locale.ROOT, "p50=%.2f p90=%.2f p99=%.2f max=%.2f ms",
            ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(90)),
            ms(histogram.getValueAtPercentile(99)), ms(histogram.getMaxValue()));
    }

    private static double ms(final long ns)
    {
        return ns / 1e6;
    }
}
