package io.exabond.poller;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JDK Flight Recorder event of one noticed failover, {@value #NAME}. A poller commits one only when told to
 * ({@link FailoverPollerContext#recordJfrEvents(boolean)}), after its listener returned: the event's duration is the
 * listener's run time. Recorded without a stack trace, since the stack is always the poller's.
 */
@Name(FailoverRecord.NAME)
@Label("Exabond Failover")
@Category({"Exabond"})
@Description("The active slave of an exasock bond changed and a FailoverPoller noticed it; duration = listener time")
@StackTrace(false)
final class FailoverRecord extends Event
{
    /** The event's name in recordings and settings. */
    static final String NAME = "io.exabond.Failover";

    @Label("Poller")
    String poller;

    @Label("Bond")
    String bond;

    @Label("Previous Group Info")
    @Description("Word 0 before the change")
    int previousGroupInfo;

    @Label("Group Info")
    @Description("Word 0 after the change")
    int groupInfo;

    @Label("Active")
    boolean active;

    @Label("SmartNIC")
    int exanicId;

    @Label("Port")
    int exanicPort;

    @Label("Generation")
    @Description("Changes published since the status block was created, -1 on a kernel page")
    long generation;

    @Label("Missed")
    @Description("Failovers published before this one and not seen")
    long missed;

    @Label("Detection Latency")
    @Description("From the publisher's changed_ns to detection (CLOCK_MONOTONIC), -1 when unknown")
    @Timespan(Timespan.NANOSECONDS)
    long latency;

    /**
     * Tells the listener of a failover inside a recorded event, committed when enabled; allocates the event.
     *
     * @param poller the poller.
     * @param bond   the bond that changed.
     * @param event  the failover.
     */
    static void notifyRecorded(final GroupInfoPoller poller, final PolledBond bond, final FailoverEvent event)
    {
        final FailoverRecord record = new FailoverRecord();
        record.begin();
        boolean returned = false;
        try
        {
            poller.listener.onFailover(event);
            returned = true;
        }
        finally
        {
            poller.afterListener(bond, event, returned);
        }
        if (record.shouldCommit())
        {
            record.poller = poller.roleName;
            record.bond = bond.name();
            record.previousGroupInfo = event.previousGroupInfo;
            record.groupInfo = event.groupInfo;
            record.active = event.isActive();
            record.exanicId = event.exanicId();
            record.exanicPort = event.exanicPort();
            record.generation = event.generation;
            record.missed = event.missed;
            record.latency = event.timed ? event.detectedNs - event.changedNs : -1;
            record.commit();
        }
    }
}
