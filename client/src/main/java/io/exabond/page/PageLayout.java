package io.exabond.page;

/**
 * The binary layout of an exabond page, in one place: word 0 (written by the kernel) and the status block
 * (written by this project's publishers). This is {@code native-headers/exasock-bonding.h} and the tables of
 * {@code docs/ABI.md}; {@code AbiConformanceTest} checks all three against each other and against the
 * jextract-generated layouts, so a reorder anywhere fails the build.
 * <p>
 * Word 0, at offset 0, a union of a 32-bit {@code raw} and:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |        flags (bit 0 ACTIVE)   |   exanic_id   |  exanic_port  |
 *  +-------------------------------+---------------+---------------+
 * </pre>
 * The status block, at {@link #STATUS_BLOCK_OFFSET} (2048), 592 bytes in version 1:
 * <pre>
 *  offset  size  field
 *       0     4  magic                 0x53425845, "EXBS"; stored last at creation
 *       4     2  version               1
 *       6     2  block_size            592; readers accept larger
 *       8     8  seq                   seqlock: even stable, odd being written
 *      16     8  generation            active-slave changes since creation
 *      24     8  changed_ns            CLOCK_MONOTONIC just before the last change was published
 *      32     8  heartbeat_ns          CLOCK_MONOTONIC of the last monitor pass
 *      40     4  active_raw            the word 0 this block describes
 *      44     4  monitor_interval_ms
 *      48     4  miimon_ms             0 = off
 *      52     4  arp_interval_ms       0 = off
 *      56     1  member_count          0..16
 *      57     7  reserved
 *      64    16  bond_name             NUL padded
 *      80   512  members[16]           32 bytes each:
 *
 *  member  0 16  ifname                NUL padded
 *         16  1  exanic_id             255 when not a SmartNIC port
 *         17  1  exanic_port           255 likewise
 *         18  1  link_up               1 up, 0 down
 *         19  1  flags                 bit 0 active, bit 1 primary
 *         20 12  reserved
 * </pre>
 * Offsets within the block are relative to the block; add {@link #STATUS_BLOCK_OFFSET} for page offsets.
 */
public final class PageLayout
{
    public static final int GRPINFO_OFFSET = 0;
    public static final int GRPINFO_SIZE = 4;
    public static final int GRPINFO_FLAGS_OFFSET = 0;
    public static final int GRPINFO_EXANIC_ID_OFFSET = GRPINFO_FLAGS_OFFSET + 2;
    public static final int GRPINFO_EXANIC_PORT_OFFSET = GRPINFO_EXANIC_ID_OFFSET + 1;
    public static final int GRPINFO_FLAG_ACTIVE = 0x0001;

    public static final int STATUS_BLOCK_OFFSET = 2048;
    public static final int STATUS_MAGIC = 0x53425845;
    public static final int STATUS_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + 4;
    public static final int BLOCK_SIZE_OFFSET = VERSION_OFFSET + 2;
    public static final int SEQ_OFFSET = BLOCK_SIZE_OFFSET + 2;
    public static final int GENERATION_OFFSET = SEQ_OFFSET + 8;
    public static final int CHANGED_NS_OFFSET = GENERATION_OFFSET + 8;
    public static final int HEARTBEAT_NS_OFFSET = CHANGED_NS_OFFSET + 8;
    public static final int ACTIVE_RAW_OFFSET = HEARTBEAT_NS_OFFSET + 8;
    public static final int MONITOR_INTERVAL_MS_OFFSET = ACTIVE_RAW_OFFSET + 4;
    public static final int MIIMON_MS_OFFSET = MONITOR_INTERVAL_MS_OFFSET + 4;
    public static final int ARP_INTERVAL_MS_OFFSET = MIIMON_MS_OFFSET + 4;
    public static final int MEMBER_COUNT_OFFSET = ARP_INTERVAL_MS_OFFSET + 4;
    public static final int BLOCK_RESERVED_OFFSET = MEMBER_COUNT_OFFSET + 1;
    public static final int BLOCK_RESERVED_SIZE = 7;
    public static final int BOND_NAME_OFFSET = BLOCK_RESERVED_OFFSET + BLOCK_RESERVED_SIZE;
    public static final int IFNAMSIZ = 16;
    public static final int MEMBERS_OFFSET = BOND_NAME_OFFSET + IFNAMSIZ;
    public static final int MAX_MEMBERS = 16;

    public static final int MEMBER_IFNAME_OFFSET = 0;
    public static final int MEMBER_EXANIC_ID_OFFSET = MEMBER_IFNAME_OFFSET + IFNAMSIZ;
    public static final int MEMBER_EXANIC_PORT_OFFSET = MEMBER_EXANIC_ID_OFFSET + 1;
    public static final int MEMBER_LINK_UP_OFFSET = MEMBER_EXANIC_PORT_OFFSET + 1;
    public static final int MEMBER_FLAGS_OFFSET = MEMBER_LINK_UP_OFFSET + 1;
    public static final int MEMBER_RESERVED_OFFSET = MEMBER_FLAGS_OFFSET + 1;
    public static final int MEMBER_RESERVED_SIZE = 12;
    public static final int MEMBER_SIZE = MEMBER_RESERVED_OFFSET + MEMBER_RESERVED_SIZE;

    public static final int MEMBER_FLAG_ACTIVE = 0x01;
    public static final int MEMBER_FLAG_PRIMARY = 0x02;
    /** {@code exanic_id} and {@code exanic_port} of a member that is not a SmartNIC port. */
    public static final int EXANIC_NONE = 255;

    /** Size of a version 1 block. */
    public static final int STATUS_BLOCK_SIZE = MEMBERS_OFFSET + MAX_MEMBERS * MEMBER_SIZE;

    /** The smallest page that can hold a block: a page of this size or larger is required. */
    public static final int MIN_PAGE_SIZE = STATUS_BLOCK_OFFSET + STATUS_BLOCK_SIZE;

    /** Device node of a managed bond: this prefix, then the bond name, under the dev directory. */
    public static final String DEVICE_PREFIX = "exabond-";

    private PageLayout()
    {
    }

    /**
     * Checks that a block found on a page is one this reader understands.
     *
     * @param version    the block's {@code version}.
     * @param blockSize  the block's {@code block_size}.
     * @param pageSize   bytes in the mapping.
     * @return null when the block is usable, else a sentence naming the app's and the file's values.
     */
    public static String checkVersion(final int version, final int blockSize, final long pageSize)
    {
        if (version < STATUS_VERSION)
        {
            return "status block version " + version + " is not valid: app=" + STATUS_VERSION + " file=" + version;
        }
        if (blockSize < STATUS_BLOCK_SIZE)
        {
            return "status block size " + blockSize + " is smaller than version " + STATUS_VERSION + " needs: app=" +
                STATUS_BLOCK_SIZE + " file=" + blockSize;
        }
        if (STATUS_BLOCK_OFFSET + (long)blockSize > pageSize)
        {
            return "status block size " + blockSize + " runs past the end of a " + pageSize + "-byte page";
        }
        return null;
    }
}
