package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check} on templates that declare transforms: AWS::LanguageExtensions is applied and its functions go through
 * the real hook, endpoint and cfn-guard; a transform only CloudFormation can run leaves its functions indeterminate,
 * never green, in every report format.
 */
class CheckTransformsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Paths.get(System.getProperty("project.basedir", ".")).toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void theTestJvmHasItsOwnTmpdirAlready() {
        System.setProperty(Main.PRIVATE_TMPDIR, "true");
    }

    private Path write(String name, String... lines) throws Exception {
        return Files.writeString(tmp.resolve(name), String.join("\n", lines) + "\n");
    }

    /** The tracing rule of the pack alone, so that one property decides the verdict. */
    private String tracingRuleOnly() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rules"));
        Files.copy(ROOT.resolve("rules/lambda-tracing-active.guard"), dir.resolve("lambda-tracing-active.guard"));
        return dir.toString();
    }

    private static List<JsonNode> functions(CheckCommandTest.Run r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.out()).at("/templates/0/functions").forEach(out::add);
        return out;
    }

    @Test
    void functionsALoopGeneratesAreEachEvaluatedUnderTheirOwnIdAtTheLineOfTheLoop() throws Exception {
        Path t = write("loop.yaml",
                "Transform: AWS::LanguageExtensions",
                "Parameters:",
                "  Modes: {Type: CommaDelimitedList, Default: 'Active,PassThrough'}",
                "Resources:",
                "  Fn::ForEach::Functions:",
                "    - Mode",
                "    - !Ref Modes",
                "    - Fn${Mode}:",
                "        Type: AWS::Lambda::Function",
                "        Properties:",
                "          Role: arn:aws:iam::123456789012:role/r",
                "          Runtime: python3.12",
                "          Handler: index.handler",
                "          Code: {ZipFile: 'def handler(e, c): pass'}",
                "          TracingConfig: {Mode: !Ref Mode}",
                "          Description: {'Fn::ToJsonString': {mode: !Ref Mode, count: {'Fn::Length': !Ref Modes}}}");
        CheckCommandTest.Run r = CheckCommandTest.check("--format", "json", "--quiet", "--rules", tracingRuleOnly(), t.toString());
        assertEquals(1, r.code(), r.err());
        List<JsonNode> fns = functions(r);
        assertEquals(2, fns.size());
        assertEquals("FnActive", fns.get(0).get("logicalId").asText());
        assertEquals("COMPLIANT", fns.get(0).get("verdict").asText());
        assertEquals("FnPassThrough", fns.get(1).get("logicalId").asText());
        assertEquals("NON_COMPLIANT", fns.get(1).get("verdict").asText());
        assertEquals(5, fns.get(1).get("line").asInt());
    }

    @Test
    void aBrokenLoopIsBadInputWithOneLine() throws Exception {
        Path t = write("broken.yaml",
                "Transform: AWS::LanguageExtensions",
                "Resources:",
                "  Fn::ForEach::Functions:",
                "    - Name",
                "    - [a, b]",
                "    - Fn: {Type: AWS::Lambda::Function}");
        CheckCommandTest.Run r = CheckCommandTest.check("--quiet", t.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("broken.yaml:3: AWS::LanguageExtensions: Resources/Fn::ForEach::Functions:"
                + " Fn::ForEach::Functions: the key 'Fn' contains neither ${Name} nor &{Name}"), r.err());
    }

    @Test
    void aMacroLeavesEveryFunctionIndeterminateInEveryFormat() throws Exception {
        Path t = write("macro.yaml",
                "Transform: [AWS::LanguageExtensions, CompanyDefaults]",
                "Resources:",
                "  Fn:",
                "    Type: AWS::Lambda::Function",
                "    Properties: {Role: r, TracingConfig: {Mode: Active}}");
        CheckCommandTest.Run text = CheckCommandTest.check("--no-color", "--quiet", t.toString());
        assertEquals(1, text.code(), text.out() + text.err());
        assertTrue(text.out().contains("BLOCKED  Fn  (line 3)"), text.out());
        assertTrue(text.out().contains("The template's transform CompanyDefaults cannot be applied offline: only"
                + " CloudFormation can run it, so what this function becomes is unknown here. The hook fails closed"
                + " (OnIndeterminate=FAIL)."), text.out());

        JsonNode fn = functions(CheckCommandTest.check("--format", "json", "--quiet", t.toString())).get(0);
        assertEquals("INDETERMINATE", fn.get("verdict").asText());

        CheckCommandTest.Run sarif = CheckCommandTest.check("--format", "sarif", "--quiet", t.toString());
        assertEquals(1, sarif.code());
        JsonNode result = JSON.readTree(sarif.out()).at("/runs/0/results/0");
        assertEquals("lambda-hook/indeterminate", result.get("ruleId").asText());
        assertEquals("error", result.get("level").asText());
        assertTrue(result.at("/message/text").asText().contains("transform CompanyDefaults cannot be applied offline"));

        CheckCommandTest.Run junit = CheckCommandTest.check("--format", "junit", "--quiet", t.toString());
        assertEquals(1, junit.code());
        assertTrue(junit.out().contains("<error type=\"Indeterminate\" message=\"The template&apos;s transform"
                + " CompanyDefaults cannot be applied offline") || junit.out().contains("<error type=\"Indeterminate\""
                + " message=\"The template's transform CompanyDefaults cannot be applied offline"), junit.out());
    }

    @Test
    void onIndeterminatePassLetsThemThroughWithAWarningAndTheyAreStillNotCountedCompliant() throws Exception {
        Path t = write("macro.yaml",
                "Transform: CompanyDefaults",
                "Resources:",
                "  Fn:",
                "    Type: AWS::Lambda::Function",
                "    Properties: {Role: r}");
        CheckCommandTest.Run r = CheckCommandTest.check("--format", "json", "--quiet", "--type-configuration",
                "{\"OnIndeterminate\":\"pass\"}", t.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("lambda-hook: warning: " + CheckPlan.display(t) + ":3: Fn: The template's"
                + " transform CompanyDefaults cannot be applied offline"), r.err());
        JsonNode fn = functions(r).get(0);
        assertEquals("NOT_EVALUATED", fn.get("verdict").asText());
        assertTrue(fn.get("message").asText().startsWith("Warning: The template's transform CompanyDefaults"));
        assertTrue(fn.get("message").asText().endsWith("Not evaluated: the type configuration sets OnIndeterminate=PASS."));
        assertFalse(fn.get("message").asText().contains("fails closed"));
        CheckCommandTest.Run sarif = CheckCommandTest.check("--format", "sarif", "--quiet", "--type-configuration",
                "{\"OnIndeterminate\":\"PASS\"}", t.toString());
        assertEquals(0, sarif.code());
        JsonNode result = JSON.readTree(sarif.out()).at("/runs/0/results/0");
        assertEquals("lambda-hook/indeterminate", result.get("ruleId").asText());
        assertEquals("warning", result.get("level").asText());
        assertTrue(result.at("/message/text").asText().startsWith("Fn: Warning: The template's transform CompanyDefaults"));
    }

    @Test
    void anIncludeThatMayAddFunctionsBlocksEvenATemplateThatShowsNone() throws Exception {
        Path t = write("include.yaml",
                "Resources:",
                "  Fn::Transform:",
                "    Name: AWS::Include",
                "    Parameters: {Location: 's3://bucket/functions.yaml'}",
                "  Queue: {Type: AWS::SQS::Queue}");
        CheckCommandTest.Run r = CheckCommandTest.check("--format", "json", "--quiet", t.toString());
        assertEquals(1, r.code(), r.err());
        JsonNode entry = functions(r).get(0);
        assertEquals("Transform", entry.get("logicalId").asText());
        assertEquals("INDETERMINATE", entry.get("verdict").asText());
        assertTrue(entry.get("message").asText().contains("transform AWS::Include cannot be applied offline"));
    }

    @Test
    void fnTransformInsideOneFunctionLeavesOnlyThatFunctionIndeterminate() throws Exception {
        Path t = write("inline.yaml",
                "Resources:",
                "  Macro:",
                "    Type: AWS::Lambda::Function",
                "    Properties:",
                "      Role: r",
                "      Fn::Transform: {Name: AddTracing}",
                "  Plain:",
                "    Type: AWS::Lambda::Function",
                "    Properties: {Role: r, Runtime: python3.12, Handler: i.h, Code: {ZipFile: x}, TracingConfig: {Mode: Active}}");
        CheckCommandTest.Run r = CheckCommandTest.check("--format", "json", "--quiet", "--rules", tracingRuleOnly(), t.toString());
        assertEquals(1, r.code(), r.err());
        List<JsonNode> fns = functions(r);
        assertEquals("INDETERMINATE", fns.get(0).get("verdict").asText());
        assertTrue(fns.get(0).get("message").asText().startsWith("Its definition uses Fn::Transform (AddTracing), which"
                + " cannot be applied offline"));
        assertEquals("COMPLIANT", fns.get(1).get("verdict").asText());
    }
}
