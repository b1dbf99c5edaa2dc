/**
 * exabond-panama: a zero-copy view of which link of an exasock-managed SmartNIC bond is active.
 * <p>
 * Exported: {@code io.exabond.page} (mapping a bond's page, word 0, the status block), {@code io.exabond.poller}
 * (the failover poller, an Agrona agent) and {@code io.exabond.counters} (the process's counters file that other
 * processes read). The jextract bindings and the libc downcalls are internal. Publishers, the
 * simulator, the sysfs bridge and the command line are other artifacts that depend on this one
 * ({@code docs/architecture.md}).
 * <p>
 * The module maps pages through the Foreign Function and Memory API: run it with
 * {@code --enable-native-access=io.exabond} (module path) or {@code --enable-native-access=ALL-UNNAMED} (class path).
 */
module io.exabond
{
    requires transitive org.agrona;
    // The optional per-failover JFR event (FailoverPollerContext.recordJfrEvents).
    requires jdk.jfr;

    exports io.exabond.page;
    exports io.exabond.poller;
    exports io.exabond.counters;
}
