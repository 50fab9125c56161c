package com.lambda.tracing.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of doc/architecture.md, checked on the imports and qualified names of src/main/java: every
 * project package is in the table (also those that do not exist yet), uses only what its row allows, and nothing
 * deployable (the hook package, evaluation, rules, common, findings) uses the command-line tool, the embedded endpoint
 * or the transforms, nor the YAML reader the hook jar leaves out.
 */
class ArchitectureTest {
    static final Path ROOT = Path.of(System.getProperty("project.basedir", "."));
    static final Path SOURCES = ROOT.resolve("src/main/java");
    static final String BASE = "com.lambda.tracing.hook";
    /** The package table: short name ("hook" is the root package) → the project packages it may use. */
    static final Map<String, Set<String>> MAY_USE = table();
    static final Set<String> DEPLOYABLE = Set.of("hook", "evaluation", "rules", "common", "findings");
    static final Set<String> TOOL = Set.of("cli", "local", "transform");
    /** Libraries only the tool jar holds (see the hook-jar execution in pom.xml). */
    static final List<String> TOOL_LIBRARIES = List.of("org.yaml.snakeyaml", "com.fasterxml.jackson.dataformat.yaml");

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
    private static final Pattern PROJECT_NAME = Pattern.compile("\\b" + Pattern.quote(BASE) + "((?:\\.[a-z]\\w*)*)(?:\\.[A-Z]\\w*)");
    private static final Pattern COMMENT_OR_STRING =
            Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])'", Pattern.DOTALL);

    private static Map<String, Set<String>> table() {
        Map<String, Set<String>> t = new LinkedHashMap<>();
        t.put("hook", Set.of("evaluation", "rules", "common"));
        t.put("evaluation", Set.of("rules", "common"));
        t.put("rules", Set.of("common"));
        t.put("common", Set.of());
        t.put("findings", Set.of("evaluation", "rules", "common"));
        t.put("local", Set.of("rules", "common"));
        t.put("transform", Set.of("common"));
        t.put("cli", Set.of("hook", "evaluation", "rules", "common", "local", "transform"));
        return t;
    }

    /** One use of a project package, or of a tool-only library, by a source file. */
    record Use(String file, String from, String to) {
        @Override
        public String toString() {
            return file + ": " + from + " → " + to;
        }
    }

    @Test
    void everyArrowIsInTheTable() throws IOException {
        List<Use> uses = uses();
        assertTrue(uses.size() > 20, "the scan found only " + uses.size() + " uses: is it reading " + SOURCES + "?");
        List<String> forbidden = violations(uses);
        if (!forbidden.isEmpty()) {
            fail("Package arrows that doc/architecture.md does not allow (change the code, or the table and the design "
                    + "together):\n  " + String.join("\n  ", forbidden));
        }
    }

    @Test
    void nothingDeployableUsesTheToolTheEmulatorOrTheTransforms() {
        for (String deployable : DEPLOYABLE) {
            for (String tool : TOOL) {
                assertTrue(!MAY_USE.get(deployable).contains(tool), deployable + " may not use " + tool);
                assertEquals(List.of(deployable + ".java: " + deployable + " → " + tool),
                        violations(List.of(new Use(deployable + ".java", deployable, tool))), "an arrow must be reported");
            }
        }
    }

    @Test
    void theScannerSeesImportsQualifiedNamesAndToolLibrariesButNotComments() {
        String source = String.join("\n",
                "package com.lambda.tracing.hook.evaluation;",
                "import com.lambda.tracing.hook.rules.RuleCatalog;",
                "import static com.lambda.tracing.hook.local.Json.MAPPER;",
                "import org.yaml.snakeyaml.Yaml;",
                "/** Not {@link com.lambda.tracing.hook.cli.Main}, only a comment. */",
                "final class Sample {",
                "    // com.lambda.tracing.hook.transform.SamTransform in a comment",
                "    String s = \"com.lambda.tracing.hook.cli.Main\";",
                "    Object o = new com.lambda.tracing.hook.cli.Report();",
                "    Object p = com.lambda.tracing.hook.HookSettings.class;",
                "}");
        List<Use> uses = uses("Sample.java", source);
        assertEquals(List.of("cli", "hook", "local", "org.yaml.snakeyaml", "rules"), uses.stream().map(Use::to).toList());
        assertEquals(List.of("Sample.java: evaluation → cli", "Sample.java: evaluation → hook",
                "Sample.java: evaluation → local", "Sample.java: evaluation → org.yaml.snakeyaml"), violations(uses));
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(SOURCES.resolve(BASE.replace('.', '/')))) {
            dirs.filter(Files::isDirectory)
                    .filter(d -> {
                        try (Stream<Path> files = Files.list(d)) {
                            return files.anyMatch(f -> f.toString().endsWith(".java"));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .filter(d -> !Files.exists(d.resolve("package-info.java")))
                    .forEach(d -> missing.add(SOURCES.relativize(d).toString()));
        }
        assertEquals(List.of(), missing, "packages without a package-info.java saying what they own and may use");
    }

    /** The "may use" column of the table in doc/architecture.md says exactly what this test enforces. */
    @Test
    void theDocumentedTableIsTheEnforcedOne() throws IOException {
        String doc = Files.readString(ROOT.resolve("doc/architecture.md"), StandardCharsets.UTF_8);
        Pattern row = Pattern.compile("^\\| `([a-z]+)` \\|[^|]*\\|([^|]*)\\|([^|]*)\\|\\s*$", Pattern.MULTILINE);
        Map<String, Set<String>> documented = new TreeMap<>();
        Matcher m = row.matcher(doc);
        while (m.find()) {
            Set<String> targets = new TreeSet<>();
            Matcher name = Pattern.compile("`([a-z]+)`").matcher(m.group(2));
            while (name.find()) {
                targets.add(name.group(1));
            }
            documented.put(m.group(1), targets);
        }
        Map<String, Set<String>> enforced = new TreeMap<>();
        MAY_USE.forEach((k, v) -> enforced.put(k, new TreeSet<>(v)));
        assertEquals(enforced, documented, "doc/architecture.md's package table and ArchitectureTest.MAY_USE differ");
    }

    /**
     * A comment may cite only what a clone of the repository has: not the design notes kept beside it, and no document
     * path that does not exist.
     */
    @Test
    void sourcesCiteOnlyFilesInTheRepository() throws IOException {
        Pattern outside = Pattern.compile("DESIGN" + "\\.md|\\.\\./shared/|shared" + "/reference/");
        Pattern document = Pattern.compile("\\b(docs?/[A-Za-z0-9_.-]+\\.md)\\b");
        List<String> wrong = new ArrayList<>();
        for (String dir : List.of("src/main", "src/test/java", "scripts")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
                for (Path f : files.filter(p -> p.toString().matches(".*\\.(java|sh|xml)$")).toList()) {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    Matcher m = outside.matcher(text);
                    while (m.find()) {
                        wrong.add(ROOT.relativize(f) + " cites " + m.group());
                    }
                    Matcher d = document.matcher(text);
                    while (d.find()) {
                        if (!Files.exists(ROOT.resolve(d.group(1)))) {
                            wrong.add(ROOT.relativize(f) + " cites " + d.group(1) + ", which does not exist");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    static List<String> violations(List<Use> uses) {
        List<String> out = new ArrayList<>();
        for (Use u : uses) {
            Set<String> allowed = MAY_USE.get(u.from());
            boolean library = TOOL_LIBRARIES.contains(u.to());
            if (allowed == null) {
                out.add(u.file() + ": package " + u.from() + " is not in the table");
            } else if (library ? DEPLOYABLE.contains(u.from()) : !MAY_USE.containsKey(u.to()) || !allowed.contains(u.to())) {
                out.add(u.toString());
            }
        }
        return out;
    }

    static List<Use> uses() throws IOException {
        List<Use> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                uses.addAll(uses(SOURCES.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return uses;
    }

    /** The project packages and tool-only libraries one source file uses, sorted. */
    static List<Use> uses(String file, String source) {
        Matcher pkg = PACKAGE.matcher(source);
        if (!pkg.find()) {
            return List.of();
        }
        String from = shortName(pkg.group(1));
        Set<String> targets = new TreeSet<>();
        Matcher imp = IMPORT.matcher(source);
        while (imp.find()) {
            for (String library : TOOL_LIBRARIES) {
                if (imp.group(1).startsWith(library + ".")) {
                    targets.add(library);
                }
            }
        }
        // Qualified names count wherever code has them (imports, new a.b.C(), a.b.C.class), not in comments or strings.
        String code = COMMENT_OR_STRING.matcher(source).replaceAll(r -> r.group().startsWith("/") ? " " : "\"\"");
        Matcher name = PROJECT_NAME.matcher(code);
        while (name.find()) {
            String to = shortName(BASE + name.group(1));
            if (!to.equals(from)) {
                targets.add(to);
            }
        }
        return targets.stream().map(to -> new Use(file, from, to)).toList();
    }

    /** "hook" for the root package, else the first segment below it; null outside the project. */
    static String shortName(String packageName) {
        if (packageName.equals(BASE)) {
            return "hook";
        }
        if (!packageName.startsWith(BASE + ".")) {
            return null;
        }
        String rest = packageName.substring(BASE.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
