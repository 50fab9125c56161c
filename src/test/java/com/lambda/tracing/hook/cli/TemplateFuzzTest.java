package com.lambda.tracing.hook.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Mutated templates: reading and resolving either works or ends in a one-line UsageException, nothing else. */
class TemplateFuzzTest {
    @TempDir
    Path dir;

    private static final String[] SNIPPETS = {"!Ref", "!GetAtt", "!Sub '${", "!If [", "!Select [99, ", "{", "}", "[", "]",
            ":", "- ", "&a", "*a", "!!binary", "\"", "'", "\t", "\u0000", "\uD800", "Fn::GetAtt", "Ref", "!Cidr [x, 1, 2]",
            "!FindInMap [A, B]", "!Join [1]", "!Split", "Condition: X", "!Condition", "null", "~", "1e999", "-1", "\n  "};

    @Test
    void mutatedExamplesNeverEscapeWithAnythingButAUsageError() throws Exception {
        Path root = Paths.get(System.getProperty("project.basedir", ".")).toAbsolutePath();
        Random random = new Random(Long.getLong("fuzz.seed", 20261123L));
        int iterations = Integer.getInteger("fuzz.iterations", 150);
        int ok = 0;
        int rejected = 0;
        for (String example : List.of("failing-function.yaml", "compliant-function.yaml", "multi-function-app.yaml", "failing-function.json")) {
            String text = Files.readString(root.resolve("examples").resolve(example));
            for (int i = 0; i < iterations; i++) {
                StringBuilder m = new StringBuilder(text);
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    int pos = random.nextInt(m.length());
                    switch (random.nextInt(4)) {
                        case 0 -> m.delete(pos, Math.min(m.length(), pos + 1 + random.nextInt(20)));
                        case 1 -> m.insert(pos, SNIPPETS[random.nextInt(SNIPPETS.length)]);
                        case 2 -> m.setCharAt(pos, (char) (32 + random.nextInt(95)));
                        default -> {
                            int other = random.nextInt(m.length());
                            String cut = m.substring(Math.min(pos, other), Math.max(pos, other));
                            m.insert(random.nextInt(m.length()), cut.length() > 200 ? cut.substring(0, 200) : cut);
                        }
                    }
                }
                Path f = dir.resolve(i + "-" + example);
                Files.write(f, m.toString().getBytes(StandardCharsets.UTF_8));
                try {
                    CheckPlan.plan(0, f, "us-east-1", Map.of(), new HashSet<>());
                    ok++;
                } catch (UsageException e) {
                    rejected++;
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
                } catch (RuntimeException | StackOverflowError e) {
                    fail("mutation " + i + " of " + example + " escaped with " + e + "\n" + m);
                }
            }
        }
        assertTrue(ok > 0 && rejected > 0, ok + " accepted, " + rejected + " rejected");
    }
}
