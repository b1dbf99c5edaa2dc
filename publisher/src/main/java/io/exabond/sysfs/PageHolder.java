package io.exabond.sysfs;


/**
 * A process that maps or holds open a bond's page.
 *
 * @param pid     its process id.
 * @param comm    its command name ({@code /proc/<pid>/comm}), or {@code ?}.
 * @param mapped  true when {@code /proc/<pid>/maps} lists the page.
 * @param open    true when one of its file descriptors is the page.
 * @param deleted true when every mapping and descriptor found names the path with the kernel's {@code (deleted)}
 *                mark: the process holds a node or file that was removed (a page the exasock driver released
 *                earlier, frozen at word 0 = 0), not the one now at the path.
 */
public record PageHolder(int pid, String comm, boolean mapped, boolean open, boolean deleted)
{
    /**
     * A holder of the page now at the path.
     *
     * @param pid    its process id.
     * @param comm   its command name, or {@code ?}.
     * @param mapped true when its maps list the page.
     * @param open   true when one of its file descriptors is the page.
     */
    public PageHolder(final int pid, final String comm, final boolean mapped, final boolean open)
    {
        this(pid, comm, mapped, open, false);
    }

    /**
     * @return e.g. {@code 1234 (feedhandler): mapped, open}, with {@code , deleted} for a {@link #deleted()} one;
     * the command name escaped, since a process may give itself any name, control characters included.
     */
    public String toString()
    {
        return pid + " (" + InterfaceName.printable(comm) + "): " +
            (mapped && open ? "mapped, open" : mapped ? "mapped" : "open") + (deleted ? ", deleted" : "");
    }
}
