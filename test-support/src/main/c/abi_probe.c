/*
 * abi_probe.c - prints what the C compiler makes of native-headers/exasock-bonding.h and of the libc
 * constants that io.exabond.internal.LibC and Errno hard-code, one "name value" line each.
 *
 * Run by io.exabond.abi.AbiConformanceTest, which compares every line with the jextract bindings, with
 * io.exabond.page.PageLayout, with the tables of docs/ABI.md and with LibC. Names:
 *   sizeof.<type> N                     sizeof of a struct or union
 *   offsetof.<type>.<field> N           offsetof of a field
 *   fieldsize.<type>.<field> N          sizeof of a field
 *   signed.<type>.<field> 0|1           for scalar fields: whether the type is signed
 *   const.<MACRO> value                 every EXABOND_* macro of the header (numbers in decimal)
 *   libc.<NAME> N                       libc constants and struct stat offsets
 *   errno.<NAME> N                      errno values
 *   example.grpinfo.<field> N           word 0 built through the union's fields, and its raw value
 */
#define _DEFAULT_SOURCE 1
/* MREMAP_MAYMOVE and MREMAP_FIXED are GNU extensions of <sys/mman.h>. */
#define _GNU_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exasock-bonding.h"

static void number(const char *kind, const char *name, long long value)
{
    printf("%s.%s %lld\n", kind, name, value);
}

static void field(const char *type, const char *name, size_t offset, size_t size)
{
    printf("offsetof.%s.%s %lu\n", type, name, (unsigned long)offset);
    printf("fieldsize.%s.%s %lu\n", type, name, (unsigned long)size);
}

static void sign(const char *type, const char *name, int isSigned)
{
    printf("signed.%s.%s %d\n", type, name, isSigned);
}

/* KIND is struct or union, TYPE its tag. The member access is never evaluated (sizeof, offsetof, __typeof__). */
#define SIZEOF(KIND, TYPE) number("sizeof", #TYPE, (long long)sizeof(KIND TYPE))
#define FIELD(KIND, TYPE, NAME) field(#TYPE, #NAME, offsetof(KIND TYPE, NAME), sizeof(((KIND TYPE *)0)->NAME))
/* A scalar field: also whether its type is signed ((T)-1 is positive only for an unsigned T). */
#define SCALAR(KIND, TYPE, NAME) \
    FIELD(KIND, TYPE, NAME); \
    sign(#TYPE, #NAME, !((__typeof__(((KIND TYPE *)0)->NAME))-1 > 0))
#define CONSTANT(NAME) number("const", #NAME, (long long)(NAME))
#define TEXT(NAME) printf("const.%s %s\n", #NAME, NAME)
#define LIBC(NAME) number("libc", #NAME, (long long)(NAME))
#define ERRNO(NAME) number("errno", #NAME, (long long)(NAME))

int main(void)
{
    union exabond_grpinfo example;

    SIZEOF(union, exabond_grpinfo);
    SCALAR(union, exabond_grpinfo, raw);
    FIELD(union, exabond_grpinfo, fields);

    SIZEOF(struct, exabond_grpinfo_fields);
    SCALAR(struct, exabond_grpinfo_fields, flags);
    SCALAR(struct, exabond_grpinfo_fields, exanic_id);
    SCALAR(struct, exabond_grpinfo_fields, exanic_port);

    SIZEOF(struct, exabond_member);
    FIELD(struct, exabond_member, ifname);
    SCALAR(struct, exabond_member, exanic_id);
    SCALAR(struct, exabond_member, exanic_port);
    SCALAR(struct, exabond_member, link_up);
    SCALAR(struct, exabond_member, flags);
    FIELD(struct, exabond_member, reserved);

    SIZEOF(struct, exabond_status_block);
    SCALAR(struct, exabond_status_block, magic);
    SCALAR(struct, exabond_status_block, version);
    SCALAR(struct, exabond_status_block, block_size);
    SCALAR(struct, exabond_status_block, seq);
    SCALAR(struct, exabond_status_block, generation);
    SCALAR(struct, exabond_status_block, changed_ns);
    SCALAR(struct, exabond_status_block, heartbeat_ns);
    SCALAR(struct, exabond_status_block, active_raw);
    SCALAR(struct, exabond_status_block, monitor_interval_ms);
    SCALAR(struct, exabond_status_block, miimon_ms);
    SCALAR(struct, exabond_status_block, arp_interval_ms);
    SCALAR(struct, exabond_status_block, member_count);
    FIELD(struct, exabond_status_block, reserved);
    FIELD(struct, exabond_status_block, bond_name);
    FIELD(struct, exabond_status_block, members);

    /* Distinct id and port, so that a swap or a wrong shift shows in raw. */
    example.raw = 0;
    example.fields.flags = EXABOND_GRPINFO_FLAG_ACTIVE;
    example.fields.exanic_id = 0x12;
    example.fields.exanic_port = 0x34;
    number("example", "grpinfo.flags", example.fields.flags);
    number("example", "grpinfo.exanic_id", example.fields.exanic_id);
    number("example", "grpinfo.exanic_port", example.fields.exanic_port);
    number("example", "grpinfo.raw", example.raw);
    /* Each field all ones and the others zero: where raw holds it, and how wide. */
    example.raw = 0;
    example.fields.flags = (uint16_t)~0u;
    number("rawbits", "grpinfo.flags", example.raw);
    example.raw = 0;
    example.fields.exanic_id = (uint8_t)~0u;
    number("rawbits", "grpinfo.exanic_id", example.raw);
    example.raw = 0;
    example.fields.exanic_port = (uint8_t)~0u;
    number("rawbits", "grpinfo.exanic_port", example.raw);

    TEXT(EXABOND_DEVICE_PREFIX);
    TEXT(EXABOND_MASTERS_PATH);
    CONSTANT(EXABOND_IFNAMSIZ);
    CONSTANT(EXABOND_GRPINFO_FLAG_ACTIVE);
    CONSTANT(EXABOND_GRPINFO_OFFSET);
    CONSTANT(EXABOND_GRPINFO_SIZE);
    CONSTANT(EXABOND_STATUS_BLOCK_OFFSET);
    CONSTANT(EXABOND_STATUS_MAGIC);
    CONSTANT(EXABOND_STATUS_VERSION);
    CONSTANT(EXABOND_STATUS_BLOCK_SIZE);
    CONSTANT(EXABOND_MAX_MEMBERS);
    CONSTANT(EXABOND_MEMBER_SIZE);
    CONSTANT(EXABOND_EXANIC_NONE);
    CONSTANT(EXABOND_MEMBER_FLAG_ACTIVE);
    CONSTANT(EXABOND_MEMBER_FLAG_PRIMARY);

    LIBC(O_RDONLY);
    LIBC(O_RDWR);
    LIBC(O_NONBLOCK);
    LIBC(O_CLOEXEC);
    LIBC(PROT_READ);
    LIBC(PROT_WRITE);
    LIBC(MAP_SHARED);
    LIBC(MAP_PRIVATE);
    LIBC(MAP_ANONYMOUS);
    LIBC(MREMAP_MAYMOVE);
    LIBC(MREMAP_FIXED);
    LIBC(_SC_PAGESIZE);
    number("libc", "MAP_FAILED", (long long)(intptr_t)MAP_FAILED);
    LIBC(LOCK_EX);
    LIBC(LOCK_NB);
    LIBC(S_IFMT);
    LIBC(S_IFREG);
    LIBC(S_IFDIR);
    LIBC(S_IFCHR);
    LIBC(S_IFBLK);
    LIBC(S_IFIFO);
    LIBC(S_IFSOCK);
    number("libc", "sizeof_stat", (long long)sizeof(struct stat));
    number("libc", "offsetof_stat_st_mode", (long long)offsetof(struct stat, st_mode));
    number("libc", "offsetof_stat_st_size", (long long)offsetof(struct stat, st_size));
    number("libc", "offsetof_stat_st_dev", (long long)offsetof(struct stat, st_dev));
    number("libc", "offsetof_stat_st_ino", (long long)offsetof(struct stat, st_ino));
    number("libc", "offsetof_stat_st_rdev", (long long)offsetof(struct stat, st_rdev));
    number("libc", "sysconf_SC_PAGESIZE", (long long)sysconf(_SC_PAGESIZE));

    ERRNO(EPERM);
    ERRNO(ENOENT);
    ERRNO(ENXIO);
    ERRNO(EBADF);
    ERRNO(EAGAIN);
    ERRNO(ENOMEM);
    ERRNO(EACCES);
    ERRNO(EBUSY);
    ERRNO(ENODEV);
    ERRNO(ENOTDIR);
    ERRNO(EISDIR);
    ERRNO(EINVAL);
    ERRNO(ENFILE);
    ERRNO(EMFILE);
    ERRNO(ETXTBSY);
    ERRNO(EROFS);
    ERRNO(ENOMSG);
    ERRNO(ENOSTR);
    ERRNO(ELOOP);
    ERRNO(ENAMETOOLONG);
    ERRNO(EOVERFLOW);

    return fflush(stdout) == 0 ? 0 : 1;
}
