package io.exabond.netlink;

import io.exabond.netlink.generated.Rtnetlink;
import io.exabond.netlink.generated.ifinfomsg;
import io.exabond.netlink.generated.nlmsgerr;
import io.exabond.netlink.generated.nlmsghdr;
import io.exabond.netlink.generated.pollfd;
import io.exabond.netlink.generated.rtattr;
import io.exabond.netlink.generated.sockaddr_nl;
import io.exabond.testing.Gcc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The netlink bindings cannot drift from the headers: {@code src/test/c/netlink_probe.c}, compiled by gcc against
 * this machine's headers, prints every struct size, field offset and size, every constant of
 * {@code jextract/netlink-includes.txt} and the results of the function-like macros; the generated layouts and
 * constants ({@code io.exabond.netlink.generated}), {@link NetlinkMacros} and the constants {@link LinkControl} writes
 * by hand must give the same values. Bindings regenerated from other headers but not committed, or edited by hand,
 * fail here.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetlinkAbiDriftTest
{
    private static final Map<String, GroupLayout> LAYOUTS = Map.of(
        "nlmsghdr", nlmsghdr.layout(),
        "ifinfomsg", ifinfomsg.layout(),
        "rtattr", rtattr.layout(),
        "nlmsgerr", nlmsgerr.layout(),
        "sockaddr_nl", sockaddr_nl.layout(),
        "pollfd", pollfd.layout());

    private static final Map<String, IntUnaryOperator> MACROS = Map.of(
        "NLMSG_ALIGN", NetlinkMacros::nlmsgAlign,
        "NLMSG_LENGTH", NetlinkMacros::nlmsgLength,
        "NLMSG_SPACE", NetlinkMacros::nlmsgSpace,
        "RTA_ALIGN", NetlinkMacros::rtaAlign,
        "RTA_LENGTH", NetlinkMacros::rtaLength,
        "RTA_SPACE", NetlinkMacros::rtaSpace);

    /** The constants {@link LinkControl} writes by hand, which the probe prints as {@code handconst.NAME}. */
    private static final Map<String, Integer> HAND_CONSTANTS = Map.of(
        "AF_UNSPEC", LinkControl.AF_UNSPEC,
        "ETIMEDOUT", LinkControl.ETIMEDOUT,
        "IFF_UP", LinkControl.IFF_UP,
        "NLM_F_ACK", LinkControl.NLM_F_ACK,
        "NLM_F_REQUEST", LinkControl.NLM_F_REQUEST);

    private static final Pattern INCLUDE = Pattern.compile("^--include-(constant|struct) (\\w+)", Pattern.MULTILINE);

    private static Map<String, String> probe;

    @Test
    void shouldMatchTheGeneratedBindingsAndMacrosWithTheCompiledHeaders() throws IOException
    {
        final List<String> drift = compare(probe());
        assertTrue(drift.isEmpty(), () -> "the netlink bindings drifted from this machine's headers (regenerate " +
            "with jextract/generate-netlink, see jextract/README.md):\n" + String.join("\n", drift));
    }

    @Test
    void shouldCoverEverySymbolOfTheIncludesFile() throws IOException
    {
        final Map<String, String> c = probe();
        final List<String> missing = new ArrayList<>();
        final Matcher include = INCLUDE.matcher(Files.readString(Gcc.projectRoot().resolve(
            "jextract/netlink-includes.txt")));
        while (include.find())
        {
            final String key = ("constant".equals(include.group(1)) ? "const." : "sizeof.") + include.group(2);
            if (!c.containsKey(key))
            {
                missing.add(key);
            }
            if ("struct".equals(include.group(1)) && !LAYOUTS.containsKey(include.group(2)))
            {
                missing.add("layout of " + include.group(2) + " in this test");
            }
        }
        assertEquals(List.of(), missing, "symbols of jextract/netlink-includes.txt that the probe does not print");
    }

    @Test
    void shouldReportAConstantAnOffsetAndAMacroThatDiffer() throws IOException
    {
        final Map<String, String> drifted = new HashMap<>(probe());
        drifted.put("const.IFLA_EVENT_BONDING_FAILOVER", "7");
        drifted.put("offsetof.ifinfomsg.ifi_index", "8");
        drifted.put("macro.RTA_ALIGN.5", "6");

        final String report = String.join("\n", compare(drifted));

        assertTrue(report.contains("IFLA_EVENT_BONDING_FAILOVER: C 7, generated 3"), report);
        assertTrue(report.contains("offsetof ifinfomsg.ifi_index: C 8, generated 4"), report);
        assertTrue(report.contains("RTA_ALIGN(5): C 6, NetlinkMacros 8"), report);
        assertEquals(3, compare(drifted).size(), report);
    }

    /** Every difference between the probe's values and the Java side, one line each. */
    private static List<String> compare(final Map<String, String> c)
    {
        final List<String> drift = new ArrayList<>();
        for (final Map.Entry<String, GroupLayout> struct : LAYOUTS.entrySet())
        {
            final String name = struct.getKey();
            final GroupLayout layout = struct.getValue();
            check(drift, "sizeof " + name, c.get("sizeof." + name), layout.byteSize(), "generated");
            final TreeSet<String> generatedFields = new TreeSet<>();
            for (final MemoryLayout member : layout.memberLayouts())
            {
                if (member.name().isEmpty())
                {
                    continue;
                }
                final String field = member.name().get();
                generatedFields.add(field);
                final long offset = layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
                check(drift, "offsetof " + name + "." + field, c.get("offsetof." + name + "." + field), offset,
                    "generated");
                check(drift, "sizeof " + name + "." + field, c.get("fieldsize." + name + "." + field),
                    member.byteSize(), "generated");
            }
            final TreeSet<String> probeFields = new TreeSet<>();
            for (final String key : c.keySet())
            {
                if (key.startsWith("offsetof." + name + "."))
                {
                    probeFields.add(key.substring(("offsetof." + name + ".").length()));
                }
            }
            if (!probeFields.equals(generatedFields))
            {
                drift.add("fields of " + name + ": C " + probeFields + ", generated " + generatedFields);
            }
        }
        for (final Map.Entry<String, String> entry : c.entrySet())
        {
            final String key = entry.getKey();
            if (key.startsWith("const."))
            {
                final String constant = key.substring("const.".length());
                check(drift, constant, entry.getValue(), generatedConstant(constant), "generated");
            }
            else if (key.startsWith("handconst."))
            {
                final String constant = key.substring("handconst.".length());
                final Integer java = HAND_CONSTANTS.get(constant);
                check(drift, constant, entry.getValue(), java == null ? null : java.longValue(), "LinkControl");
            }
            else if (key.startsWith("macro.") && key.lastIndexOf('.') > "macro.".length())
            {
                final String macro = key.substring("macro.".length(), key.lastIndexOf('.'));
                final int argument = Integer.parseInt(key.substring(key.lastIndexOf('.') + 1));
                final IntUnaryOperator java = MACROS.get(macro);
                if (java == null)
                {
                    drift.add("the probe prints " + macro + ", which NetlinkMacros does not have");
                    continue;
                }
                check(drift, macro + "(" + argument + ")", entry.getValue(), (long)java.applyAsInt(argument),
                    "NetlinkMacros");
            }
        }
        for (final Map.Entry<String, Integer> constant : HAND_CONSTANTS.entrySet())
        {
            check(drift, constant.getKey(), c.get("handconst." + constant.getKey()), constant.getValue().longValue(),
                "LinkControl");
        }
        check(drift, "NLMSG_HDRLEN", c.get("const.NLMSG_HDRLEN"), (long)NetlinkMacros.NLMSG_HDRLEN, "NetlinkMacros");
        check(drift, "RTA_LENGTH(0)", c.get("macro.RTA_LENGTH_0"), (long)NetlinkMacros.RTA_HDRLEN, "NetlinkMacros");
        check(drift, "IFLA_RTA offset", c.get("macro.IFLA_RTA_OFFSET"), (long)NetlinkMacros.IFLA_RTA_OFFSET,
            "NetlinkMacros");
        return drift;
    }

    private static Long generatedConstant(final String name)
    {
        try
        {
            return ((Number)Rtnetlink.class.getMethod(name).invoke(null)).longValue();
        }
        catch (final ReflectiveOperationException e)
        {
            return null;
        }
    }

    private static void check(final List<String> drift, final String what, final String c, final Long java,
        final String side)
    {
        if (c == null)
        {
            drift.add(what + ": the probe does not print it (add it to src/test/c/netlink_probe.c)");
        }
        else if (java == null)
        {
            drift.add(what + ": C " + c + ", missing on the Java side (" + side + ")");
        }
        else if (Long.parseLong(c) != java)
        {
            drift.add(what + ": C " + c + ", " + side + " " + java);
        }
    }

    private static synchronized Map<String, String> probe() throws IOException
    {
        if (probe == null)
        {
            final Path source = Gcc.projectRoot().resolve("publisher/src/test/c/netlink_probe.c");
            final Path binary = Gcc.outputDir().resolve("netlink_probe");
            final Gcc.Result compiled = Gcc.gcc(List.of("-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O0", "-o",
                binary.toString(), source.toString()));
            assertEquals(0, compiled.exitCode(), () -> compiled.describe("failed"));
            final Gcc.Result run = Gcc.run(Duration.ofSeconds(30), List.of(binary.toString())).assertSuccess();
            probe = new LinkedHashMap<>(Gcc.keyValues(run.stdout()));
        }
        return probe;
    }
}
