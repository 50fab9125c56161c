package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Guard runner against the real cfn-guard binary. */
class GuardRunnerTest {
    private static final GuardRunner GUARD = GuardRunner.locate();

    private static final String TRACING = "rule tracing_on when resourceType == \"AWS::Lambda::Function\" {\n"
            + "  configuration.tracingConfig.mode == \"Active\"\n  <<\n    Tracing is off.\n    Second line.\n  >>\n}\n";
    private static final String MEMORY = "rule memory_param when resourceType == \"AWS::Lambda::Function\" {\n"
            + "  CONFIG_RULE_PARAMETERS.limit == \"small\"\n  configuration.memorySize <= 512 << Too much memory. >>\n}\n";
    private static final String MEMORY_BIG = "rule memory_param_big when resourceType == \"AWS::Lambda::Function\" {\n"
            + "  CONFIG_RULE_PARAMETERS.limit == \"big\" << wrong parameter >>\n}\n";
    private static final String S3_ONLY = "rule s3_only when resourceType == \"AWS::S3::Bucket\" { configuration.x exists }\n";
    private static final String BARE = "configuration.runtime exists << Runtime missing. >>\n";

    private static ObjectNode doc(String id, String mode, int memory) {
        ObjectNode d = Json.object();
        d.put("resourceType", "AWS::Lambda::Function");
        d.put("resourceId", id);
        ObjectNode c = d.putObject("configuration");
        c.putObject("tracingConfig").put("mode", mode);
        c.put("memorySize", memory);
        return d;
    }

    @Test
    void manyDocumentsAndRulesShareOneProcess() {
        List<GuardRunner.Policy> policies = List.of(
                new GuardRunner.Policy("tracing", TRACING, Map.of()),
                new GuardRunner.Policy("memory", MEMORY, Map.of("limit", "small")),
                new GuardRunner.Policy("s3", S3_ONLY, Map.of()));
        List<ObjectNode> docs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            docs.add(doc("F" + i, i % 2 == 0 ? "Active" : "PassThrough", i % 3 == 0 ? 1024 : 256));
        }
        long before = GUARD.processesStarted();
        List<List<GuardRunner.RuleOutcome>> out = GUARD.evaluate(policies, docs);
        assertEquals(1, GUARD.processesStarted() - before);
        for (int i = 0; i < 60; i++) {
            List<GuardRunner.RuleOutcome> r = out.get(i);
            assertEquals(i % 2 == 0 ? GuardRunner.Outcome.COMPLIANT : GuardRunner.Outcome.NON_COMPLIANT, r.get(0).outcome());
            assertEquals(i % 3 == 0 ? GuardRunner.Outcome.NON_COMPLIANT : GuardRunner.Outcome.COMPLIANT, r.get(1).outcome());
            assertEquals(GuardRunner.Outcome.NOT_APPLICABLE, r.get(2).outcome());
        }
        assertEquals("Tracing is off.", out.get(1).get(0).annotation());
        assertEquals("Too much memory.", out.get(0).get(1).annotation());
        assertNull(out.get(0).get(0).annotation());
    }

    @Test
    void conflictingParametersOrRuleNamesGetTheirOwnProcess() {
        List<GuardRunner.Policy> policies = List.of(
                new GuardRunner.Policy("memory-small", MEMORY, Map.of("limit", "small")),
                new GuardRunner.Policy("memory-big", MEMORY_BIG, Map.of("limit", "big")),
                new GuardRunner.Policy("tracing-a", TRACING, Map.of()),
                new GuardRunner.Policy("tracing-b", TRACING, Map.of()));
        assertEquals(2, PolicyGroups.of(policies).size());
        long before = GUARD.processesStarted();
        List<GuardRunner.RuleOutcome> r = GUARD.evaluate(policies, List.of(doc("F", "Active", 128))).get(0);
        assertEquals(2, GUARD.processesStarted() - before);
        assertEquals(GuardRunner.Outcome.COMPLIANT, r.get(0).outcome());
        assertEquals(GuardRunner.Outcome.COMPLIANT, r.get(1).outcome()); // each saw its own parameter value
        assertEquals(GuardRunner.Outcome.COMPLIANT, r.get(2).outcome());
        assertEquals(GuardRunner.Outcome.COMPLIANT, r.get(3).outcome());
    }

    @Test
    void clausesOutsideNamedRulesAreAttributedToTheirFile() {
        List<GuardRunner.Policy> policies = List.of(new GuardRunner.Policy("tracing", TRACING, Map.of()),
                new GuardRunner.Policy("bare", BARE, Map.of()));
        List<GuardRunner.RuleOutcome> r = GUARD.evaluate(policies, List.of(doc("F", "Active", 128))).get(0);
        assertEquals(GuardRunner.Outcome.NON_COMPLIANT, r.get(1).outcome());
        assertEquals("Runtime missing.", r.get(1).annotation());
        assertEquals(GuardRunner.Outcome.COMPLIANT, r.get(0).outcome());
    }

    @Test
    void withoutACustomMessageTheAnnotationNamesThePathNotTheValue() {
        String rule = "rule no_message { configuration.environment.variables.API_TOKEN == /^arn:/ }\n";
        ObjectNode d = doc("F", "Active", 128);
        ((ObjectNode) d.get("configuration")).putObject("environment").putObject("variables").put("API_TOKEN", "canary-5ecret-value");
        GuardRunner.RuleOutcome o = GUARD.evaluate(List.of(new GuardRunner.Policy("no-message", rule, Map.of())), List.of(d)).get(0).get(0);
        assertEquals(GuardRunner.Outcome.NON_COMPLIANT, o.outcome());
        assertEquals("Guard rule no_message failed at /configuration/environment/variables/API_TOKEN.", o.annotation());
    }

    @Test
    void syntaxErrorsAreReportedAndValidPoliciesAreNot() {
        assertNull(GUARD.syntaxError(TRACING));
        String problem = GUARD.syntaxError("rule broken { configuration.x == }");
        assertNotNull(problem);
        assertTrue(problem.contains("Pars"), problem);
    }

    @Test
    void annotationsAreOneLineOfAtMost256Characters() {
        String longMessage = "rule chatty { configuration.nothing exists << " + "x".repeat(400) + " >> }\n";
        List<GuardRunner.RuleOutcome> r = GUARD.evaluate(List.of(new GuardRunner.Policy("chatty", longMessage, Map.of())),
                List.of(doc("F", "Active", 128))).get(0);
        assertEquals(GuardRunner.Outcome.NON_COMPLIANT, r.get(0).outcome());
        assertEquals(256, r.get(0).annotation().codePointCount(0, r.get(0).annotation().length()));
    }

    @Test
    void theRunnerWritesNothingUnderTheTempDirectory() throws Exception {
        java.nio.file.Path tmp = java.nio.file.Paths.get(System.getProperty("java.io.tmpdir"));
        long before;
        try (var s = java.nio.file.Files.list(tmp)) {
            before = s.count();
        }
        GUARD.evaluate(List.of(new GuardRunner.Policy("tracing", TRACING, Map.of())), List.of(doc("F", "Active", 128)));
        try (var s = java.nio.file.Files.list(tmp)) {
            assertEquals(before, s.count());
        }
    }
}
