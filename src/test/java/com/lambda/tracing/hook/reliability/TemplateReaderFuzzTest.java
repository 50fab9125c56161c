package com.lambda.tracing.hook.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lambda.tracing.hook.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, item 3 (the CLI): the template reader of {@code lambda-hook check} fed hostile files — YAML bombs, deep
 * nesting, huge files, binary garbage, unknown tags, broken structure — and seeded mutations of the example
 * templates. Unreadable input ends in exit code 2 with one clear line on stderr; nothing prints a stack trace,
 * nothing hangs.
 */
class TemplateReaderFuzzTest {
    private static final long SEED = 20_261_123L;
    private static final int MUTATIONS = 60;
    private static final Duration PER_RUN = Duration.ofSeconds(20);
    private static String previousPrivate;

    @TempDir
    Path dir;

    /** What one run of the command printed. */
    record Result(int code, String out, String err, long millis) {
        List<String> errorLines() {
            // Warnings (e.g. a repeated key, which CloudFormation accepts) may precede the one error line.
            return err.lines().filter(l -> l.startsWith("lambda-hook:") && !l.startsWith("lambda-hook: warning:"))
                    .toList();
        }
    }

    @BeforeAll
    static void noScratchDirectoryOfItsOwn() {
        // The test JVM already runs with a private java.io.tmpdir (pom.xml); the CLI need not make another one.
        previousPrivate = System.getProperty("lambdahook.private.tmpdir");
        System.setProperty("lambdahook.private.tmpdir", "true");
    }

    @AfterAll
    static void restore() {
        if (previousPrivate == null) {
            System.clearProperty("lambdahook.private.tmpdir");
        }
        HookDriver.forgetEndpoint();
    }

    static Result check(Path... files) {
        List<String> args = new ArrayList<>(List.of("check", "--quiet", "--format", "json",
                "--type-configuration", "{\"MaxWaitPerInvocationSeconds\":\"2\",\"CallbackDelaySeconds\":\"1\"}"));
        for (Path f : files) {
            args.add(f.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int code = assertTimeoutPreemptively(PER_RUN, () -> Main.run(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)),
                () -> "check did not finish within " + PER_RUN + " on " + List.of(files));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Unreadable input: exit 2, exactly one "lambda-hook:" line on stderr naming the file, no stack trace anywhere. */
    static void assertRejected(String what, Path file, Result r) {
        assertEquals(2, r.code(), () -> what + ": exit code; stderr: " + r.err());
        List<String> lines = r.errorLines();
        assertEquals(1, lines.size(), () -> what + ": one error line expected, got " + r.err());
        String line = lines.get(0);
        assertTrue(line.contains(file.getFileName().toString()), () -> what + ": the error names the file: " + line);
        assertTrue(line.length() < 600, () -> what + ": a short line, got " + line.length() + " characters");
        assertFalse(line.contains("internal error"), () -> what + ": a clear error, not an internal one: " + line);
        assertNoStackTrace(what, r);
    }

    static void assertNoStackTrace(String what, Result r) {
        assertFalse(StackTraces.present(r.err()), () -> what + ": stack trace on stderr: " + r.err());
        assertFalse(StackTraces.present(r.out()), () -> what + ": stack trace in the report");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static Map<String, String> hostileTemplates() {
        Map<String, String> t = new LinkedHashMap<>();
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            laughs.append(c).append(": &").append(c).append(" [*").append(prev).append(",*").append(prev).append(",*")
                    .append(prev).append(",*").append(prev).append(",*").append(prev).append(",*").append(prev)
                    .append(",*").append(prev).append(",*").append(prev).append(",*").append(prev).append("]\n");
        }
        laughs.append("Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Description: *j\n");
        t.put("billion-laughs.yaml", laughs.toString());
        t.put("deep-flow.yaml", "Resources: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n");
        StringBuilder block = new StringBuilder("Resources:\n");
        for (int i = 0; i < 3_000; i++) {
            block.append("  ".repeat(i + 1)).append("k").append(i).append(":\n");
        }
        t.put("deep-block.yaml", block.toString());
        t.put("deep.json", "{\"Resources\":" + "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_001));
        t.put("unknown-tag.yaml", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: !Evil python3.13\n");
        t.put("python-tag.yaml", "Resources: !!python/object/apply:os.system [\"echo pwned\"]\n");
        t.put("java-tag.yaml", "Resources: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n");
        t.put("empty.yaml", "");
        t.put("comments.yaml", "# nothing here\n# at all\n");
        t.put("scalar.yaml", "just text\n");
        t.put("list.json", "[1,2,3]");
        t.put("no-resources.yaml", "AWSTemplateFormatVersion: '2010-09-09'\n");
        t.put("resources-scalar.yaml", "Resources: 5\n");
        t.put("resource-without-type.yaml", "Resources:\n  F:\n    Properties: {}\n");
        t.put("properties-list.yaml", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: [1, 2]\n");
        t.put("truncated.json", "{\"Resources\":{\"F\":{\"Type\":\"AWS::Lambda::Fun");
        t.put("tabs.yaml", "Resources:\n\tF:\n\t\tType: AWS::Lambda::Function\n");
        t.put("unclosed-quote.yaml", "Resources:\n  F:\n    Type: \"AWS::Lambda::Function\n");
        t.put("bad-getatt.yaml", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt NoDot\n");
        t.put("complex-key.yaml", "Resources:\n  ? [a, b]\n  : Type: AWS::Lambda::Function\n");
        t.put("nul-bytes.yaml", "Resources:\n  F:\u0000\u0000\n");
        return t;
    }

    @Test
    void hostileTemplatesAreRejectedWithOneClearLine() throws IOException {
        for (Map.Entry<String, String> e : hostileTemplates().entrySet()) {
            Path file = write(e.getKey(), e.getValue());
            assertRejected(e.getKey(), file, check(file));
        }
    }

    @Test
    void binaryGarbageAndHugeFilesAreRejected() throws IOException {
        Random random = new Random(SEED);
        for (int i = 0; i < 12; i++) {
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            Path file = write("garbage-" + i + ".yaml", garbage);
            assertRejected("garbage " + i, file, check(file));
        }
        Path huge = write("huge.yaml", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Description: \""
                + "x".repeat(6 * 1024 * 1024) + "\"\n");
        Result r = check(huge);
        assertRejected("6 MB template", huge, r);
        assertTrue(r.millis() < 10_000, "a huge file is refused quickly, took " + r.millis() + " ms");
    }

    @Test
    void hostileIntrinsicsEndCleanly() throws IOException {
        Map<String, String> t = new LinkedHashMap<>();
        String fn = "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    %s\n    Properties:\n      Runtime: python3.13\n"
                + "      Handler: i.h\n      Role: arn:aws:iam::123456789012:role/r\n      Code: {ZipFile: x}\n      Description: %s\n";
        t.put("condition-cycle.yaml", "Conditions:\n  A: !Condition B\n  B: !Condition A\n" + String.format(fn, "Condition: A", "d"));
        t.put("condition-self.yaml", "Conditions:\n  A: !Not [!Condition A]\n" + String.format(fn, "Condition: A", "d"));
        t.put("unknown-condition.yaml", String.format(fn, "Condition: Nope", "d"));
        t.put("ref-unknown.yaml", String.format(fn, "DependsOn: []", "!Ref NoSuchThing"));
        t.put("select-out-of-range.yaml", String.format(fn, "DependsOn: []", "!Select [99999999, [a]]"));
        t.put("select-negative.yaml", String.format(fn, "DependsOn: []", "!Select [-1, [a]]"));
        t.put("sub-unclosed.yaml", String.format(fn, "DependsOn: []", "!Sub 'abc ${'"));
        t.put("join-wrong-type.yaml", String.format(fn, "DependsOn: []", "!Join [1, 2]"));
        t.put("findinmap-missing.yaml", String.format(fn, "DependsOn: []", "!FindInMap [M, a, b]"));
        t.put("if-wrong-arity.yaml", String.format(fn, "DependsOn: []", "!If [OnlyOne]"));
        t.put("getatt-self-cycle.yaml", String.format(fn, "DependsOn: []", "!GetAtt F.Arn"));
        t.put("split-huge.yaml", String.format(fn, "DependsOn: []", "!Split [',', '" + ",".repeat(200_000) + "']"));
        t.put("base64-deep.yaml", String.format(fn, "DependsOn: []", "!Base64 ".repeat(100) + "x"));
        for (Map.Entry<String, String> e : t.entrySet()) {
            Path file = write(e.getKey(), e.getValue());
            Result r = check(file);
            assertTrue(r.code() == 0 || r.code() == 1 || r.code() == 2, e.getKey() + ": exit " + r.code());
            if (r.code() == 2) {
                assertRejected(e.getKey(), file, r);
            }
            assertNoStackTrace(e.getKey(), r);
        }
    }

    @Test
    void mutatedExampleTemplatesNeverCrash() throws IOException {
        Random random = new Random(SEED);
        List<Path> examples;
        try (var files = Files.list(HookDriver.ROOT.resolve("examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(examples.isEmpty());
        int rejected = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            Path source = examples.get(random.nextInt(examples.size()));
            String text = Files.readString(source);
            String mutated = mutate(text, random);
            String name = "mutant-" + i + source.getFileName().toString().substring(source.getFileName().toString().lastIndexOf('.'));
            Path file = write(name, mutated);
            Result r = check(file);
            assertTrue(r.code() >= 0 && r.code() <= 2, name + ": exit " + r.code());
            if (r.code() == 2) {
                rejected++;
                assertRejected(name + " (from " + source.getFileName() + ")", file, r);
            } else {
                assertTrue(r.out().startsWith("{"), name + ": a JSON report on stdout");
            }
            assertNoStackTrace(name, r);
        }
        assertTrue(rejected > 0, "some mutants must be unreadable, or the mutator is too gentle");
    }

    /** Line-level and character-level edits that keep most of the template. */
    static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int edits = 1 + random.nextInt(3);
        String[] junk = {"!Foo x", "*alias", "&a", "{", "]", "\t", "'", "\"", ": :", "!Ref", "!GetAtt", "!Sub ${",
            "\u0000", "\uFFFF", "- - -", "Fn::If: []", "? x", "%YAML 9.9", "---", "...", "Type: 5", "Properties: x"};
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int at = random.nextInt(lines.size());
            switch (random.nextInt(6)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(random.nextInt(lines.size())));
                case 2 -> lines.set(at, lines.get(at) + " " + junk[random.nextInt(junk.length)]);
                case 3 -> lines.set(at, "  ".repeat(random.nextInt(6)) + lines.get(at).strip());
                case 4 -> {
                    String l = lines.get(at);
                    if (!l.isEmpty()) {
                        int c = random.nextInt(l.length());
                        lines.set(at, l.substring(0, c) + junk[random.nextInt(junk.length)] + l.substring(c));
                    }
                }
                default -> {
                    String l = lines.get(at);
                    lines.set(at, l.substring(0, random.nextInt(l.length() + 1)));
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
