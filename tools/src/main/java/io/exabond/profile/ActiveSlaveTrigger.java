package io.exabond.profile;

import io.exabond.sysfs.BondState;

import java.io.IOException;

/**
 * Fails a bond over by writing its {@code bonding/active_slave} ({@link ActiveSlaveFile}), on any sysfs root: the
 * real driver fails over before the write returns, so the write's own time is the kernel's share.
 */
final class ActiveSlaveTrigger implements FailoverTrigger
{
    private final ActiveSlaveFile file;

    /**
     * @param file the bond's active_slave.
     */
    ActiveSlaveTrigger(final ActiveSlaveFile file)
    {
        this.file = file;
    }

    public TriggerKind kind()
    {
        return TriggerKind.ACTIVE_SLAVE;
    }

    public void check(final BondState state)
    {
        if (!file.writable())
        {
            throw new ProfileException("cannot write " + file.path() + ": --trigger writes " + state.name() +
                "'s active slave there (and puts the first one back at the end); run it as root");
        }
    }

    public void prepare(final String from, final String to) throws IOException
    {
        file.open();
    }

    public void fire(final String from, final String to) throws IOException
    {
        file.write(to);
    }

    public void undo(final String from)
    {
        // The write is the failover; the next one writes the next slave, and the restore the first one.
    }

    public void close()
    {
        file.close();
    }
}
