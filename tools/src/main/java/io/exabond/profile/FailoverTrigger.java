package io.exabond.profile;

import io.exabond.sysfs.BondState;

import java.io.IOException;

/**
 * One way to fail a bond over for real, for {@code profile --trigger}: what the profiler times from just before
 * {@link #fire} to its listener's entry. Each implementation records in the {@link BondRestore} what it changed
 * before it changes it, so that the bond is put back as it was whatever happens.
 */
interface FailoverTrigger extends AutoCloseable
{
    /**
     * @return which kind this is.
     */
    TriggerKind kind();

    /**
     * Checks, before anything changes, that this process may fail the bond over this way.
     *
     * @param state the bond.
     * @throws ProfileException naming the right that is missing and how to get it.
     */
    void check(BondState state);

    /**
     * Does what must not be timed before the next {@link #fire}: opens a file, say.
     *
     * @param from the active slave now.
     * @param to   the slave to fail over to, or null when the driver picks it.
     * @throws IOException when it cannot (the bond vanished).
     */
    void prepare(String from, String to) throws IOException;

    /**
     * Fails the bond over: the timed step. Returns as soon as the change is made.
     *
     * @param from the active slave now.
     * @param to   the slave to fail over to, or null when the driver picks it.
     * @throws IOException as the kernel answers.
     */
    void fire(String from, String to) throws IOException;

    /**
     * After the failover was seen or timed out: undoes what must not last to the next failover (a link taken down).
     *
     * @param from the slave that was active before {@link #fire}.
     */
    void undo(String from);

    /**
     * Releases what it holds; idempotent.
     */
    void close();
}
