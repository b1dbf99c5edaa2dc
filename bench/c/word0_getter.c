/*
 * A C getter of word 0 of an exabond page, for the downcall benchmark (Word0ReadBenchmark.downcall*):
 * what a Java program that kept its page access in C would call through the FFM Linker.
 * Built by bench/run: gcc -O2 -shared -fPIC -o bench/target/libword0getter.so bench/c/word0_getter.c
 */
#include <stdint.h>

/* One 32-bit acquire load of word 0, as the ABI asks of a reader (docs/ABI.md section 2). */
int32_t exabond_bench_word0_acquire(const int32_t *page)
{
    return __atomic_load_n(page, __ATOMIC_ACQUIRE);
}
