package io.exabond.sysfs;

import io.exabond.page.InterfaceName;

/**
 * A process that keeps a bond's page alive.
 *
 * @param pid    its process id.
 * @param comm   its command name ({@code /proc/<pid>/comm}), or {@code ?}.
 * @param mapped true when {@code /proc/<pid>/maps} lists the page.
 * @param open   true when one of its file descriptors is the page.
 */
public record PageHolder(int pid, String comm, boolean mapped, boolean open)
{
    /**
     * @return e.g. {@code 1234 (feedhandler): mapped, open}; the command name escaped, since a process may give
     * itself any name, control characters included.
     */
    public String toString()
    {
        return pid + " (" + InterfaceName.printable(comm) + "): " +
            (mapped && open ? "mapped, open" : mapped ? "mapped" : "open");
    }
}
