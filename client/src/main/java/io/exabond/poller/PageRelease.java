package io.exabond.poller;

/**
 * How a poller learned that a bond's page was released ({@link FailoverListener#onPageReleased}). The exasock driver
 * removes {@code /dev/exabond-<bond>} at once when the bond leaves management ({@code -<bond>} written to
 * {@code exabond_masters}, or the module unloaded), whether or not the page is mapped, then stores 0 in word 0 of the
 * page it leaves behind and never writes it again. Word 0 alone cannot tell that from a bond losing its last link, so
 * the poller watches the path it mapped.
 */
public enum PageRelease
{
    /** Nothing is at the page's path any more: the driver released the bond (or a publisher deleted its page file). */
    REMOVED,
    /**
     * The path names another file than the one mapped: the bond was released and managed again (a new node over a
     * new page), or a publisher's page file was replaced by a new one.
     */
    REPLACED
}
