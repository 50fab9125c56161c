package com.lambda.tracing.hook.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.evaluation.Outcome.Decision;
import com.lambda.tracing.hook.evaluation.Outcome.Verdict;
import com.lambda.tracing.hook.rules.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionLogTest {

    @Test
    void oneJsonLineWithTheDecisionAndNoSecrets() throws Exception {
        EvaluationTarget target = new EvaluationTarget("tok", "arn:stack", "Fn", "preCreate", "AWS::Lambda::Function",
                Map.of("Environment", Map.of("Variables", Map.of("API_TOKEN", "s3cr3t-value")),
                        "Description", "key " + MaskingTest.ACCESS_KEY));
        Decision decision = new Decision(Verdict.NON_COMPLIANT, false, "m", List.of(
                new RuleResult("lambda-tracing-active", RuleResult.Status.FAILED, Severity.MEDIUM, "not Active", "fix", "link")),
                "eval-1", null, null);

        String line = DecisionLog.line(DecisionLog.of(target, decision, 2, 1234, false, 99));

        assertFalse(line.contains("\n"));
        assertFalse(line.contains("s3cr3t-value"), line);
        assertFalse(line.contains(MaskingTest.ACCESS_KEY), line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("arn:stack", json.path("stackId").asText());
        assertEquals("Fn", json.path("logicalId").asText());
        assertEquals("preCreate", json.path("invocationPoint").asText());
        assertEquals("eval-1", json.path("evaluationId").asText());
        assertEquals("NON_COMPLIANT", json.path("verdict").asText());
        assertFalse(json.path("allowed").asBoolean());
        assertEquals("FAILED", json.path("rules").get(0).path("status").asText());
        assertEquals("MEDIUM", json.path("rules").get(0).path("severity").asText());
        assertEquals(1234, json.path("durationMs").asLong());
        assertEquals(2, json.path("reinvocations").asInt());
        assertTrue(json.has("properties"));
    }
}
