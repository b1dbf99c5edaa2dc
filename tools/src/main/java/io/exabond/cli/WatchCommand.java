package io.exabond.cli;

import io.exabond.json.Json;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.PolledBond;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.poller.PageRelease;
import io.exabond.profile.IdleStrategies;
import io.exabond.poller.StallReason;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code exabond watch}: one line per failover noticed, through a {@link FailoverPoller}, and one per release of the
 * bond's page and per new page followed.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {
        "Print one line per failover noticed: wall-clock time, from -> to, generation, failovers missed (generation " +
            "jumps, including A -> B -> A between two polls), and the time from the publisher's changed_ns to " +
            "detection (CLOCK_MONOTONIC) when the page has a status block.",
        "Ends after --count failovers (missed ones count, exit 0), on Ctrl-C (the JVM exits 130), or when the " +
            "publisher stalls (exit 3).",
        "The poller looks every 10 ms whether the path still names the page it mapped. When the bond is released " +
            "from exasock management the driver removes /dev/exabond-BOND at once and freezes the mapped page at " +
            "word 0 = 0: watch says so (not as a failover to 'no active slave') and waits for the bond to be " +
            "managed again, then follows the new page and says so. A page file deleted or replaced by a new " +
            "publisher is reported and followed the same way."
    })
final class WatchCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PageTarget target;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
        description = "Stop after N failovers, missed ones included; 0 = until stopped (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--idle", paramLabel = "ALIAS", defaultValue = "backoff",
        description = "Agrona idle strategy between polls: noop, spin, yield, backoff, sleep-ns, sleep-ms " +
            "(default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--json", description = "One JSON object per line instead of text.")
    boolean json;

    @Option(names = "--keep-going", description = "Report a stalled publisher and keep watching instead of exiting 3.")
    boolean keepGoing;

    @Option(names = "--change-read-timeout-ms", paramLabel = "MS", defaultValue = "1",
        description = "How long watch waits for the publisher to finish writing the status block to print a " +
            "failover's generation, when the block was being written as the failover was seen; raise it where the " +
            "publisher can be paused for longer (a VM, an emulator); 1..60000 (default: ${DEFAULT-VALUE}).")
    int changeReadTimeoutMs;

    private volatile boolean running = true;

    public Integer call()
    {
        if (count < 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count cannot be negative");
        }
        if (changeReadTimeoutMs < 1 || changeReadTimeoutMs > 60_000)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--change-read-timeout-ms must be " +
                "1..60000, not " + changeReadTimeoutMs);
        }
        final IdleStrategy idleStrategy;
        try
        {
            idleStrategy = IdleStrategies.of(idle);
        }
        catch (final IllegalArgumentException e)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "bad --idle: " + e.getMessage());
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (BondPage page = target.open(spec))
        {
            FailoverPoller.warmUp(20_000);
            final Printer printer = new Printer(out, err, json, target.bond != null);
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond(target.name(spec), page)
                .changeReadTimeoutNs(TimeUnit.MILLISECONDS.toNanos(changeReadTimeoutMs))
                .listener(printer));
            final PolledBond bond = poller.bond(0);
            if (!json)
            {
                err.println("watching " + page.path() + ": active " + GroupInfo.describe(bond.lastGroupInfo()) +
                    (bond.hasBlock() ? ", generation " + bond.lastGeneration() : ", no status block") +
                    (count > 0 ? "; stopping after " + count + " failovers" : "; Ctrl-C stops"));
                err.flush();
            }
            try (StopOnSignal _ = new StopOnSignal("watch", () -> running = false))
            {
                return PageFaults.guard(page, () -> loop(poller, printer, idleStrategy));
            }
            finally
            {
                poller.onClose();
            }
        }
    }

    private int loop(final FailoverPoller poller, final Printer printer, final IdleStrategy idleStrategy)
    {
        while (running)
        {
            final int work = poller.poll();
            if (work > 0)
            {
                if (printer.out.checkError())
                {
                    // PrintWriter swallows EPIPE: without this, `watch | head -1` would watch on for ever.
                    throw new UserException(ExitCode.ERROR, "standard output was closed; stopping");
                }
                if (printer.stallReason != null && !keepGoing)
                {
                    return ExitCode.STALLED;
                }
                if (count > 0 && printer.seen >= count)
                {
                    return ExitCode.OK;
                }
            }
            idleStrategy.idle(work);
        }
        return ExitCode.OK;
    }

    /**
     * Formats what the poller reports. Runs on the polling thread; printing allocates, which is fine for a tool.
     */
    static final class Printer implements FailoverListener
    {
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean json;
        private final boolean kernelNode;
        private final StatusSnapshot snapshot = new StatusSnapshot();
        long seen;
        StallReason stallReason;

        Printer(final PrintWriter out, final PrintWriter err, final boolean json, final boolean kernelNode)
        {
            this.out = out;
            this.err = err;
            this.json = json;
            this.kernelNode = kernelNode;
        }

        public void onFailover(final FailoverEvent event)
        {
            final long missed = event.missed();
            long generation = event.generation();
            if (generation == FailoverEvent.NO_GENERATION && event.hasBlock() &&
                event.readStatus(snapshot) == StatusBlockReader.Status.CONSISTENT &&
                snapshot.activeRaw() == event.groupInfo())
            {
                // The block was being written when the change was seen: its generation, read for the line only.
                generation = snapshot.generation();
            }
            seen += 1 + missed;
            final String time = Instant.now().toString();
            if (json)
            {
                final Json line = new Json()
                    .field("event", "failover")
                    .field("time", time)
                    .field("from", GroupInfo.describe(event.previousGroupInfo()))
                    .field("to", GroupInfo.describe(event.groupInfo()))
                    .field("raw", event.groupInfo())
                    .field("active", event.isActive())
                    .field("exanic_id", event.exanicId())
                    .field("exanic_port", event.exanicPort())
                    .field("detected_ns", event.detectedNs());
                if (generation != FailoverEvent.NO_GENERATION)
                {
                    line.field("generation", generation).field("missed", missed);
                }
                if (event.isTimed())
                {
                    line.field("changed_ns", event.changedNs()).field("latency_ns", event.latencyNs());
                }
                if (event.isFollowed())
                {
                    line.field("new_page", true);
                }
                out.println(line);
            }
            else
            {
                out.println(time + "  " + GroupInfo.describe(event.previousGroupInfo()) + " -> " +
                    GroupInfo.describe(event.groupInfo()) +
                    (generation != FailoverEvent.NO_GENERATION ? "  generation " + generation + "  missed " + missed :
                    "") +
                    (event.isTimed() ? "  word 0 seen " + event.latencyNs() + " ns after publish (CLOCK_MONOTONIC)" :
                    "") +
                    (event.isFollowed() ? "  (between the released page and the new one)" : ""));
            }
            out.flush();
        }

        public void onMissedFailovers(final PolledBond bond, final long missed, final long generation)
        {
            seen += missed;
            final String time = Instant.now().toString();
            if (json)
            {
                out.println(new Json().field("event", "missed").field("time", time).field("missed", missed)
                    .field("generation", generation));
            }
            else
            {
                out.println(time + "  missed " + missed + " failovers (word 0 ended where it was)  generation " +
                    generation);
            }
            out.flush();
        }

        public void onPublisherStalled(final PolledBond bond, final StallReason reason, final long heartbeatAgeNs)
        {
            stallReason = reason;
            err.println("watch: the publisher looks stalled: " + (reason == StallReason.HEARTBEAT_STALE ?
                "heartbeat " + Durations.format(heartbeatAgeNs) + " old, more than 3 monitor intervals" :
                "seqlock left odd (it died or stopped mid-write)") + ". Is the simulator or bridge still running?");
            err.flush();
        }

        public void onPublisherRecovered(final PolledBond bond)
        {
            stallReason = null;
            err.println("watch: the publisher is live again");
            err.flush();
        }

        public void onPageReleased(final PolledBond bond, final PageRelease release)
        {
            stallReason = null;
            final String time = Instant.now().toString();
            final String what = kernelNode ?
                (release == PageRelease.REMOVED ? bond.name() + " was released from exasock management: the driver " +
                    "removed " + bond.pageName() + " and froze the mapped page at word 0 = 0; waiting for it to be " +
                    "managed again (exabond manage " + bond.name() + ")" :
                    bond.name() + " was released and managed again: " + bond.pageName() + " is a new node") :
                (release == PageRelease.REMOVED ? "the page file " + bond.pageName() + " was deleted; waiting for a " +
                    "new page at that path" : "the page file " + bond.pageName() + " was replaced by a new one");
            if (json)
            {
                out.println(new Json().field("event", "released").field("time", time)
                    .field("release", release.name().toLowerCase(Locale.ROOT)).field("page", bond.pageName())
                    .field("last", GroupInfo.describe(bond.lastGroupInfo())));
            }
            else
            {
                out.println(time + "  released: " + what + "; last active " +
                    GroupInfo.describe(bond.lastGroupInfo()));
            }
            out.flush();
        }

        public void onPageFollowed(final PolledBond bond, final int groupInfo)
        {
            final String time = Instant.now().toString();
            if (json)
            {
                out.println(new Json().field("event", "followed").field("time", time).field("page", bond.pageName())
                    .field("active", GroupInfo.describe(groupInfo))
                    .field("generation", bond.hasBlock() ? bond.lastGeneration() : FailoverEvent.NO_GENERATION));
            }
            else
            {
                out.println(time + "  following the new page " + bond.pageName() + ": active " +
                    GroupInfo.describe(groupInfo) + (bond.hasBlock() ? ", generation " + bond.lastGeneration() :
                    ", no status block"));
            }
            out.flush();
        }

        public void onFollowFailed(final PolledBond bond, final String problem)
        {
            err.println("watch: warning: " + problem + "; still waiting for a page it can follow");
            err.flush();
        }
    }
}
