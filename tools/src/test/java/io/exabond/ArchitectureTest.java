package io.exabond;

import io.exabond.testing.Gcc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The import rules of {@code docs/architecture.md}, read from its package table and checked against every main
 * source file of every module: the document is the rule, so the two cannot drift apart.
 */
class ArchitectureTest
{
    private static final Pattern ROW = Pattern.compile(
        "^\\| `io\\.exabond\\.(\\w+(?:\\.\\w+)*)` \\| (\\w[\\w-]*) \\| [^|]+ \\| ([^|]+) \\|$", Pattern.MULTILINE);
    private static final Pattern ALLOWED = Pattern.compile("`(\\w+(?:\\.\\w+)*)`");
    /** The package is the lower-case names before the first class name: {@code netlink.generated} of a nested one. */
    private static final Pattern IMPORT = Pattern.compile(
        "^import (?:static )?io\\.exabond\\.([a-z]\\w*(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile(
        "^package io\\.exabond\\.(\\w+(?:\\.\\w+)*);", Pattern.MULTILINE);

    private final Path root = Gcc.projectRoot();

    @Test
    void shouldFindEveryPackageOfTheModulesInTheTable() throws IOException
    {
        final Map<String, Rule> rules = rules();
        final Set<String> found = new TreeSet<>();
        final Set<String> misplaced = new TreeSet<>();
        for (final Path file : mainSources())
        {
            final String pkg = packageOf(file);
            found.add(pkg);
            final Rule rule = rules.get(pkg);
            if (rule != null && !file.startsWith(root.resolve(rule.module())))
            {
                misplaced.add(root.relativize(file) + " (docs/architecture.md puts " + pkg + " in " + rule.module() +
                    ")");
            }
        }
        assertEquals(new TreeSet<>(rules.keySet()), found, "packages of client, publisher and tools vs the table " +
            "of docs/architecture.md");
        assertTrue(misplaced.isEmpty(), "in the wrong module: " + misplaced);
    }

    @Test
    void shouldImportOnlyWhatTheArchitectureAllows() throws IOException
    {
        final Map<String, Rule> rules = rules();
        final List<String> violations = new ArrayList<>();
        for (final Path file : mainSources())
        {
            final String pkg = packageOf(file);
            final Rule rule = rules.get(pkg);
            final Matcher imports = IMPORT.matcher(Files.readString(file));
            while (imports.find())
            {
                final String imported = imports.group(1);
                if (rule != null && !imported.equals(pkg) && !rule.mayImport().contains(imported))
                {
                    violations.add(root.relativize(file) + " imports io.exabond." + imported + ", which " + pkg +
                        " may not (docs/architecture.md)");
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void shouldReadTheRulesThatTheDocumentStates() throws IOException
    {
        final Map<String, Rule> rules = rules();

        assertEquals(Set.of(), rules.get("internal").mayImport(), "internal is the bottom");
        assertTrue(!rules.get("poller").mayImport().contains("publish"), "the reader never imports the writer");
        assertEquals("client", rules.get("page").module());
    }

    private Map<String, Rule> rules() throws IOException
    {
        final Map<String, Rule> rules = new LinkedHashMap<>();
        final Matcher row = ROW.matcher(Files.readString(root.resolve("docs/architecture.md")));
        while (row.find())
        {
            final Set<String> allowed = new TreeSet<>();
            final Matcher names = ALLOWED.matcher(row.group(3));
            while (names.find())
            {
                allowed.add(names.group(1));
            }
            rules.put(row.group(1), new Rule(row.group(2), allowed));
        }
        assertTrue(rules.size() >= 9, "the package table of docs/architecture.md: " + rules.keySet());
        return rules;
    }

    private List<Path> mainSources() throws IOException
    {
        final List<Path> files = new ArrayList<>();
        for (final String module : List.of("client", "publisher", "tools"))
        {
            for (final String dir : List.of("src/main/java", "src/generated/java"))
            {
                final Path sources = root.resolve(module).resolve(dir);
                if (Files.isDirectory(sources))
                {
                    try (Stream<Path> walk = Files.walk(sources))
                    {
                        walk.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java"))
                            .forEach(files::add);
                    }
                }
            }
        }
        return files;
    }

    private static String packageOf(final Path file) throws IOException
    {
        final Matcher matcher = PACKAGE.matcher(Files.readString(file));
        assertTrue(matcher.find(), "no package io.exabond.* in " + file);
        return matcher.group(1);
    }

    private record Rule(String module, Set<String> mayImport)
    {
    }
}
