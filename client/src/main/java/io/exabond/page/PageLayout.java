package io.exabond.page;

import io.exabond.generated.ExasockBonding;
import io.exabond.generated.exabond_grpinfo;
import io.exabond.generated.exabond_grpinfo_fields;
import io.exabond.generated.exabond_member;
import io.exabond.generated.exabond_status_block;
import io.exabond.internal.NativeAccess;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.invoke.VarHandle;

/**
 * The binary layout of an exabond page, in one place: word 0 (written by the kernel) and the status block
 * (written by this project's publishers). The values are not written here: every offset, size and constant is taken
 * from the jextract bindings of {@code native-headers/exasock-bonding.h} ({@code io.exabond.generated}), so the
 * header is the one source; they are {@code static final} and the JIT folds them as it folded literals.
 * {@code AbiConformanceTest} checks every one of them against the header as gcc compiles it and against the tables
 * of {@code docs/ABI.md}, so editing the header without regenerating the bindings fails the build.
 * <p>
 * The page:
 * <pre>
 *    offset  size
 *         0     4  word 0, union exabond_grpinfo        {@link #GRPINFO_OFFSET}, written by the kernel
 *         4  2044  zero                                  the kernel writes nothing else
 *      2048   592  struct exabond_status_block           {@link #STATUS_BLOCK_OFFSET}, publishers only; all zero
 *                                                        (magic 0) on a kernel page
 *      2640        end of {@link #MIN_PAGE_SIZE}; the mapping is one whole page (4 KiB or 64 KiB)
 * </pre>
 * Word 0, at {@link #GRPINFO_OFFSET}, a union of a 32-bit {@code raw} and (little-endian):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |        flags (bit 0 ACTIVE)   |   exanic_id   |  exanic_port  |
 *  +-------------------------------+---------------+---------------+
 * </pre>
 * The status block, at {@link #STATUS_BLOCK_OFFSET}, {@link #STATUS_BLOCK_SIZE} bytes in version 1; offsets in
 * the diagrams are relative to the block:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 magic 0x53425845 "EXBS", stored last          |  0
 *  +-------------------------------+-------------------------------+
 *  |         version 1             |     block_size 592 or more    |  4
 *  +-------------------------------+-------------------------------+
 *  |            seq: seqlock, even stable, odd being written       |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            generation: active-slave changes since creation    | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            changed_ns: CLOCK_MONOTONIC before the last change | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            heartbeat_ns: CLOCK_MONOTONIC of the last pass     | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            active_raw: the word 0 this block describes        | 40
 *  +---------------------------------------------------------------+
 *  |            monitor_interval_ms                                | 44
 *  +---------------------------------------------------------------+
 *  |            miimon_ms, 0 = off                                 | 48
 *  +---------------------------------------------------------------+
 *  |            arp_interval_ms, 0 = off                           | 52
 *  +---------------+-----------------------------------------------+
 *  | member_count  |            reserved, 7 bytes                  | 56
 *  +---------------+                                               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            bond_name, 16 bytes, NUL padded                   ...  64
 *  +---------------------------------------------------------------+
 *  |            members[16], 32 bytes each                        ...  80
 *  +---------------------------------------------------------------+  592
 * </pre>
 * A member, {@link #MEMBER_SIZE} bytes, at {@link #MEMBERS_OFFSET} + index x {@link #MEMBER_SIZE} in the block:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            ifname, 16 bytes, NUL padded                      ...   0
 *  +---------------+---------------+---------------+---------------+
 *  |  exanic_id    |  exanic_port  |   link_up     |    flags      |  16
 *  +---------------+---------------+---------------+---------------+
 *  |            reserved, 12 bytes                                ...  20
 *  +---------------------------------------------------------------+  32
 * </pre>
 * {@code exanic_id} and {@code exanic_port} are {@link #EXANIC_NONE} for a member that is not a SmartNIC port;
 * {@code link_up} is 1 up, 0 down; {@code flags} bit 0 is {@link #MEMBER_FLAG_ACTIVE}, bit 1
 * {@link #MEMBER_FLAG_PRIMARY}.
 * <p>
 * Offsets within the block are relative to the block; add {@link #STATUS_BLOCK_OFFSET} for page offsets. The
 * fields that the seqlock protocol loads with acquire or stores with release have a {@link VarHandle} here, made
 * from the generated struct layout: its coordinates are (page segment, {@code long} offset of the struct in the
 * page), and it adds the field's offset itself.
 */
public final class PageLayout
{
    static
    {
        // Before the bindings load: their first restricted call would otherwise hide a missing native-access flag
        // from NativeAccess.check() behind a JVM warning.
        NativeAccess.enabledAtLoad();
    }

    /** Offset of word 0 in the page: {@code EXABOND_GRPINFO_OFFSET}. */
    public static final int GRPINFO_OFFSET = ExasockBonding.EXABOND_GRPINFO_OFFSET();
    /** Size of word 0: {@code sizeof(union exabond_grpinfo)}. */
    public static final int GRPINFO_SIZE = toInt(exabond_grpinfo.sizeof());
    /** Offset of {@code flags} in word 0. */
    public static final int GRPINFO_FLAGS_OFFSET = grpinfoField(exabond_grpinfo_fields.flags$offset());
    /** Size of {@code flags}. */
    public static final int GRPINFO_FLAGS_SIZE = toInt(exabond_grpinfo_fields.flags$layout().byteSize());
    /** Offset of {@code exanic_id} in word 0. */
    public static final int GRPINFO_EXANIC_ID_OFFSET = grpinfoField(exabond_grpinfo_fields.exanic_id$offset());
    /** Size of {@code exanic_id}. */
    public static final int GRPINFO_EXANIC_ID_SIZE = toInt(exabond_grpinfo_fields.exanic_id$layout().byteSize());
    /** Offset of {@code exanic_port} in word 0. */
    public static final int GRPINFO_EXANIC_PORT_OFFSET = grpinfoField(exabond_grpinfo_fields.exanic_port$offset());
    /** Size of {@code exanic_port}. */
    public static final int GRPINFO_EXANIC_PORT_SIZE = toInt(exabond_grpinfo_fields.exanic_port$layout().byteSize());
    /** Bit of {@code flags}: the bond has an active slave ({@code EXABOND_GRPINFO_FLAG_ACTIVE}). */
    public static final int GRPINFO_FLAG_ACTIVE = ExasockBonding.EXABOND_GRPINFO_FLAG_ACTIVE();
    // raw is the union's 32-bit view of the fields, loaded in native order: the shifts follow from the fields'
    // byte offsets (0, 16 and 24 on little-endian).
    /** Shift of {@code flags} in the raw word. */
    public static final int GRPINFO_FLAGS_SHIFT = rawShift(GRPINFO_FLAGS_OFFSET, GRPINFO_FLAGS_SIZE);
    /** Mask of {@code flags} once shifted down. */
    public static final int GRPINFO_FLAGS_MASK = rawMask(GRPINFO_FLAGS_SIZE);
    /** Shift of {@code exanic_id} in the raw word. */
    public static final int GRPINFO_EXANIC_ID_SHIFT = rawShift(GRPINFO_EXANIC_ID_OFFSET, GRPINFO_EXANIC_ID_SIZE);
    /** Mask of {@code exanic_id} once shifted down. */
    public static final int GRPINFO_EXANIC_ID_MASK = rawMask(GRPINFO_EXANIC_ID_SIZE);
    /** Shift of {@code exanic_port} in the raw word. */
    public static final int GRPINFO_EXANIC_PORT_SHIFT = rawShift(GRPINFO_EXANIC_PORT_OFFSET,
        GRPINFO_EXANIC_PORT_SIZE);
    /** Mask of {@code exanic_port} once shifted down. */
    public static final int GRPINFO_EXANIC_PORT_MASK = rawMask(GRPINFO_EXANIC_PORT_SIZE);

    /** Offset of the status block in the page: {@code EXABOND_STATUS_BLOCK_OFFSET}. */
    public static final int STATUS_BLOCK_OFFSET = ExasockBonding.EXABOND_STATUS_BLOCK_OFFSET();
    /** {@code magic} of a block: {@code EXABOND_STATUS_MAGIC}, the bytes "EXBS". */
    public static final int STATUS_MAGIC = ExasockBonding.EXABOND_STATUS_MAGIC();
    /** The block version this reader and the publishers speak: {@code EXABOND_STATUS_VERSION}. */
    public static final int STATUS_VERSION = ExasockBonding.EXABOND_STATUS_VERSION();

    /** Offset of {@code magic} in the block. */
    public static final int MAGIC_OFFSET = toInt(exabond_status_block.magic$offset());
    /** Offset of {@code version} in the block. */
    public static final int VERSION_OFFSET = toInt(exabond_status_block.version$offset());
    /** Offset of {@code block_size} in the block. */
    public static final int BLOCK_SIZE_OFFSET = toInt(exabond_status_block.block_size$offset());
    /** Offset of {@code seq} in the block. */
    public static final int SEQ_OFFSET = toInt(exabond_status_block.seq$offset());
    /** Offset of {@code generation} in the block. */
    public static final int GENERATION_OFFSET = toInt(exabond_status_block.generation$offset());
    /** Offset of {@code changed_ns} in the block. */
    public static final int CHANGED_NS_OFFSET = toInt(exabond_status_block.changed_ns$offset());
    /** Offset of {@code heartbeat_ns} in the block. */
    public static final int HEARTBEAT_NS_OFFSET = toInt(exabond_status_block.heartbeat_ns$offset());
    /** Offset of {@code active_raw} in the block. */
    public static final int ACTIVE_RAW_OFFSET = toInt(exabond_status_block.active_raw$offset());
    /** Offset of {@code monitor_interval_ms} in the block. */
    public static final int MONITOR_INTERVAL_MS_OFFSET = toInt(exabond_status_block.monitor_interval_ms$offset());
    /** Offset of {@code miimon_ms} in the block. */
    public static final int MIIMON_MS_OFFSET = toInt(exabond_status_block.miimon_ms$offset());
    /** Offset of {@code arp_interval_ms} in the block. */
    public static final int ARP_INTERVAL_MS_OFFSET = toInt(exabond_status_block.arp_interval_ms$offset());
    /** Offset of {@code member_count} in the block. */
    public static final int MEMBER_COUNT_OFFSET = toInt(exabond_status_block.member_count$offset());
    /** Offset of the block's {@code reserved} bytes. */
    public static final int BLOCK_RESERVED_OFFSET = toInt(exabond_status_block.reserved$offset());
    /** Size of the block's {@code reserved} bytes. */
    public static final int BLOCK_RESERVED_SIZE = toInt(exabond_status_block.reserved$layout().byteSize());
    /** Offset of {@code bond_name} in the block. */
    public static final int BOND_NAME_OFFSET = toInt(exabond_status_block.bond_name$offset());
    /** Bytes of an interface name with its NUL, as the kernel's IFNAMSIZ: {@code EXABOND_IFNAMSIZ}. */
    public static final int IFNAMSIZ = ExasockBonding.EXABOND_IFNAMSIZ();
    /** Offset of {@code members} in the block. */
    public static final int MEMBERS_OFFSET = toInt(exabond_status_block.members$offset());
    /** Members a block lists at most: {@code EXABOND_MAX_MEMBERS}. */
    public static final int MAX_MEMBERS = ExasockBonding.EXABOND_MAX_MEMBERS();

    /** Offset of {@code ifname} in a member. */
    public static final int MEMBER_IFNAME_OFFSET = toInt(exabond_member.ifname$offset());
    /** Offset of {@code exanic_id} in a member. */
    public static final int MEMBER_EXANIC_ID_OFFSET = toInt(exabond_member.exanic_id$offset());
    /** Offset of {@code exanic_port} in a member. */
    public static final int MEMBER_EXANIC_PORT_OFFSET = toInt(exabond_member.exanic_port$offset());
    /** Offset of {@code link_up} in a member. */
    public static final int MEMBER_LINK_UP_OFFSET = toInt(exabond_member.link_up$offset());
    /** Offset of {@code flags} in a member. */
    public static final int MEMBER_FLAGS_OFFSET = toInt(exabond_member.flags$offset());
    /** Offset of a member's {@code reserved} bytes. */
    public static final int MEMBER_RESERVED_OFFSET = toInt(exabond_member.reserved$offset());
    /** Size of a member's {@code reserved} bytes. */
    public static final int MEMBER_RESERVED_SIZE = toInt(exabond_member.reserved$layout().byteSize());
    /** Size of a member: {@code sizeof(struct exabond_member)}. */
    public static final int MEMBER_SIZE = toInt(exabond_member.sizeof());

    /** Bit of a member's {@code flags}: the active slave ({@code EXABOND_MEMBER_FLAG_ACTIVE}). */
    public static final int MEMBER_FLAG_ACTIVE = ExasockBonding.EXABOND_MEMBER_FLAG_ACTIVE();
    /** Bit of a member's {@code flags}: the primary slave ({@code EXABOND_MEMBER_FLAG_PRIMARY}). */
    public static final int MEMBER_FLAG_PRIMARY = ExasockBonding.EXABOND_MEMBER_FLAG_PRIMARY();
    /** {@code exanic_id} and {@code exanic_port} of a member that is not a SmartNIC port. */
    public static final int EXANIC_NONE = ExasockBonding.EXABOND_EXANIC_NONE();

    /** Size of a version 1 block: {@code sizeof(struct exabond_status_block)}. */
    public static final int STATUS_BLOCK_SIZE = toInt(exabond_status_block.sizeof());

    /** The smallest page that can hold a block: a page of this size or larger is required. */
    public static final int MIN_PAGE_SIZE = STATUS_BLOCK_OFFSET + STATUS_BLOCK_SIZE;

    /**
     * Device node of a managed bond: this prefix, then the bond name, under the dev directory; the file name part
     * of {@code EXABOND_DEVICE_PREFIX}.
     */
    public static final String DEVICE_PREFIX = fileNamePart(ExasockBonding.EXABOND_DEVICE_PREFIX().getString(0));

    /**
     * Word 0 as one 32-bit value, {@code exabond_grpinfo.raw}: coordinates (page, {@code (long)}
     * {@link #GRPINFO_OFFSET}). Readers load it with {@code getAcquire}, the writer stores it with
     * {@code setRelease}, after the block of the change.
     */
    public static final VarHandle GRPINFO_RAW_HANDLE = handle(exabond_grpinfo.layout(), "raw");
    /**
     * The block's {@code magic}: coordinates (page, {@code (long)} {@link #STATUS_BLOCK_OFFSET}). Stored once with
     * {@code setRelease} when the block is complete; readers load it with {@code getAcquire}.
     */
    public static final VarHandle MAGIC_HANDLE = handle(exabond_status_block.layout(), "magic");
    /**
     * The block's {@code seq}, the seqlock: coordinates (page, {@code (long)} {@link #STATUS_BLOCK_OFFSET}).
     * Readers load it with {@code getAcquire}; the writer stores the odd value plainly (then a store-store fence)
     * and the even value with {@code setRelease}.
     */
    public static final VarHandle SEQ_HANDLE = handle(exabond_status_block.layout(), "seq");
    /**
     * The block's {@code generation}: coordinates (page, {@code (long)} {@link #STATUS_BLOCK_OFFSET}); an aligned
     * 64-bit {@code getAcquire}, never torn, for a check outside the seqlock.
     */
    public static final VarHandle GENERATION_HANDLE = handle(exabond_status_block.layout(), "generation");

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
    static String checkVersion(final int version, final int blockSize, final long pageSize)
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

    private static int rawShift(final int offset, final int size)
    {
        final boolean littleEndian = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
        return (littleEndian ? offset : GRPINFO_SIZE - offset - size) * Byte.SIZE;
    }

    private static int rawMask(final int size)
    {
        return (int)((1L << size * Byte.SIZE) - 1);
    }

    private static int toInt(final long value)
    {
        return Math.toIntExact(value);
    }

    private static int grpinfoField(final long offsetInFields)
    {
        // The fields struct overlays raw inside the union: its own offset there is part of each field's.
        return toInt(exabond_grpinfo.fields$offset() + offsetInFields);
    }

    private static VarHandle handle(final MemoryLayout struct, final String field)
    {
        // Invoke-exact, as the hand-made handles were: a caller that passes an int offset or casts the result to
        // the wrong type fails at once instead of going through a slow adapting path.
        return struct.varHandle(PathElement.groupElement(field)).withInvokeExactBehavior();
    }

    private static String fileNamePart(final String devicePrefix)
    {
        return devicePrefix.substring(devicePrefix.lastIndexOf('/') + 1);
    }
}
