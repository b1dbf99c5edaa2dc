package io.exabond.abi;

import io.exabond.generated.ExasockBonding;
import io.exabond.generated.exabond_grpinfo;
import io.exabond.generated.exabond_grpinfo_fields;
import io.exabond.generated.exabond_member;
import io.exabond.generated.exabond_status_block;
import io.exabond.internal.Errno;
import io.exabond.internal.LibC;
import io.exabond.page.BondPage;
import io.exabond.page.GroupInfo;
import io.exabond.page.PageLayout;
import io.exabond.testing.Gcc;
import io.exabond.testing.AbiDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binary contract cannot drift: {@code native-headers/exasock-bonding.h} as gcc compiles it (the probe
 * {@code src/test/c/abi_probe.c}), the jextract bindings generated from it, {@link PageLayout}, and the tables of
 * {@code docs/ABI.md} must all give every size, offset and constant the same value, and the libc constants that
 * {@link LibC} and {@link Errno} hard-code must be those of the C headers of this machine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AbiConformanceTest
{
    private static final String GRPINFO = "exabond_grpinfo";

    private static final Map<String, GroupLayout> GENERATED_LAYOUTS = Map.of(
        GRPINFO, exabond_grpinfo.layout(),
        AbiDocument.GRPINFO_FIELDS, exabond_grpinfo_fields.layout(),
        AbiDocument.MEMBER, exabond_member.layout(),
        AbiDocument.STATUS_BLOCK, exabond_status_block.layout());

    private static final Map<String, Long> GENERATED_SIZEOF = Map.of(
        GRPINFO, exabond_grpinfo.sizeof(),
        AbiDocument.GRPINFO_FIELDS, exabond_grpinfo_fields.sizeof(),
        AbiDocument.MEMBER, exabond_member.sizeof(),
        AbiDocument.STATUS_BLOCK, exabond_status_block.sizeof());

    private static final Map<String, Class<?>> GENERATED_CLASSES = Map.of(
        GRPINFO, exabond_grpinfo.class,
        AbiDocument.GRPINFO_FIELDS, exabond_grpinfo_fields.class,
        AbiDocument.MEMBER, exabond_member.class,
        AbiDocument.STATUS_BLOCK, exabond_status_block.class);

    /**
     * Names of the PageLayout fields that the maps below read: a public field of PageLayout that no check reads
     * fails {@link #shouldCheckEveryPublicFieldOfPageLayout()}. Declared first: the maps fill it as they are built.
     */
    private static final Set<String> CHECKED_FIELDS = new TreeSet<>();

    /** PageLayout's shift and mask of each field of word 0 in its raw value. */
    private static final Map<String, List<Integer>> WORD0_SHIFTS_AND_MASKS = Map.of(
        "flags", List.of(layoutInt("GRPINFO_FLAGS_SHIFT"), layoutInt("GRPINFO_FLAGS_MASK")),
        "exanic_id", List.of(layoutInt("GRPINFO_EXANIC_ID_SHIFT"), layoutInt("GRPINFO_EXANIC_ID_MASK")),
        "exanic_port", List.of(layoutInt("GRPINFO_EXANIC_PORT_SHIFT"), layoutInt("GRPINFO_EXANIC_PORT_MASK")));

    /** PageLayout's offset of every struct field; the union's two members overlay each other at 0 by definition. */
    private static final Map<String, Integer> PAGE_LAYOUT_OFFSETS = Map.ofEntries(
        entry("exabond_grpinfo_fields.flags", layoutInt("GRPINFO_FLAGS_OFFSET")),
        entry("exabond_grpinfo_fields.exanic_id", layoutInt("GRPINFO_EXANIC_ID_OFFSET")),
        entry("exabond_grpinfo_fields.exanic_port", layoutInt("GRPINFO_EXANIC_PORT_OFFSET")),
        entry("exabond_status_block.magic", layoutInt("MAGIC_OFFSET")),
        entry("exabond_status_block.version", layoutInt("VERSION_OFFSET")),
        entry("exabond_status_block.block_size", layoutInt("BLOCK_SIZE_OFFSET")),
        entry("exabond_status_block.seq", layoutInt("SEQ_OFFSET")),
        entry("exabond_status_block.generation", layoutInt("GENERATION_OFFSET")),
        entry("exabond_status_block.changed_ns", layoutInt("CHANGED_NS_OFFSET")),
        entry("exabond_status_block.heartbeat_ns", layoutInt("HEARTBEAT_NS_OFFSET")),
        entry("exabond_status_block.active_raw", layoutInt("ACTIVE_RAW_OFFSET")),
        entry("exabond_status_block.monitor_interval_ms", layoutInt("MONITOR_INTERVAL_MS_OFFSET")),
        entry("exabond_status_block.miimon_ms", layoutInt("MIIMON_MS_OFFSET")),
        entry("exabond_status_block.arp_interval_ms", layoutInt("ARP_INTERVAL_MS_OFFSET")),
        entry("exabond_status_block.member_count", layoutInt("MEMBER_COUNT_OFFSET")),
        entry("exabond_status_block.reserved", layoutInt("BLOCK_RESERVED_OFFSET")),
        entry("exabond_status_block.bond_name", layoutInt("BOND_NAME_OFFSET")),
        entry("exabond_status_block.members", layoutInt("MEMBERS_OFFSET")),
        entry("exabond_member.ifname", layoutInt("MEMBER_IFNAME_OFFSET")),
        entry("exabond_member.exanic_id", layoutInt("MEMBER_EXANIC_ID_OFFSET")),
        entry("exabond_member.exanic_port", layoutInt("MEMBER_EXANIC_PORT_OFFSET")),
        entry("exabond_member.link_up", layoutInt("MEMBER_LINK_UP_OFFSET")),
        entry("exabond_member.flags", layoutInt("MEMBER_FLAGS_OFFSET")),
        entry("exabond_member.reserved", layoutInt("MEMBER_RESERVED_OFFSET")));

    /** The sizes PageLayout states: every struct, and the fields it gives a size of. */
    private static final Map<String, Integer> PAGE_LAYOUT_SIZES = Map.ofEntries(
        entry(GRPINFO, layoutInt("GRPINFO_SIZE")),
        entry(AbiDocument.GRPINFO_FIELDS, layoutInt("GRPINFO_SIZE")),
        entry(AbiDocument.MEMBER, layoutInt("MEMBER_SIZE")),
        entry(AbiDocument.STATUS_BLOCK, layoutInt("STATUS_BLOCK_SIZE")),
        entry("exabond_grpinfo_fields.flags", layoutInt("GRPINFO_FLAGS_SIZE")),
        entry("exabond_grpinfo_fields.exanic_id", layoutInt("GRPINFO_EXANIC_ID_SIZE")),
        entry("exabond_grpinfo_fields.exanic_port", layoutInt("GRPINFO_EXANIC_PORT_SIZE")),
        entry("exabond_member.ifname", layoutInt("IFNAMSIZ")),
        entry("exabond_member.reserved", layoutInt("MEMBER_RESERVED_SIZE")),
        entry("exabond_status_block.reserved", layoutInt("BLOCK_RESERVED_SIZE")),
        entry("exabond_status_block.bond_name", layoutInt("IFNAMSIZ")),
        entry("exabond_status_block.members", layoutInt("MAX_MEMBERS") * layoutInt("MEMBER_SIZE")));

    /** PageLayout's value of each header macro. */
    private static final Map<String, Object> PAGE_LAYOUT_CONSTANTS = Map.ofEntries(
        entry("EXABOND_DEVICE_PREFIX",
            BondPage.DEFAULT_DEV_DIR.resolve((String)layoutField("DEVICE_PREFIX")).toString()),
        entry("EXABOND_IFNAMSIZ", layoutInt("IFNAMSIZ")),
        entry("EXABOND_GRPINFO_FLAG_ACTIVE", layoutInt("GRPINFO_FLAG_ACTIVE")),
        entry("EXABOND_GRPINFO_OFFSET", layoutInt("GRPINFO_OFFSET")),
        entry("EXABOND_GRPINFO_SIZE", layoutInt("GRPINFO_SIZE")),
        entry("EXABOND_STATUS_BLOCK_OFFSET", layoutInt("STATUS_BLOCK_OFFSET")),
        entry("EXABOND_STATUS_MAGIC", Integer.toUnsignedLong(layoutInt("STATUS_MAGIC"))),
        entry("EXABOND_STATUS_VERSION", layoutInt("STATUS_VERSION")),
        entry("EXABOND_STATUS_BLOCK_SIZE", layoutInt("STATUS_BLOCK_SIZE")),
        entry("EXABOND_MAX_MEMBERS", layoutInt("MAX_MEMBERS")),
        entry("EXABOND_MEMBER_SIZE", layoutInt("MEMBER_SIZE")),
        entry("EXABOND_EXANIC_NONE", layoutInt("EXANIC_NONE")),
        entry("EXABOND_MEMBER_FLAG_ACTIVE", layoutInt("MEMBER_FLAG_ACTIVE")),
        entry("EXABOND_MEMBER_FLAG_PRIMARY", layoutInt("MEMBER_FLAG_PRIMARY")));

    /** PageLayout's smallest page: where the block ends. */
    private static final int MIN_PAGE_SIZE = layoutInt("MIN_PAGE_SIZE");

    /**
     * PageLayout's VarHandles, each with the field it accesses and the header macro of its struct's offset in the
     * page (the handle's base coordinate).
     */
    private static final Map<String, List<String>> PAGE_LAYOUT_HANDLES = Map.of(
        "GRPINFO_RAW_HANDLE", List.of("exabond_grpinfo.raw", "EXABOND_GRPINFO_OFFSET"),
        "MAGIC_HANDLE", List.of("exabond_status_block.magic", "EXABOND_STATUS_BLOCK_OFFSET"),
        "SEQ_HANDLE", List.of("exabond_status_block.seq", "EXABOND_STATUS_BLOCK_OFFSET"),
        "GENERATION_HANDLE", List.of("exabond_status_block.generation", "EXABOND_STATUS_BLOCK_OFFSET"));

    /** Header macros that PageLayout has no use for: the Java code never opens the sysfs file by this name. */
    private static final Set<String> NOT_IN_PAGE_LAYOUT = Set.of("EXABOND_MASTERS_PATH");

    /** LibC fields whose C name differs from theirs; the rest are named as in C. */
    private static final Map<String, String> LIBC_C_NAMES = Map.of(
        "SC_PAGESIZE", "_SC_PAGESIZE",
        "STAT_MODE_OFFSET", "offsetof_stat_st_mode",
        "STAT_DEV_OFFSET", "offsetof_stat_st_dev",
        "STAT_INO_OFFSET", "offsetof_stat_st_ino",
        "STAT_SIZE_OFFSET", "offsetof_stat_st_size",
        "STAT_RDEV_OFFSET", "offsetof_stat_st_rdev");

    private static Map<String, String> probe;

    @TempDir
    Path temp;

    @Test
    void shouldCompileHeaderAloneAsStrictC99AndC11WithoutPadding()
    {
        for (final String standard : List.of("-std=c99", "-std=c11"))
        {
            final Gcc.Result result = Gcc.gcc(List.of(standard, "-Wall", "-Wextra", "-Werror", "-pedantic",
                "-Wpadded", "-fsyntax-only", "-x", "c", Gcc.header().toString()));
            assertEquals(0, result.exitCode(), () -> "the header does not compile alone with " + standard +
                " -pedantic -Werror -Wpadded:\n" + result.stderr());
        }
    }

    @Test
    void shouldRefuseToCompileHeaderWhoseBlockNoLongerHasTheContractSize() throws IOException
    {
        final String header = Files.readString(Gcc.header(), StandardCharsets.US_ASCII);
        final String field = "uint8_t  member_count;";
        assertTrue(header.contains(field), "the header no longer declares '" + field + "': update this test");
        final Path drifted = temp.resolve("exasock-bonding.h");
        Files.writeString(drifted, header.replace(field, "uint16_t member_count;"), StandardCharsets.US_ASCII);

        for (final String standard : List.of("-std=c99", "-std=c11"))
        {
            final Gcc.Result result = Gcc.gcc(List.of(
                standard, "-Wall", "-Wextra", "-pedantic", "-fsyntax-only", "-x", "c", drifted.toString()));
            assertNotEquals(0, result.exitCode(), () -> "a 600-byte block compiled with " + standard +
                ": the header's size checks do not bite");
            assertTrue(result.stderr().contains("exabond_check_block_size") || result.stderr().contains("592"),
                () -> "gcc failed for another reason than the block size check:\n" + result.stderr());
        }
    }

    @Test
    void shouldMatchGeneratedLayoutsWithCompiledHeader() throws ReflectiveOperationException
    {
        final Map<String, String> c = probe();
        for (final Map.Entry<String, GroupLayout> struct : GENERATED_LAYOUTS.entrySet())
        {
            final String name = struct.getKey();
            final GroupLayout layout = struct.getValue();
            assertEquals(name, layout.name().orElseThrow(), "generated layout name");
            assertEquals(number(c, "sizeof." + name), layout.byteSize(), "sizeof " + name + " in " + layout);
            assertEquals(number(c, "sizeof." + name), GENERATED_SIZEOF.get(name), name + ".sizeof()");
            assertEquals(probeFields(c, name), generatedFields(name), "fields of " + name + ": C vs generated");
            for (final MemoryLayout member : layout.memberLayouts())
            {
                final String field = member.name().orElseThrow();
                final String key = name + "." + field;
                final long offset = layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
                assertEquals(number(c, "offsetof." + key), offset, "offsetof " + key + ": C vs generated layout");
                assertEquals(number(c, "fieldsize." + key), member.byteSize(), "sizeof " + key + ": C vs generated");
                final Object accessor = GENERATED_CLASSES.get(name).getMethod(field + "$offset").invoke(null);
                assertEquals(number(c, "offsetof." + key), accessor, name + "." + field + "$offset()");
            }
        }
    }

    @Test
    void shouldMatchGeneratedConstantsWithCompiledHeader() throws ReflectiveOperationException
    {
        final Map<String, String> constants = probeConstants();
        assertEquals(headerMacros(), constants.keySet(), "EXABOND_* macros of the header vs lines of abi_probe.c: " +
            "print every macro in the probe");
        for (final Map.Entry<String, String> constant : constants.entrySet())
        {
            final Object generated = ExasockBonding.class.getMethod(constant.getKey()).invoke(null);
            final String value = generated instanceof MemorySegment text ? text.getString(0) :
                Long.toString(((Number)generated).longValue());
            assertEquals(constant.getValue(), value, "ExasockBonding." + constant.getKey() + "()");
        }
    }

    @Test
    void shouldMatchPageLayoutWithCompiledHeader()
    {
        final Map<String, String> c = probe();
        final Set<String> structFields = new TreeSet<>();
        for (final String struct : GENERATED_LAYOUTS.keySet())
        {
            if (!struct.equals(GRPINFO))
            {
                probeFields(c, struct).forEach(field -> structFields.add(struct + "." + field));
            }
        }
        assertEquals(structFields, new TreeSet<>(PAGE_LAYOUT_OFFSETS.keySet()), "fields with a PageLayout offset");
        PAGE_LAYOUT_OFFSETS.forEach((key, offset) ->
            assertEquals(number(c, "offsetof." + key), (long)offset, "PageLayout offset of " + key));
        PAGE_LAYOUT_SIZES.forEach((key, size) ->
            assertEquals(number(c, (key.contains(".") ? "fieldsize." : "sizeof.") + key), (long)size,
                "PageLayout size of " + key));
        assertEquals(number(c, "const.EXABOND_STATUS_BLOCK_OFFSET") + number(c, "sizeof." + AbiDocument.STATUS_BLOCK),
            MIN_PAGE_SIZE, "PageLayout.MIN_PAGE_SIZE");

        final Map<String, String> constants = probeConstants();
        assertEquals(constants.keySet(), union(PAGE_LAYOUT_CONSTANTS.keySet(), NOT_IN_PAGE_LAYOUT),
            "header macros vs PageLayout's constants");
        PAGE_LAYOUT_CONSTANTS.forEach((macro, value) ->
            assertEquals(constants.get(macro), value.toString(), "PageLayout's " + macro));
    }

    @Test
    void shouldAccessSeqlockFieldsThroughPageLayoutHandlesAtTheCompiledOffsets()
    {
        final Map<String, String> c = probe();
        for (final Map.Entry<String, List<String>> handle : PAGE_LAYOUT_HANDLES.entrySet())
        {
            final String name = "PageLayout." + handle.getKey();
            final String key = handle.getValue().get(0);
            final long base = number(c, "const." + handle.getValue().get(1));
            final long at = base + number(c, "offsetof." + key);
            final long size = number(c, "fieldsize." + key);
            final VarHandle varHandle = ((VarHandle)layoutField(handle.getKey())).withInvokeBehavior();
            assertEquals(List.of(MemorySegment.class, long.class), varHandle.coordinateTypes(), name + " coordinates");
            assertEquals(size == Long.BYTES ? long.class : int.class, varHandle.varType(), name + " type vs C's " +
                size + "-byte " + key);

            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment page = arena.allocate(MIN_PAGE_SIZE, Long.BYTES);
                final long value = 0x0102030405060708L;
                final long written = size == Long.BYTES ? value : (int)value;
                if (size == Long.BYTES)
                {
                    page.set(ValueLayout.JAVA_LONG, at, value);
                }
                else
                {
                    page.set(ValueLayout.JAVA_INT, at, (int)value);
                }
                assertEquals(written, ((Number)varHandle.getAcquire(page, base)).longValue(),
                    name + ".getAcquire(page, " + base + ") does not read " + key + " at page offset " + at);

                page.fill((byte)0);
                if (size == Long.BYTES)
                {
                    varHandle.setRelease(page, base, value);
                }
                else
                {
                    varHandle.setRelease(page, base, (int)value);
                }
                final long stored = size == Long.BYTES ? page.get(ValueLayout.JAVA_LONG, at) :
                    page.get(ValueLayout.JAVA_INT, at);
                assertEquals(written, stored, name + ".setRelease(page, " + base + ") does not write " + key +
                    " at page offset " + at);
            }
        }
    }

    @Test
    void shouldCheckEveryPublicFieldOfPageLayout()
    {
        final Set<String> publicFields = new TreeSet<>();
        for (final Field field : PageLayout.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()))
            {
                publicFields.add(field.getName());
            }
        }
        assertEquals(publicFields, union(CHECKED_FIELDS, PAGE_LAYOUT_HANDLES.keySet()),
            "public fields of PageLayout vs those this test checks against the compiled header: a new field needs a " +
            "line in PAGE_LAYOUT_OFFSETS, PAGE_LAYOUT_SIZES, PAGE_LAYOUT_CONSTANTS or PAGE_LAYOUT_HANDLES");
    }

    @Test
    void shouldEncodeWord0AsTheCompilerLaysOutTheUnion()
    {
        final Map<String, String> c = probe();
        final int id = (int)number(c, "example.grpinfo.exanic_id");
        final int port = (int)number(c, "example.grpinfo.exanic_port");
        final int raw = (int)number(c, "example.grpinfo.raw");
        assertEquals(PageLayout.GRPINFO_FLAG_ACTIVE, number(c, "example.grpinfo.flags"));
        assertNotEquals(id, port, "the probe must use distinct id and port so that a swap shows");

        assertEquals(raw, PageLayout.GRPINFO_FLAG_ACTIVE << PageLayout.GRPINFO_FLAGS_SHIFT |
            id << PageLayout.GRPINFO_EXANIC_ID_SHIFT | port << PageLayout.GRPINFO_EXANIC_PORT_SHIFT,
            "PageLayout's shifts vs the C union");
        assertTrue(GroupInfo.isActive(raw));
        assertEquals(id, GroupInfo.exanicId(raw));
        assertEquals(port, GroupInfo.exanicPort(raw));
        assertEquals(0, number(c, "offsetof.exabond_grpinfo.raw"), "raw overlays word 0");
        assertEquals(0, number(c, "offsetof.exabond_grpinfo.fields"), "fields overlays word 0");
        assertEquals(number(c, "sizeof.exabond_grpinfo"), number(c, "fieldsize.exabond_grpinfo.raw"));
        assertEquals(0, number(c, "signed.exabond_grpinfo.raw"), "raw is unsigned");

        // Each field alone, all ones, as the compiler places it in raw: PageLayout's shift and mask of it.
        WORD0_SHIFTS_AND_MASKS.forEach((field, shiftAndMask) ->
        {
            final int bits = (int)number(c, "rawbits.grpinfo." + field);
            assertEquals(Integer.numberOfTrailingZeros(bits), shiftAndMask.get(0), "PageLayout's shift of " + field);
            assertEquals(bits >>> shiftAndMask.get(0), shiftAndMask.get(1), "PageLayout's mask of " + field);
        });
    }

    @Test
    void shouldMatchAbiMdTablesWithCompiledHeader()
    {
        final Map<String, String> c = probe();
        final AbiDocument abi = abiDocument();
        abi.tables().forEach((struct, rows) ->
        {
            assertEquals(probeFields(c, struct), fieldNames(rows),
                "fields of " + struct + ": compiled header vs ABI.md's table; every field must be in the table");
            for (final AbiDocument.Row row : rows)
            {
                final String key = struct + "." + row.field();
                assertEquals(number(c, "offsetof." + key), row.offset(), "offset of " + key + ": C vs ABI.md");
                assertEquals(number(c, "fieldsize." + key), row.size(), "size of " + key + ": C vs ABI.md");
                if (row.isInteger())
                {
                    assertEquals(row.isSigned() ? 1 : 0, number(c, "signed." + key),
                        "signedness of " + key + ": C vs ABI.md's " + row.type());
                }
            }
        });
        final Map<String, String> constants = probeConstants();
        abi.statedConstants().forEach((macro, value) ->
            assertEquals(constants.get(macro), Long.toString(value), macro + ": header vs what ABI.md states"));
        assertEquals(number(c, "sizeof." + GRPINFO), abi.statedConstants().get("EXABOND_GRPINFO_SIZE"),
            "sizeof word 0 vs ABI.md");
    }

    @Test
    void shouldMatchAbiMdTablesWithGeneratedLayoutsAndPageLayout()
    {
        final AbiDocument abi = abiDocument();
        abi.tables().forEach((struct, rows) ->
        {
            assertEquals(generatedFields(struct), fieldNames(rows), "fields of " + struct + ": generated vs ABI.md");
            final GroupLayout layout = GENERATED_LAYOUTS.get(struct);
            for (final AbiDocument.Row row : rows)
            {
                final String key = struct + "." + row.field();
                final MemoryLayout.PathElement path = MemoryLayout.PathElement.groupElement(row.field());
                assertEquals(row.offset(), layout.byteOffset(path), "offset of " + key + ": ABI.md vs generated");
                assertEquals(row.size(), layout.select(path).byteSize(), "size of " + key + ": ABI.md vs generated");
                assertEquals(row.offset(), (long)PAGE_LAYOUT_OFFSETS.get(key), "offset of " + key +
                    ": ABI.md vs PageLayout");
                if (PAGE_LAYOUT_SIZES.containsKey(key))
                {
                    assertEquals(row.size(), (long)PAGE_LAYOUT_SIZES.get(key), "size of " + key +
                        ": ABI.md vs PageLayout");
                }
            }
        });
        abi.statedConstants().forEach((macro, value) ->
            assertEquals(value.toString(), PAGE_LAYOUT_CONSTANTS.get(macro).toString(), macro +
                ": ABI.md vs PageLayout"));
    }

    @Test
    void shouldLayEveryAbiMdTableEndToEndWithoutGaps()
    {
        final AbiDocument abi = abiDocument();
        final Map<String, Long> stated = abi.statedConstants();
        final Map<String, Long> sizes = Map.of(
            AbiDocument.GRPINFO_FIELDS, stated.get("EXABOND_GRPINFO_SIZE"),
            AbiDocument.MEMBER, stated.get("EXABOND_MEMBER_SIZE"),
            AbiDocument.STATUS_BLOCK, stated.get("EXABOND_STATUS_BLOCK_SIZE"));
        abi.tables().forEach((struct, rows) ->
        {
            long end = 0;
            for (final AbiDocument.Row row : rows)
            {
                assertEquals(end, row.offset(), "ABI.md's " + struct + "." + row.field() + " does not start where " +
                    "the row before it ends");
                if (row.isInteger())
                {
                    assertEquals(0, row.offset() % row.size(),
                        struct + "." + row.field() + " is not naturally aligned");
                }
                end = row.offset() + row.size();
            }
            assertEquals(sizes.get(struct), end, "ABI.md's table of " + struct + " ends before or after its size");
        });
    }

    @Test
    void shouldMatchLibCConstantsWithCHeaders() throws IllegalAccessException
    {
        final Map<String, String> c = probe();
        final Set<String> checked = new TreeSet<>();
        for (final Field field : LibC.class.getFields())
        {
            if (!Modifier.isStatic(field.getModifiers()) || !field.getType().isPrimitive())
            {
                continue;
            }
            final String name = field.getName();
            final long value = ((Number)field.get(null)).longValue();
            if (name.equals("STAT_SIZE"))
            {
                assertTrue(number(c, "libc.sizeof_stat") <= value, "LibC.STAT_SIZE " + value +
                    " is smaller than sizeof(struct stat) " + c.get("libc.sizeof_stat"));
            }
            else
            {
                final String cName = LIBC_C_NAMES.getOrDefault(name, name);
                assertNotNull(c.get("libc." + cName), "LibC." + name + " has no line in abi_probe.c: add LIBC(" +
                    cName + ")");
                assertEquals(number(c, "libc." + cName), value, "LibC." + name + " vs C's " + cName);
            }
            checked.add(name);
        }
        assertTrue(checked.containsAll(List.of("O_RDONLY", "PROT_READ", "MAP_SHARED", "SC_PAGESIZE", "STAT_SIZE",
            "STAT_MODE_OFFSET", "STAT_SIZE_OFFSET")), "LibC's constants were not all found: " + checked);
        assertEquals(number(c, "libc.sysconf_SC_PAGESIZE"), LibC.pageSize(), "LibC.pageSize() vs C's sysconf");
    }

    @Test
    void shouldMatchErrnoConstantsWithCHeaders() throws IllegalAccessException
    {
        final Map<String, String> c = probe();
        final Map<String, Long> java = new TreeMap<>();
        for (final Field field : Errno.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class)
            {
                java.put(field.getName(), (long)field.getInt(null));
            }
        }
        final Map<String, Long> fromC = new TreeMap<>();
        c.forEach((key, value) ->
        {
            if (key.startsWith("errno."))
            {
                fromC.put(key.substring("errno.".length()), Long.parseLong(value));
            }
        });
        assertEquals(fromC, java, "Errno's constants vs <errno.h> (every Errno constant needs an ERRNO line in " +
            "abi_probe.c)");
    }

    private static Object layoutField(final String name)
    {
        try
        {
            CHECKED_FIELDS.add(name);
            return PageLayout.class.getField(name).get(null);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException("PageLayout has no public field " + name, e);
        }
    }

    private static int layoutInt(final String name)
    {
        return (Integer)layoutField(name);
    }

    private static synchronized Map<String, String> probe()
    {
        if (probe == null)
        {
            final Path binary = Gcc.build("abi_probe");
            probe = Gcc.keyValues(Gcc.run(Duration.ofSeconds(30), List.of(binary.toString()))
                .assertSuccess().stdout());
        }
        return probe;
    }

    private static AbiDocument abiDocument()
    {
        return AbiDocument.parse(Gcc.projectRoot().resolve("docs/ABI.md"));
    }

    private static long number(final Map<String, String> values, final String key)
    {
        final String value = values.get(key);
        assertNotNull(value, () -> "abi_probe printed no line '" + key + "'");
        return Long.parseLong(value);
    }

    private static Map<String, String> probeConstants()
    {
        return probe().entrySet().stream()
            .filter(e -> e.getKey().startsWith("const."))
            .collect(Collectors.toMap(e -> e.getKey().substring("const.".length()), Map.Entry::getValue, (a, b) -> a,
                TreeMap::new));
    }

    private static Set<String> probeFields(final Map<String, String> c, final String struct)
    {
        final String prefix = "offsetof." + struct + ".";
        return c.keySet().stream()
            .filter(key -> key.startsWith(prefix))
            .map(key -> key.substring(prefix.length()))
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> generatedFields(final String struct)
    {
        return GENERATED_LAYOUTS.get(struct).memberLayouts().stream()
            .map(member -> member.name().orElseThrow(() -> new AssertionError("unnamed member in " + struct)))
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> fieldNames(final List<AbiDocument.Row> rows)
    {
        return rows.stream().map(AbiDocument.Row::field).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> headerMacros()
    {
        try
        {
            final Matcher matcher = Pattern.compile("(?m)^#define\\s+(EXABOND_\\w+)\\s")
                .matcher(Files.readString(Gcc.header(), StandardCharsets.US_ASCII));
            final Set<String> macros = new TreeSet<>();
            while (matcher.find())
            {
                macros.add(matcher.group(1));
            }
            return macros;
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot read " + Gcc.header(), e);
        }
    }

    private static Set<String> union(final Set<String> a, final Set<String> b)
    {
        final Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
