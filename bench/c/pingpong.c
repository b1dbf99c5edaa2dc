/*
 * The C side of the ping-pong of bench/ (PingPongMain drives it): the notice time of a change of word 0 of an
 * exabond page, in C, with the same protocol as the Java side, on the same kind of page.
 *
 * Protocol (both languages): the pinger stores 1, 2, 3, ... into word 0 (offset 0) with release ordering; the
 * ponger spins on word 0 with acquire loads and, when it differs from the last value it answered, stores it into
 * the answer word (offset ANSWER_OFFSET, another cache line, outside the status block) with release ordering; the
 * pinger spins on the answer word until it equals what it stored. The round trip is timed by the pinger with
 * CLOCK_MONOTONIC (the clock of Java's System.nanoTime()); one-way = RTT / 2. STOP in word 0 ends the ponger.
 *
 *   pingpong threads PAGE EXCHANGES WARMUP SAMPLES [PING_CPU PONG_CPU]   both sides, two threads of this process
 *   pingpong ping PAGE EXCHANGES WARMUP SAMPLES [CPU]                    the pinger, against a ponger elsewhere
 *   pingpong pong PAGE [CPU]                                             the ponger, until STOP
 *
 * SAMPLES receives the measured round trips (after WARMUP unmeasured ones) as little-endian int64 nanoseconds.
 * CPU -1 leaves a thread unpinned. Every wait is bounded: the first answer within START_TIMEOUT, later ones within
 * EXCHANGE_TIMEOUT, a silent pinger ends the ponger after IDLE_TIMEOUT; a timeout exits with status 3.
 * Built by bench/run: gcc -O2 -pthread -o bench/target/pingpong bench/c/pingpong.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define ANSWER_OFFSET 1024
#define STOP ((int32_t)-1)
#define START_TIMEOUT_NS (120LL * 1000000000LL)
#define EXCHANGE_TIMEOUT_NS (10LL * 1000000000LL)
#define IDLE_TIMEOUT_NS (300LL * 1000000000LL)
#define SPINS_PER_CLOCK_CHECK 4096

struct side
{
    volatile int32_t *word0;
    volatile int32_t *answer;
    long exchanges;
    long warmup;
    int64_t *samples;
    int cpu;
    int status;
};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void pin(int cpu)
{
    if (cpu < 0)
    {
        return;
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set) != 0)
    {
        fprintf(stderr, "pingpong: cannot pin to CPU %d: %s\n", cpu, strerror(errno));
    }
}

static void *ping(void *arg)
{
    struct side *s = arg;
    pin(s->cpu);
    const long total = s->warmup + s->exchanges;
    for (long i = 1; i <= total; i++)
    {
        const int32_t value = (int32_t)i;
        const int64_t start = now_ns();
        __atomic_store_n(s->word0, value, __ATOMIC_RELEASE);
        const int64_t limit = start + (i == 1 ? START_TIMEOUT_NS : EXCHANGE_TIMEOUT_NS);
        long spins = 0;
        while (__atomic_load_n(s->answer, __ATOMIC_ACQUIRE) != value)
        {
            __builtin_ia32_pause();
            if (++spins == SPINS_PER_CLOCK_CHECK)
            {
                spins = 0;
                if (now_ns() > limit)
                {
                    fprintf(stderr, "pingpong: no answer to exchange %ld in time\n", i);
                    s->status = 3;
                    __atomic_store_n(s->word0, STOP, __ATOMIC_RELEASE);
                    return NULL;
                }
            }
        }
        const int64_t end = now_ns();
        if (i > s->warmup)
        {
            s->samples[i - s->warmup - 1] = end - start;
        }
    }
    __atomic_store_n(s->word0, STOP, __ATOMIC_RELEASE);
    s->status = 0;
    return NULL;
}

static void *pong(void *arg)
{
    struct side *s = arg;
    pin(s->cpu);
    int32_t last = __atomic_load_n(s->answer, __ATOMIC_ACQUIRE);
    int64_t limit = now_ns() + IDLE_TIMEOUT_NS;
    long spins = 0;
    for (;;)
    {
        const int32_t value = __atomic_load_n(s->word0, __ATOMIC_ACQUIRE);
        if (value != last)
        {
            if (value == STOP)
            {
                s->status = 0;
                return NULL;
            }
            __atomic_store_n(s->answer, value, __ATOMIC_RELEASE);
            last = value;
            continue;
        }
        __builtin_ia32_pause();
        if (++spins == SPINS_PER_CLOCK_CHECK * 64)
        {
            spins = 0;
            if (now_ns() > limit)
            {
                fprintf(stderr, "pingpong: the pinger went silent\n");
                s->status = 3;
                return NULL;
            }
        }
    }
}

static void *map_page(const char *path)
{
    const int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
    {
        fprintf(stderr, "pingpong: cannot open %s: %s\n", path, strerror(errno));
        exit(1);
    }
    const long size = sysconf(_SC_PAGESIZE);
    void *page = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (page == MAP_FAILED)
    {
        fprintf(stderr, "pingpong: cannot map %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return page;
}

static int write_samples(const char *path, const int64_t *samples, long count)
{
    FILE *out = fopen(path, "wb");
    if (out == NULL || fwrite(samples, sizeof(int64_t), (size_t)count, out) != (size_t)count || fclose(out) != 0)
    {
        fprintf(stderr, "pingpong: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

static long parse_long(const char *text, const char *what)
{
    char *end;
    errno = 0;
    const long value = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || value < 0)
    {
        fprintf(stderr, "pingpong: %s must be a number >= 0, not '%s'\n", what, text);
        exit(2);
    }
    return value;
}

static int usage(void)
{
    fprintf(stderr, "usage: pingpong threads PAGE EXCHANGES WARMUP SAMPLES [PING_CPU PONG_CPU]\n"
                    "       pingpong ping PAGE EXCHANGES WARMUP SAMPLES [CPU]\n"
                    "       pingpong pong PAGE [CPU]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3)
    {
        return usage();
    }
    const char *mode = argv[1];
    char *page = map_page(argv[2]);
    struct side s = {
        .word0 = (volatile int32_t *)page,
        .answer = (volatile int32_t *)(page + ANSWER_OFFSET),
        .cpu = -1,
        .status = 1,
    };

    if (strcmp(mode, "pong") == 0)
    {
        if (argc > 3)
        {
            s.cpu = atoi(argv[3]);
        }
        pong(&s);
        return s.status;
    }
    if ((strcmp(mode, "ping") != 0 && strcmp(mode, "threads") != 0) || argc < 6)
    {
        return usage();
    }
    s.exchanges = parse_long(argv[3], "EXCHANGES");
    s.warmup = parse_long(argv[4], "WARMUP");
    s.samples = calloc((size_t)(s.exchanges > 0 ? s.exchanges : 1), sizeof(int64_t));
    if (s.samples == NULL)
    {
        fprintf(stderr, "pingpong: out of memory\n");
        return 1;
    }
    if (strcmp(mode, "ping") == 0)
    {
        if (argc > 6)
        {
            s.cpu = atoi(argv[6]);
        }
        ping(&s);
    }
    else
    {
        struct side ponger = s;
        if (argc > 7)
        {
            s.cpu = atoi(argv[6]);
            ponger.cpu = atoi(argv[7]);
        }
        pthread_t thread;
        if (pthread_create(&thread, NULL, pong, &ponger) != 0)
        {
            fprintf(stderr, "pingpong: cannot start the ponger thread\n");
            return 1;
        }
        ping(&s);
        pthread_join(thread, NULL);
        if (s.status == 0 && ponger.status != 0)
        {
            s.status = ponger.status;
        }
    }
    if (s.status == 0 && write_samples(argv[5], s.samples, s.exchanges) != 0)
    {
        return 1;
    }
    return s.status;
}
