/*
 * interop_reader.c - a page reader written from docs/ABI.md and exasock-bonding.h alone, the way a C program
 * outside this project would read one. io.exabond.abi.CReaderInteropTest runs it on pages that the Java
 * publisher and simulator write.
 *
 * usage: interop_reader PAGE [SNAPSHOTS [GAP_US [TIMEOUT_MS]]]
 *   Maps PAGE read-only (open O_RDONLY, mmap PROT_READ MAP_SHARED, one page) and takes SNAPSHOTS snapshots
 *   (default 1), GAP_US microseconds apart (default 0). Each one prints "snapshot I", then word 0 (one acquire
 *   load) and the status block read with the seqlock of ABI.md, as "name value" lines, with how often the read
 *   found seq odd (odd_spins) and how many copies it threw away as torn (torn_copies). A block whose seq stays
 *   odd for TIMEOUT_MS (default 1000) is reported as "block stalled".
 * exit: 0 read, 1 cannot map or the block is invalid, 2 bad usage, 3 the publisher stalled.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "exasock-bonding.h"

/* What one seqlock read copies out of the block. */
struct copy
{
    uint64_t seq;
    uint64_t generation;
    int64_t changed_ns;
    int64_t heartbeat_ns;
    uint32_t active_raw;
    uint32_t monitor_interval_ms;
    uint32_t miimon_ms;
    uint32_t arp_interval_ms;
    unsigned member_count;
    char bond_name[EXABOND_IFNAMSIZ];
    struct exabond_member members[EXABOND_MAX_MEMBERS];
};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static unsigned long parse_number(const char *text, const char *what)
{
    char *end;
    unsigned long value;
    errno = 0;
    value = strtoul(text, &end, 10);
    if (errno != 0 || *text == '\0' || *end != '\0')
    {
        fprintf(stderr, "interop_reader: %s is not a number: '%s'\n", what, text);
        exit(2);
    }
    return value;
}

/* ABI.md section 3, "Reader", steps 1 to 5. Returns 1 with a consistent copy, 0 when seq did not settle. */
static int read_block(const struct exabond_status_block *b, struct copy *c, int64_t timeout_ns,
    unsigned long *odd_spins, unsigned long *torn_copies)
{
    const int64_t deadline = now_ns() + timeout_ns;
    for (;;)
    {
        const uint64_t s1 = __atomic_load_n(&b->seq, __ATOMIC_ACQUIRE);
        if ((s1 & 1) == 0)
        {
            unsigned count = b->member_count;
            if (count > EXABOND_MAX_MEMBERS) /* untrusted until s2 agrees: bound it before indexing */
            {
                count = EXABOND_MAX_MEMBERS;
            }
            c->generation = b->generation;
            c->changed_ns = b->changed_ns;
            c->heartbeat_ns = b->heartbeat_ns;
            c->active_raw = b->active_raw;
            c->monitor_interval_ms = b->monitor_interval_ms;
            c->miimon_ms = b->miimon_ms;
            c->arp_interval_ms = b->arp_interval_ms;
            c->member_count = count;
            memcpy(c->bond_name, b->bond_name, sizeof c->bond_name);
            memcpy(c->members, b->members, count * sizeof(struct exabond_member));
            __atomic_thread_fence(__ATOMIC_ACQUIRE); /* smp_rmb: the copy is done before seq is loaded again */
            if (__atomic_load_n(&b->seq, __ATOMIC_RELAXED) == s1)
            {
                c->seq = s1;
                return 1;
            }
            ++*torn_copies;
        }
        else
        {
            ++*odd_spins;
        }
        if (now_ns() - deadline > 0)
        {
            return 0;
        }
    }
}

static void print_name(const char *key, const char *name)
{
    printf("%s %.*s\n", key, EXABOND_IFNAMSIZ, name); /* NUL padded, maybe without a NUL when torn */
}

/* Prints one snapshot; returns the exit status it calls for. */
static int snapshot(const unsigned char *page, long page_size, int64_t timeout_ns)
{
    const union exabond_grpinfo *word0 = (const union exabond_grpinfo *)(const void *)page;
    const struct exabond_status_block *b =
        (const struct exabond_status_block *)(const void *)(page + EXABOND_STATUS_BLOCK_OFFSET);
    union exabond_grpinfo info;
    static struct copy c;
    unsigned long odd_spins = 0;
    unsigned long torn_copies = 0;
    uint32_t magic;
    unsigned version;
    unsigned block_size;
    unsigned i;

    info.raw = __atomic_load_n(&word0->raw, __ATOMIC_ACQUIRE);
    printf("raw %lu\n", (unsigned long)info.raw);
    printf("active %d\n", (info.fields.flags & EXABOND_GRPINFO_FLAG_ACTIVE) != 0);
    printf("exanic_id %u\n", (unsigned)info.fields.exanic_id);
    printf("exanic_port %u\n", (unsigned)info.fields.exanic_port);

    magic = __atomic_load_n(&b->magic, __ATOMIC_ACQUIRE); /* stored last, with release, at creation */
    if (magic == 0)
    {
        printf("block none\n");
        return 0;
    }
    version = b->version;
    block_size = b->block_size;
    if (magic != EXABOND_STATUS_MAGIC || version < 1 || block_size < EXABOND_STATUS_BLOCK_SIZE ||
        EXABOND_STATUS_BLOCK_OFFSET + (long)block_size > page_size)
    {
        printf("block invalid\n");
        fprintf(stderr, "interop_reader: no valid block: magic 0x%08lx version %u block_size %u\n",
            (unsigned long)magic, version, block_size);
        return 1;
    }
    if (!read_block(b, &c, timeout_ns, &odd_spins, &torn_copies))
    {
        printf("block stalled\n");
        printf("odd_spins %lu\n", odd_spins);
        printf("torn_copies %lu\n", torn_copies);
        return 3;
    }
    printf("block consistent\n");
    printf("version %u\n", version);
    printf("block_size %u\n", block_size);
    printf("seq %llu\n", (unsigned long long)c.seq);
    printf("generation %llu\n", (unsigned long long)c.generation);
    printf("changed_ns %lld\n", (long long)c.changed_ns);
    printf("heartbeat_ns %lld\n", (long long)c.heartbeat_ns);
    printf("active_raw %lu\n", (unsigned long)c.active_raw);
    printf("monitor_interval_ms %lu\n", (unsigned long)c.monitor_interval_ms);
    printf("miimon_ms %lu\n", (unsigned long)c.miimon_ms);
    printf("arp_interval_ms %lu\n", (unsigned long)c.arp_interval_ms);
    printf("member_count %u\n", c.member_count);
    print_name("bond_name", c.bond_name);
    for (i = 0; i < c.member_count; i++)
    {
        const struct exabond_member *m = &c.members[i];
        char key[32];
        sprintf(key, "member.%u.ifname", i);
        print_name(key, m->ifname);
        printf("member.%u.exanic_id %u\n", i, (unsigned)m->exanic_id);
        printf("member.%u.exanic_port %u\n", i, (unsigned)m->exanic_port);
        printf("member.%u.link_up %u\n", i, (unsigned)m->link_up);
        printf("member.%u.flags %u\n", i, (unsigned)m->flags);
    }
    printf("odd_spins %lu\n", odd_spins);
    printf("torn_copies %lu\n", torn_copies);
    return 0;
}

int main(int argc, char **argv)
{
    const long page_size = sysconf(_SC_PAGESIZE);
    unsigned long count = 1;
    unsigned long gap_us = 0;
    unsigned long timeout_ms = 1000;
    const unsigned char *page;
    struct timespec gap;
    unsigned long i;
    int status = 0;
    int fd;

    if (argc < 2 || argc > 5)
    {
        fprintf(stderr, "usage: interop_reader PAGE [SNAPSHOTS [GAP_US [TIMEOUT_MS]]]\n");
        return 2;
    }
    if (argc > 2)
    {
        count = parse_number(argv[2], "SNAPSHOTS");
    }
    if (argc > 3)
    {
        gap_us = parse_number(argv[3], "GAP_US");
    }
    if (argc > 4)
    {
        timeout_ms = parse_number(argv[4], "TIMEOUT_MS");
    }
    if (page_size < EXABOND_STATUS_BLOCK_OFFSET + EXABOND_STATUS_BLOCK_SIZE)
    {
        fprintf(stderr, "interop_reader: a page of %ld bytes cannot hold the block\n", page_size);
        return 1;
    }

    fd = open(argv[1], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
    {
        fprintf(stderr, "interop_reader: open %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    page = mmap(NULL, (size_t)page_size, PROT_READ, MAP_SHARED, fd, 0);
    if (page == MAP_FAILED)
    {
        fprintf(stderr, "interop_reader: mmap %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    close(fd);

    gap.tv_sec = (time_t)(gap_us / 1000000);
    gap.tv_nsec = (long)(gap_us % 1000000) * 1000;
    for (i = 0; i < count && status == 0; i++)
    {
        if (i > 0 && gap_us > 0)
        {
            nanosleep(&gap, NULL);
        }
        printf("snapshot %lu\n", i);
        status = snapshot(page, page_size, (int64_t)timeout_ms * 1000000);
    }
    munmap((void *)page, (size_t)page_size);
    return fflush(stdout) == 0 ? status : 1;
}
