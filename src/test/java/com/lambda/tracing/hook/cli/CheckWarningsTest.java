package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the template reader warns about reaches the user once, and the verdict follows what CloudFormation deploys. */
class CheckWarningsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void privateTmpdir() {
        System.setProperty(Main.PRIVATE_TMPDIR, "true"); // surefire already runs with a private java.io.tmpdir
    }

    @Test
    void aRepeatedPropertyIsEvaluatedWithItsLastValueAndWarnedAboutOnce() throws Exception {
        Path template = Files.writeString(dir.resolve("repeated-runtime.yaml"), String.join("\n",
                "Resources:",
                "  Worker:",
                "    Type: AWS::Lambda::Function",
                "    Properties:",
                "      Runtime: python3.13",
                "      Handler: index.handler",
                "      Role: arn:aws:iam::123456789012:role/worker",
                "      Code: {ZipFile: 'def handler(e, c): return 1'}",
                "      Runtime: python3.7",
                ""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"check", "--quiet", "--format", "json", template.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, stderr);
        List<String> warnings = stderr.lines().filter(l -> l.startsWith("lambda-hook: warning:")).toList();
        assertEquals(List.of("lambda-hook: warning: " + template + ":9: duplicate key 'Runtime' (also at line 5): "
                + "CloudFormation uses the last value, from line 9"), warnings);
        JsonNode f = JSON.readTree(out.toString(StandardCharsets.UTF_8)).at("/templates/0/functions/0");
        assertEquals("NON_COMPLIANT", f.get("verdict").asText());
        Set<String> failed = new HashSet<>();
        f.get("annotations").forEach(a -> {
            if (a.get("status").asText().equals("FAILED")) {
                failed.add(a.get("annotationName").asText());
            }
        });
        assertTrue(failed.contains("lambda-runtime-supported"), "python3.7, the last value, was evaluated: " + failed);
    }
}
