/*
 * exasock-bonding.h - the exabond metadata page: binary contract.
 *
 * The exasock kernel module's bonding extension exports one read-only page per
 * managed bond through /dev/exabond-<bond>. Userspace publishers of the
 * exabond-panama project (the simulator, the sysfs bridge) write the same page
 * into a file. This header describes that page byte for byte; it is the single
 * source from which the Java bindings are generated (see jextract/README.md),
 * and any C program may include it to read or write pages.
 *
 * Plain C99, no dependencies beyond <stdint.h>. All integers are little-endian
 * (the page is only ever shared between processes of one x86-64 or arm64 host)
 * and naturally aligned.
 *
 * Page layout
 * -----------
 *   offset 0     union exabond_grpinfo     word 0, written by the kernel (or a publisher)
 *   offset 4     zero                      the kernel writes nothing else
 *   offset 2048  struct exabond_status_block   only on pages written by a publisher;
 *                                          all zero (magic == 0) on a kernel page
 *
 * Mapping: open(O_RDONLY), mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED, fd, 0).
 * The driver refuses any other length (EINVAL) and any writable or executable
 * mapping (EACCES). The device reports st_size 0.
 *
 * Reading word 0 (the hot path): one 32-bit load with acquire ordering, e.g.
 *   uint32_t raw = __atomic_load_n(&page->raw, __ATOMIC_ACQUIRE);
 * and compare it with the last value seen. The writer replaces the whole word
 * with one 32-bit atomic store, so a load is never torn.
 *
 * Reading the status block (seqlock, single writer, readers never write):
 *   1. s1 = seq (acquire); if odd, a write is in progress: spin and retry.
 *   2. copy the payload with plain loads; trust nothing yet (bound member_count
 *      to EXABOND_MAX_MEMBERS before indexing).
 *   3. load-load fence (smp_rmb / __atomic_thread_fence(__ATOMIC_ACQUIRE)).
 *   4. s2 = seq; if s1 != s2 the copy may be torn: retry.
 *   5. give up after a bounded time: a publisher that died mid-write leaves seq odd.
 *
 * Writing the status block (the one publisher of a page):
 *   1. s = seq; seq = s + 1; store-store fence (smp_wmb).
 *   2. store the payload fields.
 *   3. seq = s + 2 with release ordering.
 *   4. when the active slave changed: store word 0 with release ordering, after 3.
 *   At creation the block is filled first and magic is stored last, once.
 */
#ifndef EXASOCK_BONDING_H
#define EXASOCK_BONDING_H

#include <stdint.h>

/* Device node of a managed bond: EXABOND_DEVICE_PREFIX "<bond>". */
#define EXABOND_DEVICE_PREFIX "/dev/exabond-"
/* Read: the managed bonds, space separated, newline terminated. Write "+bond" or "-bond". */
#define EXABOND_MASTERS_PATH "/sys/class/net/exabond_masters"

/* Longest interface name plus its NUL, as the kernel's IFNAMSIZ. */
#define EXABOND_IFNAMSIZ 16

/* ---- Word 0: the group info (offset 0, written by the kernel) ---- */

/* Bit 0 of flags: the bond has an active slave. When clear, exanic_id and
 * exanic_port keep the last active slave's values and must be ignored. */
#define EXABOND_GRPINFO_FLAG_ACTIVE 0x0001

/* The fields of word 0, in memory order. */
struct exabond_grpinfo_fields {
    uint16_t flags;       /* EXABOND_GRPINFO_FLAG_* */
    uint8_t  exanic_id;   /* N of exanicN of the active slave */
    uint8_t  exanic_port; /* port of the active slave on that SmartNIC, from 0 */
};

/* Word 0 as one 32-bit value: raw == flags | exanic_id << 16 | exanic_port << 24. */
union exabond_grpinfo {
    uint32_t raw;
    struct exabond_grpinfo_fields fields;
};

#define EXABOND_GRPINFO_OFFSET 0
#define EXABOND_GRPINFO_SIZE   4

/* ---- The status block (offset 2048, written by userspace publishers) ---- */

#define EXABOND_STATUS_BLOCK_OFFSET 2048
/* "EXBS" read as bytes; stored last when a block is created. */
#define EXABOND_STATUS_MAGIC        0x53425845u
#define EXABOND_STATUS_VERSION      1
/* Size of a version 1 block. Readers accept larger blocks and read what they know. */
#define EXABOND_STATUS_BLOCK_SIZE   592
#define EXABOND_MAX_MEMBERS         16
#define EXABOND_MEMBER_SIZE         32

/* exanic_id and exanic_port of a member that is not a SmartNIC port. */
#define EXABOND_EXANIC_NONE         255

/* Bits of exabond_member.flags. */
#define EXABOND_MEMBER_FLAG_ACTIVE  0x01
#define EXABOND_MEMBER_FLAG_PRIMARY 0x02

/* One slave of the bond, 32 bytes. */
struct exabond_member {
    char    ifname[EXABOND_IFNAMSIZ]; /* NUL-padded slave interface name */
    uint8_t exanic_id;                /* EXABOND_EXANIC_NONE when not a SmartNIC port */
    uint8_t exanic_port;              /* EXABOND_EXANIC_NONE likewise */
    uint8_t link_up;                  /* 1 up, 0 down */
    uint8_t flags;                    /* EXABOND_MEMBER_FLAG_* */
    uint8_t reserved[12];             /* zero */
};

/* The status block, 592 bytes, protected by the seqlock in seq. */
struct exabond_status_block {
    uint32_t magic;               /*   0: EXABOND_STATUS_MAGIC; 0 on a kernel page */
    uint16_t version;             /*   4: EXABOND_STATUS_VERSION */
    uint16_t block_size;          /*   6: bytes in this block */
    uint64_t seq;                 /*   8: seqlock: even stable, odd write in progress */
    uint64_t generation;          /*  16: active-slave changes published since creation */
    int64_t  changed_ns;          /*  24: CLOCK_MONOTONIC ns taken just before the last change was published */
    int64_t  heartbeat_ns;        /*  32: CLOCK_MONOTONIC ns of the publisher's last monitor pass */
    uint32_t active_raw;          /*  40: the word 0 value this block describes */
    uint32_t monitor_interval_ms; /*  44: how often the publisher looks at the bond */
    uint32_t miimon_ms;           /*  48: the bond's MII monitor interval, 0 = off */
    uint32_t arp_interval_ms;     /*  52: the bond's ARP monitor interval, 0 = off */
    uint8_t  member_count;        /*  56: members listed, 0..EXABOND_MAX_MEMBERS */
    uint8_t  reserved[7];         /*  57: zero */
    char     bond_name[EXABOND_IFNAMSIZ];                 /*  64: NUL-padded bond name */
    struct exabond_member members[EXABOND_MAX_MEMBERS];   /*  80: 16 x 32 bytes */
};

/* Compile-time proof that this header matches the contract. */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(union exabond_grpinfo) == EXABOND_GRPINFO_SIZE, "word 0 is 4 bytes");
_Static_assert(sizeof(struct exabond_member) == EXABOND_MEMBER_SIZE, "a member is 32 bytes");
_Static_assert(sizeof(struct exabond_status_block) == EXABOND_STATUS_BLOCK_SIZE, "a v1 block is 592 bytes");
#else
typedef char exabond_check_grpinfo_size[sizeof(union exabond_grpinfo) == EXABOND_GRPINFO_SIZE ? 1 : -1];
typedef char exabond_check_member_size[sizeof(struct exabond_member) == EXABOND_MEMBER_SIZE ? 1 : -1];
typedef char exabond_check_block_size[sizeof(struct exabond_status_block) == EXABOND_STATUS_BLOCK_SIZE ? 1 : -1];
#endif

#endif /* EXASOCK_BONDING_H */
