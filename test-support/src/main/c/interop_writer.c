/*
 * interop_writer.c - a page publisher written from docs/ABI.md and exasock-bonding.h alone, the way a C
 * program outside this project would write one. io.exabond.abi.CWriterInteropTest reads its pages with the
 * Java reader, the status command and the failover poller.
 *
 * usage: interop_writer PAGE BOND MIIMON_MS ARP_INTERVAL_MS MONITOR_MS FLIPS GAP_US MEMBER...
 *   MEMBER is IFNAME:EXANIC_ID:EXANIC_PORT:LINK_UP:PRIMARY, e.g. eth2:0:1:1:0 (id and port 255: not a SmartNIC
 *   port). Creates PAGE as exactly one page (sysconf(_SC_PAGESIZE) bytes), publishes the bond with member 0
 *   active (the block first, its magic last, then word 0), and exits when FLIPS is 0. Otherwise it prints
 *   "ready", waits for a line on stdin, then fails over FLIPS times, GAP_US microseconds apart, to the next
 *   SmartNIC member in list order, refreshing heartbeat_ns every MONITOR_MS, and prints "done GENERATION".
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

struct member_spec
{
    char ifname[EXABOND_IFNAMSIZ];
    unsigned exanic_id;
    unsigned exanic_port;
    unsigned link_up;
    unsigned primary;
};

struct writer
{
    union exabond_grpinfo *word0;
    struct exabond_status_block *block;
    const char *bond;
    unsigned miimon_ms;
    unsigned arp_interval_ms;
    unsigned monitor_ms;
    struct member_spec members[EXABOND_MAX_MEMBERS];
    unsigned member_count;
    unsigned active;
    uint64_t generation;
    int64_t changed_ns;
    int64_t heartbeat_ns;
};

static void die(const char *what)
{
    fprintf(stderr, "interop_writer: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void usage(const char *problem)
{
    fprintf(stderr, "interop_writer: %s\nusage: interop_writer PAGE BOND MIIMON_MS ARP_INTERVAL_MS MONITOR_MS "
        "FLIPS GAP_US IFNAME:ID:PORT:LINK_UP:PRIMARY...\n", problem);
    exit(2);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
    {
        die("clock_gettime");
    }
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void sleep_until(int64_t due_ns)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(due_ns / 1000000000);
    ts.tv_nsec = (long)(due_ns % 1000000000);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
    {
    }
}

static unsigned long parse_number(const char *text, const char *what)
{
    char *end;
    unsigned long value;
    errno = 0;
    value = strtoul(text, &end, 10);
    if (errno != 0 || *text == '\0' || *end != '\0')
    {
        fprintf(stderr, "interop_writer: %s is not a number: '%s'\n", what, text);
        exit(2);
    }
    return value;
}

static int is_smartnic(const struct member_spec *m)
{
    return !(m->exanic_id == EXABOND_EXANIC_NONE && m->exanic_port == EXABOND_EXANIC_NONE);
}

/* Word 0 for the active member, built through the header's union so that its field order is what is tested. */
static uint32_t word0_for(const struct writer *w)
{
    union exabond_grpinfo info;
    info.raw = 0;
    info.fields.flags = EXABOND_GRPINFO_FLAG_ACTIVE;
    info.fields.exanic_id = (uint8_t)w->members[w->active].exanic_id;
    info.fields.exanic_port = (uint8_t)w->members[w->active].exanic_port;
    return info.raw;
}

/* ABI.md section 3, step 2: the payload, with plain stores. */
static void store_payload(const struct writer *w)
{
    struct exabond_status_block *b = w->block;
    unsigned i;
    b->generation = w->generation;
    b->changed_ns = w->changed_ns;
    b->heartbeat_ns = w->heartbeat_ns;
    b->active_raw = word0_for(w);
    b->monitor_interval_ms = w->monitor_ms;
    b->miimon_ms = w->miimon_ms;
    b->arp_interval_ms = w->arp_interval_ms;
    b->member_count = (uint8_t)w->member_count;
    memset(b->bond_name, 0, sizeof b->bond_name);
    strncpy(b->bond_name, w->bond, sizeof b->bond_name - 1);
    memset(b->members, 0, sizeof b->members);
    for (i = 0; i < w->member_count; i++)
    {
        struct exabond_member *m = &b->members[i];
        strncpy(m->ifname, w->members[i].ifname, sizeof m->ifname - 1);
        m->exanic_id = (uint8_t)w->members[i].exanic_id;
        m->exanic_port = (uint8_t)w->members[i].exanic_port;
        m->link_up = (uint8_t)(w->members[i].link_up ? 1 : 0);
        m->flags = (uint8_t)((i == w->active ? EXABOND_MEMBER_FLAG_ACTIVE : 0) |
            (w->members[i].primary ? EXABOND_MEMBER_FLAG_PRIMARY : 0));
    }
}

/* One seqlock update, ABI.md section 3 "Writer", steps 1 to 4. */
static void publish(const struct writer *w, int active_changed)
{
    struct exabond_status_block *b = w->block;
    const uint64_t s = b->seq; /* the single writer owns seq: a plain read */
    __atomic_store_n(&b->seq, s + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE); /* smp_wmb: seq is odd before any payload store is visible */
    store_payload(w);
    __atomic_store_n(&b->seq, s + 2, __ATOMIC_RELEASE);
    if (active_changed)
    {
        __atomic_store_n(&w->word0->raw, word0_for(w), __ATOMIC_RELEASE);
    }
}

static void create_page(struct writer *w, const char *path)
{
    const long page_size = sysconf(_SC_PAGESIZE);
    unsigned char *page;
    int fd;
    if (page_size < EXABOND_STATUS_BLOCK_OFFSET + EXABOND_STATUS_BLOCK_SIZE)
    {
        fprintf(stderr, "interop_writer: a page of %ld bytes cannot hold the block\n", page_size);
        exit(1);
    }
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
    {
        die(path);
    }
    if (ftruncate(fd, (off_t)page_size) != 0) /* a new page file: one zeroed page */
    {
        die("ftruncate");
    }
    page = mmap(NULL, (size_t)page_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (page == MAP_FAILED)
    {
        die("mmap");
    }
    close(fd);
    w->word0 = (union exabond_grpinfo *)(void *)page;
    w->block = (struct exabond_status_block *)(void *)(page + EXABOND_STATUS_BLOCK_OFFSET);

    /* At creation: the block first (seq 0, even), its magic last with release, then word 0 with release. */
    w->generation = 0;
    w->changed_ns = now_ns();
    w->heartbeat_ns = w->changed_ns;
    w->block->version = EXABOND_STATUS_VERSION;
    w->block->block_size = EXABOND_STATUS_BLOCK_SIZE;
    w->block->seq = 0;
    store_payload(w);
    __atomic_store_n(&w->block->magic, EXABOND_STATUS_MAGIC, __ATOMIC_RELEASE);
    __atomic_store_n(&w->word0->raw, word0_for(w), __ATOMIC_RELEASE);
}

static unsigned next_smartnic(const struct writer *w)
{
    unsigned i = w->active;
    do
    {
        i = (i + 1) % w->member_count;
    }
    while (!is_smartnic(&w->members[i]));
    return i;
}

static void flip(struct writer *w, unsigned long flips, int64_t gap_ns)
{
    const int64_t monitor_ns = (int64_t)w->monitor_ms * 1000000;
    int64_t next_heartbeat = now_ns() + monitor_ns;
    unsigned long done;
    for (done = 0; done < flips; done++)
    {
        const int64_t due = now_ns() + gap_ns;
        int64_t now;
        while ((now = now_ns()) < due)
        {
            if (now >= next_heartbeat)
            {
                w->heartbeat_ns = now;
                publish(w, 0);
                next_heartbeat = now + monitor_ns;
            }
            sleep_until(due < next_heartbeat ? due : next_heartbeat);
        }
        w->active = next_smartnic(w);
        w->generation++;
        w->changed_ns = now_ns(); /* taken just before the change is published */
        w->heartbeat_ns = w->changed_ns;
        publish(w, 1);
        next_heartbeat = w->heartbeat_ns + monitor_ns;
    }
}

int main(int argc, char **argv)
{
    static struct writer w;
    char line[64];
    unsigned long flips;
    unsigned long gap_us;
    unsigned smartnics = 0;
    int i;

    if (argc < 9 || argc - 8 > EXABOND_MAX_MEMBERS)
    {
        usage("need PAGE BOND MIIMON_MS ARP_INTERVAL_MS MONITOR_MS FLIPS GAP_US and 1 to 16 members");
    }
    w.bond = argv[2];
    if (strlen(w.bond) == 0 || strlen(w.bond) >= EXABOND_IFNAMSIZ)
    {
        usage("BOND must have 1 to 15 characters");
    }
    w.miimon_ms = (unsigned)parse_number(argv[3], "MIIMON_MS");
    w.arp_interval_ms = (unsigned)parse_number(argv[4], "ARP_INTERVAL_MS");
    w.monitor_ms = (unsigned)parse_number(argv[5], "MONITOR_MS");
    flips = parse_number(argv[6], "FLIPS");
    gap_us = parse_number(argv[7], "GAP_US");
    for (i = 8; i < argc; i++)
    {
        struct member_spec *m = &w.members[w.member_count++];
        char rest;
        if (sscanf(argv[i], "%15[^:]:%u:%u:%u:%u%c", m->ifname, &m->exanic_id, &m->exanic_port, &m->link_up,
            &m->primary, &rest) != 5 || m->exanic_id > 255 || m->exanic_port > 255)
        {
            usage("a MEMBER is IFNAME:ID:PORT:LINK_UP:PRIMARY with ID and PORT 0..255");
        }
        smartnics += is_smartnic(m) ? 1 : 0;
    }
    if (w.monitor_ms == 0 || !is_smartnic(&w.members[0]) || (flips > 0 && smartnics < 2))
    {
        usage("MONITOR_MS must be at least 1, member 0 a SmartNIC port, and flips need two SmartNIC members");
    }

    create_page(&w, argv[1]);
    if (flips > 0)
    {
        printf("ready\n");
        fflush(stdout);
        if (fgets(line, sizeof line, stdin) == NULL)
        {
            fprintf(stderr, "interop_writer: stdin closed before the go line\n");
            return 1;
        }
        flip(&w, flips, (int64_t)gap_us * 1000);
    }
    printf("done %llu\n", (unsigned long long)w.generation);
    return fflush(stdout) == 0 ? 0 : 1;
}
