/*
 * exabond reference poller in C, the yardstick of `exabond profile --compare-c`.
 *
 * It does what io.exabond.poller.FailoverPoller does on its busy-spin path, with nothing in between: spins on
 * word 0 of an exabond page with 32-bit acquire loads (and a PAUSE between loads, as Agrona's BusySpinIdleStrategy
 * does through Thread.onSpinWait(); --no-pause drops it), takes clock_gettime(CLOCK_MONOTONIC) when the word
 * changes, calls the application's handler at once through a function pointer (as the Java poller calls its
 * listener through an interface), whose first act is a clock read, and only then reads the status block's first
 * line by one attempt of its seqlock (ABI.md section 3) for the generation and the publisher's changed_ns; a change
 * seen while the publisher writes is paired at the next poll or check, as in Java. Two latencies, both
 * CLOCK_MONOTONIC: handler entry - changed_ns (what the application experiences) and detection - changed_ns.
 *
 * Every 1024 polls it also checks the block's generation (A -> B -> A between two loads leaves word 0 unchanged)
 * and its deadline. Results are kept in memory and written when done, so the loop never calls stdio:
 *
 *   ready <generation>                     once synchronised with the page (flushed at once)
 *   seen <generation> <handler_latency_ns|-1> <missed_before> <detection_latency_ns|-1> <detection_to_handler_ns>
 *   missed <count> <generation>            failovers word 0 did not show
 *   end <seen> <missed> <timed_out>
 *
 * Usage: poller --page PATH --count N [--cpu C] [--timeout-s S] [--no-pause] [--out FILE]
 * It stops after N failovers, seen or missed, or at the deadline (exit 3); a seqlock still odd at the deadline, before
 * the first change, exits 4. Build: gcc -O2 -o poller poller.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 2048
#define MAGIC 0x53425845u
#define OFF_SEQ 8
#define OFF_GENERATION 16
#define OFF_CHANGED_NS 24
#define OFF_ACTIVE_RAW 40
#define CHECK_INTERVAL 1024
#define READ_TIMEOUT_NS 1000000LL

#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define cpu_relax() __asm__ __volatile__("yield" ::: "memory")
#else
#define cpu_relax() do { } while (0)
#endif

struct block
{
    uint64_t generation;
    int64_t changed_ns;
    uint32_t active_raw;
};

struct record
{
    char kind; /* 's' seen, 'm' missed */
    uint64_t generation;
    int64_t latency_ns;
    uint64_t missed;
    int64_t detection_ns;
    int64_t handoff_ns;
};

/* A change of word 0 as the handler is told of it. */
struct change
{
    uint32_t previous;
    uint32_t observed;
    int64_t detected;
    int64_t entered;
};

static const volatile uint8_t *page;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static uint32_t word0_acquire(void)
{
    return __atomic_load_n((const uint32_t *)page, __ATOMIC_ACQUIRE);
}

/* One seqlock read; 1 when consistent. */
static int try_read(struct block *into)
{
    const uint64_t *seq = (const uint64_t *)(page + BLOCK + OFF_SEQ);
    uint64_t s1 = __atomic_load_n(seq, __ATOMIC_ACQUIRE);
    if (s1 & 1)
    {
        return 0;
    }
    into->generation = *(const volatile uint64_t *)(page + BLOCK + OFF_GENERATION);
    into->changed_ns = *(const volatile int64_t *)(page + BLOCK + OFF_CHANGED_NS);
    into->active_raw = *(const volatile uint32_t *)(page + BLOCK + OFF_ACTIVE_RAW);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return s1 == __atomic_load_n(seq, __ATOMIC_ACQUIRE);
}

/* Retries torn copies for up to READ_TIMEOUT_NS; 1 when consistent. */
static int read_block(struct block *into)
{
    int64_t deadline = 0;
    for (int tries = 0; !try_read(into); tries++)
    {
        if (tries == 0)
        {
            deadline = now_ns() + READ_TIMEOUT_NS;
        }
        else if (now_ns() > deadline)
        {
            return 0;
        }
        cpu_relax();
    }
    return 1;
}

/* The application's handler: here it only notes when it was entered, which is what is timed. Called through a
   volatile pointer, so that the compiler cannot inline it into the loop (Java's listener is an interface call). */
static void on_failover(struct change *change)
{
    change->entered = now_ns();
}

static void (*volatile handler)(struct change *) = on_failover;

static void usage(const char *why)
{
    fprintf(stderr, "poller: %s\nusage: poller --page PATH --count N [--cpu C] [--timeout-s S] [--no-pause] "
        "[--out FILE]\n", why);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    const char *out_path = NULL;
    long long count = 0;
    int cpu = -1;
    long long timeout_s = 60;
    int pause = 1;
    for (int i = 1; i < argc; i++)
    {
        if (!strcmp(argv[i], "--page") && i + 1 < argc) path = argv[++i];
        else if (!strcmp(argv[i], "--count") && i + 1 < argc) count = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--cpu") && i + 1 < argc) cpu = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--timeout-s") && i + 1 < argc) timeout_s = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out_path = argv[++i];
        else if (!strcmp(argv[i], "--no-pause")) pause = 0;
        else usage("unknown or incomplete argument");
    }
    if (path == NULL || count < 1 || timeout_s < 1)
    {
        usage("need --page and --count >= 1");
    }
    if (cpu >= 0)
    {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0)
        {
            fprintf(stderr, "poller: cannot pin to CPU %d: %s\n", cpu, strerror(errno));
            return 1;
        }
    }
    long page_size = sysconf(_SC_PAGESIZE);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
    {
        fprintf(stderr, "poller: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    void *mapped = mmap(NULL, (size_t)page_size, PROT_READ, MAP_SHARED, fd, 0);
    if (mapped == MAP_FAILED)
    {
        fprintf(stderr, "poller: cannot map %s: %s\n", path, strerror(errno));
        return 1;
    }
    page = mapped;
    if (__atomic_load_n((const uint32_t *)(page + BLOCK), __ATOMIC_ACQUIRE) != MAGIC)
    {
        fprintf(stderr, "poller: %s has no status block: nothing to time against\n", path);
        return 1;
    }
    struct record *records = calloc((size_t)count, sizeof *records);
    if (records == NULL)
    {
        fprintf(stderr, "poller: out of memory for %lld records\n", count);
        return 1;
    }

    struct block block;
    uint32_t cached;
    uint64_t last_generation;
    const int64_t deadline = now_ns() + timeout_s * 1000000000LL;
    for (;;)
    {
        /* A writer paused mid-write (a safepoint of a Java publisher, a preempted thread) holds seq odd for a
           while: keep trying until the deadline, then say so with an exit of its own. */
        if (!read_block(&block))
        {
            if (now_ns() > deadline)
            {
                fprintf(stderr, "poller: the publisher looks stalled (seqlock left odd for %lld s)\n", timeout_s);
                return 4;
            }
            continue;
        }
        cached = word0_acquire();
        if (cached == block.active_raw)
        {
            last_generation = block.generation;
            break;
        }
        cpu_relax();
    }
    printf("ready %llu\n", (unsigned long long)last_generation);
    fflush(stdout);

    long long accounted = 0, n = 0, seen = 0, missed_total = 0;
    int until_check = CHECK_INTERVAL;
    int resync = 0;
    uint64_t reported_since = 0;
    int timed_out = 0;
    while (accounted < count)
    {
        uint32_t raw = word0_acquire();
        if (raw != cached)
        {
            struct change change = {cached, raw, now_ns(), 0};
            cached = raw;
            handler(&change);
            /* After the handler, as the Java poller does: the block's first line, once, never waited for. */
            if (try_read(&block) && block.active_raw == raw)
            {
                /* Not yet reported since the last generation known, this change included. */
                int64_t jump = (int64_t)(block.generation - last_generation - reported_since);
                if (jump < 1)
                {
                    jump = 1; /* never less than the change just seen */
                }
                last_generation = block.generation;
                resync = 0;
                reported_since = 0;
                /* Timed only when this is the one change since the last one known: after a jump, the word loaded
                   may belong to an earlier publication of the same slave than the block's changed_ns. */
                const int timed = jump == 1;
                records[n++] = (struct record){'s', block.generation, timed ? change.entered - block.changed_ns : -1,
                    (uint64_t)(jump - 1), timed ? change.detected - block.changed_ns : -1,
                    change.entered - change.detected};
                missed_total += (long long)(jump - 1);
                accounted += (long long)jump;
                seen++;
                until_check = CHECK_INTERVAL;
            }
            else
            {
                /* Seen while the publisher wrote, or the block is a change ahead: told, untimed, and paired at the
                   next poll or check, as in Java. */
                records[n++] = (struct record){'s', 0, -1, 0, -1, change.entered - change.detected};
                accounted++;
                seen++;
                resync = 1;
                reported_since++;
                until_check = 1;
            }
        }
        else if (--until_check == 0)
        {
            until_check = CHECK_INTERVAL;
            if (resync)
            {
                if (try_read(&block) && block.active_raw == cached && word0_acquire() == cached)
                {
                    const uint64_t unreported = block.generation - last_generation - reported_since;
                    last_generation = block.generation;
                    resync = 0;
                    reported_since = 0;
                    if (unreported > 0 && unreported < (1ULL << 62))
                    {
                        records[n++] = (struct record){'m', block.generation, -1, unreported, -1, 0};
                        missed_total += (long long)unreported;
                        accounted += (long long)unreported;
                    }
                }
            }
            else if (try_read(&block) && block.generation != last_generation && block.active_raw == cached &&
                word0_acquire() == cached)
            {
                const uint64_t jump = block.generation - last_generation;
                last_generation = block.generation;
                records[n++] = (struct record){'m', block.generation, -1, jump, -1, 0};
                missed_total += (long long)jump;
                accounted += (long long)jump;
            }
            if (now_ns() > deadline)
            {
                timed_out = 1;
                break;
            }
        }
        else if (pause)
        {
            cpu_relax();
        }
        if (n == count)
        {
            break;
        }
    }

    FILE *out = out_path != NULL ? fopen(out_path, "w") : stdout;
    if (out == NULL)
    {
        fprintf(stderr, "poller: cannot write %s: %s\n", out_path, strerror(errno));
        return 1;
    }
    for (long long i = 0; i < n; i++)
    {
        if (records[i].kind == 's')
        {
            fprintf(out, "seen %llu %lld %llu %lld %lld\n", (unsigned long long)records[i].generation,
                (long long)records[i].latency_ns, (unsigned long long)records[i].missed,
                (long long)records[i].detection_ns, (long long)records[i].handoff_ns);
        }
        else
        {
            fprintf(out, "missed %llu %llu\n", (unsigned long long)records[i].missed,
                (unsigned long long)records[i].generation);
        }
    }
    fprintf(out, "end %lld %lld %d\n", seen, missed_total, timed_out);
    fclose(out);
    munmap(mapped, (size_t)page_size);
    close(fd);
    return timed_out ? 3 : 0;
}
