package io.exabond.netlink;

/**
 * Says which link messages matter to a listener's user, e.g. those of one bond and its slaves.
 */
@FunctionalInterface
public interface LinkFilter
{
    /**
     * @param message a link message; valid only during the call.
     * @return true when it concerns what the caller watches.
     */
    boolean accept(LinkMessage message);
}
