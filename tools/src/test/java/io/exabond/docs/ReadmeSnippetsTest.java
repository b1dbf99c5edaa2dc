package io.exabond.docs;

import io.exabond.testing.Gcc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The code in README.md compiles against the library as built, so that a reader who copies it gets a program: every
 * {@code ```java} block is compiled with {@code javax.tools} against the test class path, and every {@code ```xml}
 * block is well-formed and names the library's coordinates and the JDK 25 toolchain.
 * <p>
 * A block that declares a type (it has {@code import} or {@code class} at the start of a line) is compiled as a
 * source file of its own. Any other block is a fragment: it is compiled as the body of a method of a class that
 * declares only what the README leaves to the reader ({@link #FRAGMENT_CONTEXT}), so a fragment that uses anything
 * else, or an API that changed, fails here.
 */
@Timeout(120)
class ReadmeSnippetsTest
{
    private static final Path README = Gcc.projectRoot().resolve("README.md");
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```(java|xml)\\n(.*?)^```$");
    private static final Pattern DECLARES_TYPE = Pattern.compile("(?m)^(import |(abstract |final |public )*class )");

    /** What the fragments of README.md may use without declaring it. */
    private static final String FRAGMENT_CONTEXT = """
        import io.exabond.page.*;
        import io.exabond.poller.*;
        import org.agrona.concurrent.*;
        import java.nio.file.*;

        abstract class %s
        {
            volatile boolean running;
            IdleStrategy idle;

            abstract int readPackets();

            abstract void switchReceivePort(int exanicId, int exanicPort);

            void fragment() throws Exception
            {
        %s
            }
        }
        """;

    @Test
    void shouldCompileEveryJavaBlockOfTheReadme(@TempDir final Path out) throws Exception
    {
        final List<JavaFileObject> sources = new ArrayList<>();
        for (final String[] block : blocks())
        {
            if ("java".equals(block[0]))
            {
                sources.add(source(block[1], sources.size()));
            }
        }
        assertTrue(sources.size() >= 2, "README.md has its five lines and the duty loop: " + sources.size());

        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        final boolean compiled = compiler.getTask(null, null, diagnostics, List.of("-d", out.toString(),
            "-classpath", System.getProperty("java.class.path"), "-Xlint:all,-processing", "-Werror",
            "-proc:none"), null, sources).call();

        final StringBuilder report = new StringBuilder();
        diagnostics.getDiagnostics().forEach(d -> report.append(d.getSource() == null ? "" :
            d.getSource().getName() + ":" + d.getLineNumber() + ": ").append(d.getMessage(null)).append('\n'));
        assertTrue(compiled, "README.md's java blocks do not compile:\n" + report + "\n" + listing(sources));
    }

    @Test
    void shouldGiveAWellFormedConsumerPomWithTheLibraryAndAJdk25Toolchain() throws Exception
    {
        final List<String> poms = new ArrayList<>();
        for (final String[] block : blocks())
        {
            if ("xml".equals(block[0]))
            {
                poms.add(block[1]);
            }
        }
        assertEquals(1, poms.size(), "one consumer pom in README.md");
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        final Document pom = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
            poms.get(0).getBytes(StandardCharsets.UTF_8)));

        final Element dependency = (Element)pom.getElementsByTagNameNS("*", "dependency").item(0);
        assertNotNull(dependency, "a dependency");
        assertEquals("io.exabond", text(dependency, "groupId"));
        assertEquals("exabond-panama", text(dependency, "artifactId"));
        assertEquals(projectVersion(), text(dependency, "version"));
        final Element toolchains = plugin(pom, "maven-toolchains-plugin");
        assertEquals("3.2.0", text(toolchains, "version"));
        assertEquals("select-jdk-toolchain", text(toolchains, "goal"));
        assertEquals("[25,)", text((Element)toolchains.getElementsByTagNameNS("*", "configuration").item(0),
            "version"));
        assertEquals("25", text(plugin(pom, "maven-compiler-plugin"), "release"));
    }

    private static List<String[]> blocks() throws Exception
    {
        final List<String[]> blocks = new ArrayList<>();
        final Matcher matcher = BLOCK.matcher(Files.readString(README));
        while (matcher.find())
        {
            blocks.add(new String[] {matcher.group(1), matcher.group(2)});
        }
        return blocks;
    }

    private static JavaFileObject source(final String block, final int index)
    {
        final String name;
        final String code;
        if (DECLARES_TYPE.matcher(block).find())
        {
            final Matcher type = Pattern.compile("(?m)^(?:abstract |final |public )*class (\\w+)").matcher(block);
            assertTrue(type.find(), "a whole-file block declares a class:\n" + block);
            name = type.group(1);
            code = block;
        }
        else
        {
            name = "ReadmeFragment" + index;
            code = FRAGMENT_CONTEXT.formatted(name, block.indent(8));
        }
        return new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE)
        {
            public CharSequence getCharContent(final boolean ignoreEncodingErrors)
            {
                return code;
            }
        };
    }

    private static String listing(final List<JavaFileObject> sources) throws Exception
    {
        final StringBuilder out = new StringBuilder();
        for (final JavaFileObject source : sources)
        {
            out.append("--- ").append(source.getName()).append('\n').append(source.getCharContent(true));
        }
        return out.toString();
    }

    private static Element plugin(final Document pom, final String artifactId)
    {
        final NodeList plugins = pom.getElementsByTagNameNS("*", "plugin");
        for (int i = 0; i < plugins.getLength(); i++)
        {
            final Element plugin = (Element)plugins.item(i);
            if (artifactId.equals(text(plugin, "artifactId")))
            {
                return plugin;
            }
        }
        throw new AssertionError("no " + artifactId + " in the README's pom");
    }

    private static String text(final Element parent, final String tag)
    {
        final NodeList nodes = parent.getElementsByTagNameNS("*", tag);
        assertTrue(nodes.getLength() > 0, "no <" + tag + "> in <" + parent.getTagName() + ">");
        return nodes.item(0).getTextContent().strip();
    }

    private static String projectVersion() throws Exception
    {
        final Properties properties = new Properties();
        try (InputStream in = ReadmeSnippetsTest.class.getResourceAsStream("/io/exabond/version.properties"))
        {
            assertNotNull(in, "io/exabond/version.properties from the tools' resources");
            properties.load(in);
        }
        return properties.getProperty("version");
    }
}
