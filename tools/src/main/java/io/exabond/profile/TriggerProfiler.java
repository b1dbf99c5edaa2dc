package io.exabond.profile;

import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.page.PageException;
import io.exabond.page.StatusBlockReader;
import io.exabond.page.StatusSnapshot;
import io.exabond.poller.FailoverPoller;
import io.exabond.poller.FailoverPollerContext;
import io.exabond.poller.PinnedThreadFactory;
import io.exabond.publish.GroupInfoEncoder;
import io.exabond.sysfs.BondReader;
import io.exabond.sysfs.BondState;
import io.exabond.sysfs.BridgeTerm;
import io.exabond.sysfs.FailoverBudget;
import io.exabond.sysfs.PollDelay;
import io.exabond.sysfs.SlaveState;
import io.exabond.sysfs.Sysfs;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs one trigger profile: fails a real bond over again and again and times each failover from just before the
 * trigger to the entry of a {@link FailoverPoller}'s listener over the bond's page, with the poller's own detection
 * and (on a page with a status block) the publisher's {@code changed_ns} beside it. Before anything changes it checks
 * the bond (active-backup, at least two slaves, an active one), this process's rights and the page (it shows the
 * bond's active slave, and each slave has its own word 0); at the end, on an error and on {@link #stop()} it puts the
 * bond back as it was ({@link BondRestore}). Writes nothing but a few lines on stderr; {@link ProfileReport} turns
 * the result into the profile's tables and files.
 */
public final class TriggerProfiler
{
    /** The shortest gap by default, ms: time for the bond and the publisher to settle after a failover. */
    static final long DEFAULT_GAP_MIN_MS = 20;
    /** The shortest timeout by default, ms. */
    static final long MIN_DEFAULT_TIMEOUT_MS = 5_000;
    /** How often the profiler's own thread looks at the ring and the page while it waits. */
    private static final long LOOK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final TriggerOptions options;
    private final PrintWriter err;
    private final Progress progress;
    private final Supplier<LinkSwitch> linkSwitches;
    private final Sysfs sysfs;
    private volatile boolean stopping;
    private volatile BondRestore restore;

    /**
     * A profiler that takes links down through rtnetlink.
     *
     * @param options what to run.
     * @param err     where to say what happens.
     */
    public TriggerProfiler(final TriggerOptions options, final PrintWriter err)
    {
        this(options, err, NetlinkLinkSwitch::open);
    }

    /**
     * @param options      what to run.
     * @param err          where to say what happens.
     * @param linkSwitches what takes links down for {@link TriggerKind#CARRIER}; asked only for that kind.
     */
    TriggerProfiler(final TriggerOptions options, final PrintWriter err, final Supplier<LinkSwitch> linkSwitches)
    {
        this.options = options;
        this.err = err;
        this.progress = new Progress(err, options.progress());
        this.linkSwitches = linkSwitches;
        this.sysfs = new Sysfs(options.sysfsRoot());
    }

    /**
     * Asks a running profile to stop after the failover in progress and put the bond back; any thread.
     */
    public void stop()
    {
        stopping = true;
    }

    /**
     * Puts the bond back now, if a run changed it and has not put it back yet; waits for a restore in progress.
     * For a shutdown hook, after {@link #stop()} when the run did not finish in time: any thread.
     */
    public void restoreNow()
    {
        final BondRestore pending = restore;
        if (pending != null)
        {
            pending.restore().forEach(line -> say(line));
        }
    }

    /**
     * Reads and checks the bond, without changing anything: what {@code --yes} is asked to confirm.
     *
     * @return the bond as it is now.
     * @throws ProfileException when it cannot be failed over: not there, not a bond, not active-backup, fewer than two
     *                          slaves, no active slave, or (for a carrier trigger) no monitor or no other slave up.
     */
    public BondState checkBond()
    {
        final String bond = options.bond();
        final BondState state = BondReader.read(sysfs, bond);
        if (state == null)
        {
            throw new ProfileException(sysfs.interfaceExists(bond) ? bond + " is not a bond (no " +
                sysfs.netDir(bond).resolve("bonding") + "): --trigger fails bonds over" :
                "there is no interface " + bond + " (" + sysfs.netDir(bond) + " does not exist)");
        }
        if (!state.isActiveBackup())
        {
            throw new ProfileException(bond + " is in mode " + (state.mode() == null ? "(unreadable)" :
                state.mode()) + ": --trigger fails over active-backup bonds only, whose active slave the page shows");
        }
        if (state.slaves().size() < 2)
        {
            throw new ProfileException(bond + " has " + state.slaves().size() + " slave" +
                (state.slaves().size() == 1 ? "" : "s") + ": failing it over needs at least two");
        }
        if (state.active() == null)
        {
            throw new ProfileException(bond + " has no active slave: there is nothing to fail over from (bring a " +
                "slave's link up: ip link set SLAVE up)");
        }
        if (targets(state).isEmpty())
        {
            throw new ProfileException("no slave of " + bond + " but the active one (" + state.activeSlave() +
                ") has its link up: there is nothing to fail over to");
        }
        if (options.kind() == TriggerKind.CARRIER && state.bothMonitorsOff())
        {
            throw new ProfileException(bond + " has miimon and arp_interval off: the bonding driver would never " +
                "notice the link going down, so --trigger-by carrier cannot fail it over (ip link set " + bond +
                " type bond miimon 100, or use --trigger-by active-slave)");
        }
        return state;
    }

    /**
     * Runs the profile: checks, then the failovers, then puts the bond back.
     *
     * @return what was measured.
     * @throws ProfileException when the bond, the rights or the page do not allow it, or the bond changed under the
     *                          run (it vanished, a slave left it, the page stopped following it); the bond is put
     *                          back first, and the message says what could not be.
     */
    public TriggerResult run()
    {
        final long start = System.nanoTime();
        final MachineInfo machine = MachineInfo.current();
        final BondState state = checkBond();
        try
        {
            Files.createDirectories(options.out());
        }
        catch (final IOException e)
        {
            throw new ProfileException("cannot create the output folder " + options.out() + ": " + e.getMessage(), e);
        }
        final ActiveSlaveFile activeSlave = new ActiveSlaveFile(sysfs, options.bond());
        if (!activeSlave.writable())
        {
            throw new ProfileException("cannot write " + activeSlave.path() + ": --trigger fails " + options.bond() +
                " over through it and puts " + state.activeSlave() + " back through it at the end; run it as root");
        }
        final LinkSwitch links = options.kind() == TriggerKind.CARRIER ? linkSwitches.get() : null;
        final long linkUpWaitMs = Math.max(MIN_DEFAULT_TIMEOUT_MS, 4L * Math.max(state.miimonMs(), 0));
        final BondRestore restore = new BondRestore(sysfs, options.bond(), state.activeSlave(), activeSlave, links,
            linkUpWaitMs);
        this.restore = restore;
        final FailoverTrigger trigger = links != null ? new CarrierTrigger(links, restore) :
            new ActiveSlaveTrigger(activeSlave);
        try
        {
            trigger.check(state);
            return withPage(state, trigger, restore, machine, start);
        }
        catch (final ProfileException e)
        {
            final List<String> restored = restore.restore();
            restored.forEach(line -> say(line));
            throw restore.failed() ? new ProfileException(e.getMessage() + "; and " + String.join("; ", restored),
                e) : e;
        }
        finally
        {
            restore.restore();
            progress.clear();
            trigger.close();
        }
    }

    private TriggerResult withPage(final BondState state, final FailoverTrigger trigger, final BondRestore restore,
        final MachineInfo machine, final long start)
    {
        final Path pagePath = options.page();
        if (!Files.exists(pagePath))
        {
            throw new ProfileException("there is no page " + pagePath + " to time the failovers of " +
                options.bond() + " on: manage the bond (exabond manage " + options.bond() + "), or give a bridge's " +
                "page of it with --page");
        }
        final BondPage page;
        try
        {
            page = BondPage.open(pagePath);
        }
        catch (final PageException e)
        {
            throw new ProfileException("cannot map the page of " + options.bond() + ": " + e.getMessage(), e);
        }
        try (page)
        {
            final StatusSnapshot block = new StatusSnapshot();
            final boolean hasBlock = new StatusBlockReader(page.segment()).read(block, TimeUnit.MILLISECONDS
                .toNanos(200)) == StatusBlockReader.Status.CONSISTENT;
            final Map<String, Integer> words = words(state, hasBlock ? block : null);
            final BridgeTerm bridge = hasBlock ? BridgeTerm.readForBudget(pagePath, why -> say("warning: " + why)) :
                null;
            final FailoverBudget budget = FailoverBudget.of(sysfs, state, hasBlock ? block.monitorIntervalMs() : -1,
                bridge, pollDelayNs(), pollDelayLabel());
            final int intervalMs = Math.max(1, hasBlock ? block.monitorIntervalMs() : state.monitorIntervalMs());
            final long gapMin = options.gapMinMs() >= 0 ? options.gapMinMs() : DEFAULT_GAP_MIN_MS;
            final long gapMax = options.gapMaxMs() >= 0 ? options.gapMaxMs() : gapMin + 2L * intervalMs;
            final double predicted = options.kind() == TriggerKind.CARRIER ? budget.totalMs() :
                budget.afterDetectionMs();
            final long timeoutMs = options.timeoutMs() >= 0 ? options.timeoutMs() : Double.isNaN(predicted) ?
                MIN_DEFAULT_TIMEOUT_MS : Math.max(MIN_DEFAULT_TIMEOUT_MS, (long)Math.ceil(3 * predicted));
            final String publisher = publisher(hasBlock, block, bridge);
            if (hasBlock && !heartbeatMoves(page, block, TimeUnit.MILLISECONDS.toNanos(timeoutMs)))
            {
                throw new ProfileException("the publisher of " + pagePath + " is not running: its heartbeat is " +
                    TimeUnit.NANOSECONDS.toMillis(block.heartbeatAgeNs(System.nanoTime())) + " ms old and did not " +
                    "move in " + timeoutMs + " ms (monitor interval " + block.monitorIntervalMs() + " ms); start it " +
                    "(exabond bridge " + options.bond() + " --page " + pagePath + ")");
            }
            if (!awaitWord(page, words.get(state.activeSlave()), TimeUnit.MILLISECONDS.toNanos(timeoutMs)))
            {
                throw new ProfileException(pagePath + " does not show " + options.bond() + "'s active slave " +
                    state.activeSlave() + " (word 0 says " + GroupInfo.describe(page.groupInfoAcquire()) +
                    ", not " + GroupInfo.describe(words.get(state.activeSlave())) + ") within " + timeoutMs +
                    " ms: its publisher does not follow the bond (is it running? is it " + options.bond() +
                    "'s page?)");
            }
            say("failing " + options.bond() + " over " + (options.warmup() + options.failovers()) + " times (" +
                options.warmup() + " warm-up) " + how(state) + ", a random gap of " + gapMin + "-" + gapMax +
                " ms before each, timeout " + timeoutMs + " ms; page " + pagePath + " (" + publisher + "); poller " +
                options.idle() + (options.pollerCpu() >= 0 ? " on CPU " + options.pollerCpu() : ""));
            final Run run = new Run(state, trigger, page, words, gapMin, gapMax, timeoutMs);
            run.go();
            final List<String> restored = restore.restore();
            restored.forEach(line -> say(line));
            if (restore.failed())
            {
                throw new ProfileException("the run ended but the bond is not as it was: " + String.join("; ",
                    restored));
            }
            if (run.seen == 0 && run.warmupSeen == 0 && run.made > 0)
            {
                throw new ProfileException("the page " + pagePath + " never followed " + options.bond() + ": none " +
                    "of the " + run.made + " failovers reached the listener within " + timeoutMs + " ms; is its " +
                    "publisher running?");
            }
            return new TriggerResult(options, machine, MachineInfo.loadAverageNow(), ClockCost.measureNs(), state,
                pagePath.toString(), hasBlock, publisher, budget, gapMin, gapMax, timeoutMs, run.made,
                run.warmupSeen, run.warmupTimeouts, run.seen, run.timeouts, run.listener.missed(),
                run.samples.negative(), run.samples.slowestAfterReturnNs(), run.samples.series(),
                stopping && run.made < options.warmup() + options.failovers(), restored,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /**
     * The failovers themselves, with the poller running.
     */
    private final class Run
    {
        final BondState start;
        final FailoverTrigger trigger;
        final BondPage page;
        final Map<String, Integer> words;
        final long gapMinMs;
        final long gapMaxMs;
        final long timeoutNs;
        final TriggerListener listener = new TriggerListener();
        final TriggerSamples samples = new TriggerSamples(options.failovers());
        final TriggerListener.Change change = new TriggerListener.Change();
        final Random random = new Random(options.seed());
        long read;
        long made;
        long seen;
        long timeouts;
        long warmupSeen;
        long warmupTimeouts;

        Run(final BondState start, final FailoverTrigger trigger, final BondPage page, final Map<String, Integer> words,
            final long gapMinMs, final long gapMaxMs, final long timeoutMs)
        {
            this.start = start;
            this.trigger = trigger;
            this.page = page;
            this.words = words;
            this.gapMinMs = gapMinMs;
            this.gapMaxMs = gapMaxMs;
            this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        }

        void go()
        {
            final FailoverPoller poller = new FailoverPoller(new FailoverPollerContext()
                .bond(options.bond(), page)
                .listener(listener)
                // An instrument, not an application: nothing reads its counters, and it must run on a JVM started
                // without the export that the counters file needs.
                .counters(null)
                // The page this run mapped is the one it measures; a released page ends the run.
                .followReleasedPages(false));
            final LiveAgent agent = new LiveAgent(poller);
            final AtomicReference<Throwable> error = new AtomicReference<>();
            final AgentRunner runner = new AgentRunner(IdleStrategies.of(options.idle()), error::set, null, agent);
            if (options.pollerCpu() >= 0)
            {
                AgentRunner.startOnThread(runner, new PinnedThreadFactory(options.pollerCpu()));
            }
            else
            {
                AgentRunner.startOnThread(runner);
            }
            try
            {
                say("warming the poller up (FailoverPoller.warmUp in onStart) ...");
                while (!agent.live && error.get() == null && !stopping)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
                final long total = options.warmup() + (long)options.failovers();
                final Progress.Step step = progress.step(options.bond() + " " + options.kind().option(), total,
                    () -> true);
                for (long i = 0; i < total && !stopping; i++)
                {
                    checkPoller(error);
                    one(i);
                    step.update(made);
                }
                checkPoller(error);
            }
            finally
            {
                runner.close();
            }
        }

        private void checkPoller(final AtomicReference<Throwable> error)
        {
            if (error.get() != null)
            {
                throw new ProfileException("the poller failed: " + error.get().getMessage(), error.get());
            }
            if (listener.releases() > 0)
            {
                throw new ProfileException("the page " + page.path() + " was released during the run, after " + made +
                    " failovers (" + options.bond() + " left exasock's management): stopped");
            }
        }

        private void one(final long index)
        {
            final long gapNs = TimeUnit.MILLISECONDS.toNanos(gapMinMs) + (long)(random.nextDouble() *
                TimeUnit.MILLISECONDS.toNanos(gapMaxMs - gapMinMs));
            if (!sleep(gapNs))
            {
                return;
            }
            final BondState now = still();
            final String from = now.activeSlave();
            if (!awaitWord(page, words.get(from), timeoutNs))
            {
                final String shows = "word 0 still says " + GroupInfo.describe(page.groupInfoAcquire()) + ", not " +
                    from + " (" + GroupInfo.describe(words.get(from)) + "), " +
                    TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms on";
                throw new ProfileException(seen + warmupSeen == 0 ? "the page " + page.path() + " never followed " +
                    options.bond() + ": the first failover did not reach it (" + shows + "); is its publisher " +
                    "running, and is it " + options.bond() + "'s page?" : "the page " + page.path() +
                    " stopped following " + options.bond() + " after " + made + " failovers (" + shows + "); is " +
                    "its publisher still running?");
            }
            if (stopping)
            {
                return;
            }
            final String to = options.kind() == TriggerKind.CARRIER ? null : next(now, from);
            final List<Integer> expected = new ArrayList<>();
            for (final Map.Entry<String, Integer> word : words.entrySet())
            {
                if (to != null ? word.getKey().equals(to) : !word.getKey().equals(from))
                {
                    expected.add(word.getValue());
                }
            }
            read = Math.max(read, listener.written());
            final long t0;
            final long t1;
            try
            {
                trigger.prepare(from, to);
                t0 = System.nanoTime();
                trigger.fire(from, to);
                t1 = System.nanoTime();
            }
            catch (final IOException | ProfileException e)
            {
                still();
                throw new ProfileException("cannot fail " + options.bond() + " over from " + from +
                    (to == null ? "" : " to " + to) + " after " + made + " failovers: " + e.getMessage(), e);
            }
            made++;
            final boolean reached = awaitListener(expected, t0);
            trigger.undo(from);
            if (options.kind() == TriggerKind.CARRIER)
            {
                awaitLinkUp(from);
            }
            if (!reached && stopping)
            {
                // Asked to stop while it was on its way: neither seen nor timed out.
                return;
            }
            final boolean warm = index < options.warmup();
            if (!reached)
            {
                say("failover " + made + " (" + from + (to == null ? "" : " -> " + to) + ") did not reach the " +
                    "listener within " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms: counted as not seen");
                if (warm)
                {
                    warmupTimeouts++;
                }
                else
                {
                    timeouts++;
                }
                return;
            }
            if (warm)
            {
                warmupSeen++;
                return;
            }
            seen++;
            samples.add(t0, t1, change.changedNs, change.detectedNs, change.entryNs);
        }

        /**
         * @return whether a change to one of the expected words reached the listener within the timeout; the change
         *         is in {@link #change} then.
         */
        private boolean awaitListener(final List<Integer> expected, final long t0)
        {
            final long deadline = t0 + timeoutNs;
            while (true)
            {
                final long written = listener.written();
                if (listener.lost(read))
                {
                    read = written - TriggerListener.CAPACITY;
                }
                for (; read < written; read++)
                {
                    listener.read(read, change);
                    if (expected.contains(change.groupInfo))
                    {
                        read++;
                        return true;
                    }
                }
                if (System.nanoTime() - deadline >= 0 || stopping)
                {
                    return false;
                }
                LockSupport.parkNanos(LOOK_NS);
            }
        }

        private void awaitLinkUp(final String slave)
        {
            final long deadline = System.nanoTime() + timeoutNs;
            while (true)
            {
                final BondState now = still();
                if (now.slaves().get(now.indexOf(slave)).linkUp())
                {
                    return;
                }
                if (System.nanoTime() - deadline >= 0)
                {
                    throw new ProfileException("the link of " + slave + " was brought up again but " + options.bond() +
                        " does not see it up (mii_status) within " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) +
                        " ms: stopped after " + made + " failovers");
                }
                LockSupport.parkNanos(LOOK_NS);
            }
        }

        /**
         * @return the bond now, when it is still the bond the run started with.
         * @throws ProfileException when it vanished, its slaves changed or it has no active slave any more.
         */
        private BondState still()
        {
            final BondState now = BondReader.read(sysfs, options.bond());
            if (now == null)
            {
                throw new ProfileException(options.bond() + " vanished during the run, after " + made + " failovers (" +
                    sysfs.netDir(options.bond()) + " is gone): stopped");
            }
            for (final SlaveState slave : start.slaves())
            {
                if (now.indexOf(slave.name()) < 0)
                {
                    throw new ProfileException("slave " + slave.name() + " left " + options.bond() + " during the " +
                        "run, after " + made + " failovers: stopped (its slaves are now " + names(now) + ")");
                }
            }
            if (now.slaves().size() != start.slaves().size())
            {
                throw new ProfileException("the slaves of " + options.bond() + " changed during the run, after " +
                    made + " failovers (" + names(start) + ", now " + names(now) + "): stopped");
            }
            if (now.active() == null)
            {
                throw new ProfileException(options.bond() + " has no active slave any more, after " + made +
                    " failovers: stopped");
            }
            return now;
        }

        private boolean sleep(final long ns)
        {
            final long deadline = System.nanoTime() + ns;
            long left;
            while ((left = deadline - System.nanoTime()) > 0 && !stopping)
            {
                LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            }
            return !stopping;
        }
    }

    /**
     * The poller, and a flag raised at its first duty cycle: its {@code onStart} (the warm-up) is over then.
     */
    private static final class LiveAgent implements Agent
    {
        private final FailoverPoller poller;
        private volatile boolean live;

        LiveAgent(final FailoverPoller poller)
        {
            this.poller = poller;
        }

        public void onStart()
        {
            poller.onStart();
        }

        public int doWork()
        {
            if (!live)
            {
                live = true;
            }
            return poller.doWork();
        }

        public void onClose()
        {
            poller.onClose();
        }

        public String roleName()
        {
            return poller.roleName();
        }
    }

    /**
     * Word 0 of each slave as the page shows it when that slave is active: from the page's status block (a
     * publisher's page names its members), else from sysfs (a kernel page: the SmartNIC id and port).
     */
    private Map<String, Integer> words(final BondState state, final StatusSnapshot block)
    {
        final Map<String, Integer> words = new LinkedHashMap<>();
        final Path page = options.page();
        if (block != null && !block.bondName().equals(options.bond()))
        {
            throw new ProfileException(page + " describes bond " + block.bondName() + ", not " + options.bond() +
                ": give " + options.bond() + "'s page with --page");
        }
        for (final SlaveState slave : state.slaves())
        {
            final int word;
            if (block != null)
            {
                int found = -1;
                for (int i = 0; i < block.memberCount(); i++)
                {
                    if (block.memberIfname(i).equals(slave.name()))
                    {
                        found = i;
                    }
                }
                if (found < 0)
                {
                    throw new ProfileException(page + " does not list " + slave.name() + ", a slave of " +
                        options.bond() + ", among its members: its publisher describes the bond as it was (restart " +
                        "it: exabond bridge " + options.bond() + " --page " + page + ")");
                }
                word = GroupInfoEncoder.encode(true, block.memberExanicId(found), block.memberExanicPort(found));
            }
            else
            {
                if (!slave.iface().hasExanicId())
                {
                    throw new ProfileException("cannot tell which word 0 the kernel page shows for " + slave.name() +
                        " (" + slave.iface().idProblem() + "), so its failovers cannot be told apart");
                }
                word = GroupInfoEncoder.encode(true, slave.iface().exanicId(), slave.iface().exanicPort());
            }
            for (final Map.Entry<String, Integer> other : words.entrySet())
            {
                if (other.getValue() == word)
                {
                    throw new ProfileException(other.getKey() + " and " + slave.name() + " have the same word 0 on " +
                        page + " (" + GroupInfo.describe(word) + "), so a failover between them cannot be seen" +
                        (block != null ? ": give the bridge a SmartNIC id and port for each (exabond bridge " +
                        options.bond() + " --page " + page + " --member " + other.getKey() + "=ID:PORT --member " +
                        slave.name() + "=ID:PORT)" : ""));
                }
            }
            words.put(slave.name(), word);
        }
        return words;
    }

    /**
     * @return whether the publisher is alive: its heartbeat is fresh, or moves within {@code timeoutNs} (a publisher
     *         starved by a loaded machine is late, not gone).
     */
    private static boolean heartbeatMoves(final BondPage page, final StatusSnapshot block, final long timeoutNs)
    {
        if (!block.isHeartbeatStale(System.nanoTime()))
        {
            return true;
        }
        final long first = block.heartbeatNs();
        final StatusBlockReader reader = new StatusBlockReader(page.segment());
        final StatusSnapshot again = new StatusSnapshot();
        final long deadline = System.nanoTime() + timeoutNs;
        while (System.nanoTime() - deadline < 0)
        {
            if (reader.read(again) == StatusBlockReader.Status.CONSISTENT && again.heartbeatNs() != first)
            {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return false;
    }

    /**
     * @return whether the page showed {@code word} within {@code timeoutNs}, or stop was asked.
     */
    private boolean awaitWord(final BondPage page, final int word, final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (page.groupInfoAcquire() != word)
        {
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            if (stopping)
            {
                return true;
            }
            LockSupport.parkNanos(LOOK_NS);
        }
        return true;
    }

    /**
     * @return the slaves an {@code active_slave} write may fail over to: every other slave whose link is up.
     */
    private static List<String> targets(final BondState state)
    {
        final List<String> targets = new ArrayList<>();
        for (final SlaveState slave : state.slaves())
        {
            if (!slave.name().equals(state.activeSlave()) && slave.linkUp())
            {
                targets.add(slave.name());
            }
        }
        return targets;
    }

    /**
     * @return the slave after {@code from} in the bond's order whose link is up: alternating over the slaves.
     */
    private String next(final BondState state, final String from)
    {
        final int at = state.indexOf(from);
        for (int step = 1; step < state.slaves().size(); step++)
        {
            final SlaveState slave = state.slaves().get((at + step) % state.slaves().size());
            if (slave.linkUp())
            {
                return slave.name();
            }
        }
        throw new ProfileException("no slave of " + options.bond() + " but " + from + " has its link up any more: " +
            "there is nothing to fail over to");
    }

    private String how(final BondState state)
    {
        return options.kind() == TriggerKind.CARRIER ? "by taking the active slave's link down and up again " +
            "(rtnetlink; " + names(state) + ", miimon " + state.miimonMs() + " ms)" :
            "by writing active_slave (alternating over " + names(state) + ")";
    }

    private static String names(final BondState state)
    {
        return String.join(", ", state.slaves().stream().map(SlaveState::name).toList());
    }

    private static String publisher(final boolean hasBlock, final StatusSnapshot block, final BridgeTerm bridge)
    {
        if (!hasBlock)
        {
            return "a kernel page, the exasock driver's: no status block, so no publisher time";
        }
        if (bridge != null)
        {
            return "exabond bridge (pid " + bridge.pid() + "), " + (bridge.eventDriven() ?
                "event-driven (rtnetlink), full re-read every " + bridge.resyncMs() + " ms" :
                "polling sysfs every " + bridge.intervalMs() + " ms");
        }
        return "a publisher with a status block, monitor interval " + block.monitorIntervalMs() + " ms";
    }

    private long pollDelayNs()
    {
        if (options.pollDelayNs() >= 0)
        {
            return options.pollDelayNs();
        }
        say("measuring the reader's poll delay for the predicted budget, as doctor does ...");
        try
        {
            return PollDelay.measure(1_000).medianNs();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
        catch (final RuntimeException e)
        {
            // Its poller keeps counters, which a JVM started without their --add-exports cannot: the budget goes on.
            say("warning: cannot measure the poll delay as doctor does (" + e.getMessage() + "); the predicted " +
                "budget counts it as unknown (give it with --poll-delay-ns)");
            return -1;
        }
    }

    private String pollDelayLabel()
    {
        return options.pollDelayNs() >= 0 ? "given with --poll-delay-ns" : "median of a busy-spinning poller " +
            "over an in-memory page, measured as doctor measures it, " + PollDelay.describeMachine();
    }

    private void say(final String line)
    {
        progress.clear();
        err.println("profile: " + line);
        err.flush();
    }
}
