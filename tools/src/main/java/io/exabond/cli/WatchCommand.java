package io.exabond.cli;

import io.exabond.json.Json;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.poller.FailoverEvent;
import io.exabond.poller.FailoverListener;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.poller.IdleStrategies;
import io.exabond.poller.StallReason;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code exabond watch}: one line per failover noticed, through a {@link FailoverPoller}.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {
        "Print one line per failover noticed: wall-clock time, from -> to, generation, failovers missed (generation " +
            "jumps, including A -> B -> A between two polls), and the time from the publisher's changed_ns to " +
            "detection (CLOCK_MONOTONIC) when the page has a status block.",
        "Ends after --count failovers (missed ones count, exit 0), on Ctrl-C (the JVM exits 130), or when the " +
            "publisher stalls (exit 3).",
        "Once a second it checks that the path still names the mapped page: when another file has replaced it (a " +
            "restarted publisher wrote a new file, or the bond was managed again) it exits 1; when the file was " +
            "deleted it says so once and keeps watching the mapped page, which stays valid."
    })
final class WatchCommand implements Callable<Integer>
{
    /** How often the loop compares the path with the mapped file. */
    static final long PATH_CHECK_INTERVAL_NS = 1_000_000_000L;
    /** Polls between two looks at the clock for the path check, so the check costs nothing per poll. */
    private static final int POLLS_PER_CLOCK_CHECK = 256;

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
        description = "How long a failover waits for the publisher to finish writing the status block before it is " +
            "reported without generation and latency; raise it where the publisher can be paused for longer (a " +
            "VM, an emulator); 1..60000 (default: ${DEFAULT-VALUE}).")
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
            final Printer printer = new Printer(out, err, json);
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .page(page)
                .bondName(target.name(spec))
                .changeReadTimeoutNs(TimeUnit.MILLISECONDS.toNanos(changeReadTimeoutMs))
                .listener(printer));
            if (!json)
            {
                err.println("watching " + page.path() + ": active " + GroupInfo.describe(poller.lastGroupInfo()) +
                    (poller.lastGeneration() >= 0 ? ", generation " + poller.lastGeneration() : ", no status block") +
                    (count > 0 ? "; stopping after " + count + " failovers" : "; Ctrl-C stops"));
                err.flush();
            }
            try (StopOnSignal _ = new StopOnSignal("watch", () -> running = false))
            {
                return PageFaults.guard(page, () -> loop(page, poller, printer, idleStrategy));
            }
        }
    }

    private int loop(final BondPage page, final FailoverPoller poller, final Printer printer,
        final IdleStrategy idleStrategy)
    {
        int untilClockCheck = POLLS_PER_CLOCK_CHECK;
        long nextPathCheckNs = System.nanoTime() + PATH_CHECK_INTERVAL_NS;
        boolean goneReported = false;
        while (running)
        {
            if (--untilClockCheck == 0)
            {
                untilClockCheck = POLLS_PER_CLOCK_CHECK;
                final long now = System.nanoTime();
                if (now - nextPathCheckNs >= 0)
                {
                    nextPathCheckNs = now + PATH_CHECK_INTERVAL_NS;
                    final BondPage.PathState state = page.pathState();
                    if (state == BondPage.PathState.REPLACED)
                    {
                        throw new UserException(ExitCode.ERROR, page.path() + " now names another file than the " +
                            "page being watched (it was replaced, e.g. by a restarted publisher or a bond managed " +
                            "again). Run watch again to follow the new page.");
                    }
                    if (state == BondPage.PathState.GONE && !goneReported)
                    {
                        goneReported = true;
                        printer.err.println("watch: warning: " + page.path() + " was deleted; still watching the " +
                            "mapped page, which stays valid while its publisher runs (a new page at that path ends " +
                            "this watch)");
                        printer.err.flush();
                    }
                }
            }
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
        long seen;
        StallReason stallReason;

        Printer(final PrintWriter out, final PrintWriter err, final boolean json)
        {
            this.out = out;
            this.err = err;
            this.json = json;
        }

        public void onFailover(final FailoverEvent event)
        {
            seen += 1 + event.missed();
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
                if (event.hasBlock())
                {
                    line.field("generation", event.generation()).field("missed", event.missed());
                }
                if (event.isTimed())
                {
                    line.field("changed_ns", event.changedNs()).field("latency_ns", event.latencyNs());
                }
                out.println(line);
            }
            else
            {
                out.println(time + "  " + GroupInfo.describe(event.previousGroupInfo()) + " -> " +
                    GroupInfo.describe(event.groupInfo()) +
                    (event.hasBlock() ? "  generation " + event.generation() + "  missed " + event.missed() : "") +
                    (event.isTimed() ? "  noticed " + event.latencyNs() + " ns after publish (CLOCK_MONOTONIC)" : ""));
            }
            out.flush();
        }

        public void onMissedFailovers(final long missed, final long generation)
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

        public void onPublisherStalled(final StallReason reason, final long heartbeatAgeNs)
        {
            stallReason = reason;
            err.println("watch: the publisher looks stalled: " + (reason == StallReason.HEARTBEAT_STALE ?
                "heartbeat " + Durations.format(heartbeatAgeNs) + " old, more than 3 monitor intervals" :
                "seqlock left odd (it died or stopped mid-write)") + ". Is the simulator or bridge still running?");
            err.flush();
        }

        public void onPublisherRecovered()
        {
            stallReason = null;
            err.println("watch: the publisher is live again");
            err.flush();
        }
    }
}
