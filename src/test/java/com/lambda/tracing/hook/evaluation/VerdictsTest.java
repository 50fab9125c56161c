package com.lambda.tracing.hook.evaluation;

import static com.lambda.tracing.hook.evaluation.ConfigResponses.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lambda.tracing.hook.evaluation.Outcome.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.EvaluationResult;

class VerdictsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Verdicts verdicts = new Verdicts(ProactiveEvaluatorTest.CATALOG);
    private final EvaluationSettings settings =
            new EvaluationSettings(60, OnIndeterminate.FAIL, List.of(), 10, Duration.ofSeconds(20), 3);

    @Test
    void failingRulesAreListedMostSevereFirstWithTheirFix() {
        Decision d = verdicts.decide("stack", "Fn", "eval-9", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, "MemorySize 10240 is above 3008"),
                result("custom-unknown-rule", ComplianceType.NON_COMPLIANT, "custom says no"),
                result("lambda-no-secrets-in-env", ComplianceType.NON_COMPLIANT, "SECRET_KEY looks like a secret"),
                result("lambda-tracing-active", ComplianceType.NON_COMPLIANT, null)), settings, NOW);

        String m = d.message();
        int critical = m.indexOf("[CRITICAL] lambda-no-secrets-in-env");
        int medium = m.indexOf("[MEDIUM] lambda-tracing-active: Non-compliant: Title of lambda-tracing-active");
        int low = m.indexOf("[LOW] lambda-memory-limit: MemorySize 10240 is above 3008. Fix: Lower MemorySize.");
        int unrated = m.indexOf("[UNRATED] custom-unknown-rule: custom says no");
        assertTrue(critical > 0 && critical < medium && medium < low && low < unrated, m);
        assertTrue(m.contains("Fix: Move secrets to Secrets Manager."), m);
        assertTrue(m.endsWith("\nAWS Config evaluation: eval-9"), m);
        RuleResult unknown = d.results().stream().filter(r -> r.ruleName().equals("custom-unknown-rule")).findFirst().orElseThrow();
        assertNull(unknown.severity());
        assertNull(unknown.remediation());
        assertEquals("custom says no", unknown.statusMessage());
    }

    @Test
    void messageStaysWithinCloudFormationsLimitAndNamesEveryRule() {
        List<EvaluationResult> results = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            results.add(result(String.format("org-rule-%03d", i), ComplianceType.NON_COMPLIANT, "x".repeat(250)));
        }

        Decision d = verdicts.decide("stack", "Fn", "eval-long", ComplianceType.NON_COMPLIANT, results, settings, NOW);

        assertTrue(d.message().length() <= Verdicts.MAX_MESSAGE_CHARS, "length " + d.message().length());
        assertTrue(d.message().endsWith("AWS Config evaluation: eval-long"));
        assertTrue(d.message().contains("more failing rules (details in the hook annotations)"), d.message());
        assertTrue(d.message().contains("org-rule-000"));
        assertEquals(120, d.results().size(), "every result still becomes an annotation");
    }

    @Test
    void compliantMessageCountsPassedAndNotApplicable() {
        Decision d = verdicts.decide("stack", "Fn", "eval-1", ComplianceType.COMPLIANT, List.of(
                result("lambda-tracing-active", ComplianceType.COMPLIANT, null),
                result("lambda-memory-limit", ComplianceType.NOT_APPLICABLE, null)), settings, NOW);

        assertTrue(d.allowed());
        assertTrue(d.message().contains("1 passed, 1 not applicable"), d.message());
    }

    @Test
    void annotationsFromConfigAreMasked() {
        Decision d = verdicts.decide("stack", "Fn", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-no-secrets-in-env", ComplianceType.NON_COMPLIANT, "value " + MaskingTest.ACCESS_KEY + " found")), settings, NOW);

        assertTrue(d.results().get(0).statusMessage().contains("****"));
        assertTrue(!d.message().contains(MaskingTest.ACCESS_KEY), d.message());
    }

    @Test
    void ruleResultWithoutAUsableComplianceTypeIsIndeterminateNotNonCompliant() {
        Decision d = verdicts.decide("stack", "Fn", "eval-1", ComplianceType.COMPLIANT, List.of(
                result("lambda-tracing-active", ComplianceType.COMPLIANT, null),
                result("lambda-memory-limit", ComplianceType.INSUFFICIENT_DATA, null)), settings, NOW);

        assertEquals(IndeterminateCause.MALFORMED_RESPONSE, d.cause());
        assertTrue(d.message().contains("lambda-memory-limit=INSUFFICIENT_DATA"), d.message());
        assertEquals(RuleResult.Status.FAILED, d.results().get(1).status());
    }

    @Test
    void indeterminateWithoutEvaluationIdHasNoSuffix() {
        Decision d = verdicts.indeterminate("Fn", null, IndeterminateCause.THROTTLED, "Rate exceeded", List.of(), settings);
        assertTrue(d.message().contains("kept throttling"));
        assertTrue(!d.message().contains("AWS Config evaluation:"));
    }
}
