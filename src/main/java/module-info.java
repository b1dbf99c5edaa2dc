/**
 * exabond-panama: a zero-copy view of which link of an exasock-managed SmartNIC bond is active.
 * <p>
 * Exported: {@code io.exabond.page} (mapping a bond's page, word 0, the status block), {@code io.exabond.poller}
 * (the failover poller, an Agrona agent), {@code io.exabond.publish} and {@code io.exabond.sim} (writing pages:
 * publishers, the simulator), {@code io.exabond.sysfs} (bonds in sysfs: management checks, doctor, the bridge).
 * The jextract bindings, the libc downcalls, the command line and the profiler are internal.
 * <p>
 * The module maps pages through the Foreign Function and Memory API: run it with
 * {@code --enable-native-access=io.exabond} (module path) or {@code --enable-native-access=ALL-UNNAMED} (class path).
 */
module io.exabond
{
    requires transitive org.agrona;
    // The optional per-failover JFR event (FailoverPoller.recordJfrEvents).
    requires jdk.jfr;
    // The profiler only (io.exabond.profile), like picocli and HdrHistogram below.
    requires static java.management;
    requires static info.picocli;
    requires static HdrHistogram;

    exports io.exabond.page;
    exports io.exabond.poller;
    exports io.exabond.publish;
    exports io.exabond.sim;
    exports io.exabond.sysfs;

    opens io.exabond.cli to info.picocli;
}
