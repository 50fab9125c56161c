package com.lambda.tracing.hook.evaluation;

import static com.lambda.tracing.hook.evaluation.ConfigResponses.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lambda.tracing.hook.evaluation.Outcome.Decision;
import com.lambda.tracing.hook.evaluation.Outcome.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.config.model.ComplianceType;

/** How exemptions of the type configuration change a decision, and what they never change. */
class ExemptionVerdictsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Verdicts verdicts = new Verdicts(ProactiveEvaluatorTest.CATALOG);

    private static RuleExemption exemption(String rule, String stack, String logicalId, String expires) {
        return new RuleExemption(rule, List.of(stack), List.of(logicalId), "uses an on-failure destination",
                "platform-team@example.com", LocalDate.parse(expires));
    }

    private static EvaluationSettings settings(List<String> required, OnIndeterminate on, RuleExemption... exemptions) {
        return new EvaluationSettings(60, on, required, 10, Duration.ofSeconds(20), 3).withExemptions(List.of(exemptions));
    }

    private static EvaluationSettings settings(RuleExemption... exemptions) {
        return settings(List.of(), OnIndeterminate.FAIL, exemptions);
    }

    @Test
    void exemptedOnlyFailurePassesAndListsTheExemption() {
        Decision d = verdicts.decide("orders-prod", "AsyncWorker", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-tracing-active", ComplianceType.COMPLIANT, null),
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, "MemorySize 10240 is above 3008")),
                settings(exemption("lambda-memory-limit", "orders-*", "Async*", "2026-12-31")), NOW);

        assertTrue(d.allowed(), d.message());
        assertEquals(Verdict.COMPLIANT, d.verdict());
        assertTrue(d.message().contains("1 passed, 0 not applicable, 1 exempted"), d.message());
        assertTrue(d.message().contains("- lambda-memory-limit: exempted until the end of 2026-12-31 (UTC), approved by "
                + "platform-team@example.com: uses an on-failure destination"), d.message());
        assertFalse(d.message().contains("EXPIRING"), "30 days left is not 'expiring': " + d.message());
        RuleResult waived = d.results().get(1);
        assertEquals(RuleResult.Status.SKIPPED, waived.status());
        assertTrue(waived.statusMessage().startsWith(RuleExemption.ANNOTATION_PREFIX + "2026-12-31 (UTC), approved by "
                + "platform-team@example.com: uses an on-failure destination. Waived result: MemorySize 10240"), waived.statusMessage());
        assertEquals(1, d.applied().size());
        assertEquals("lambda-memory-limit", d.applied().get(0).ruleName());
    }

    @Test
    void oneExemptedOfTwoFailuresStillBlocksAndNamesOnlyTheOther() {
        Decision d = verdicts.decide("orders-prod", "AsyncWorker", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-tracing-active", ComplianceType.NON_COMPLIANT, "TracingConfig.Mode is PassThrough"),
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, "MemorySize 10240 is above 3008")),
                settings(exemption("lambda-memory-limit", "*", "*", "2026-12-31")), NOW);

        assertFalse(d.allowed());
        assertEquals(Verdict.NON_COMPLIANT, d.verdict());
        assertTrue(d.message().contains("breaks 1 of 2 AWS Config rules (1 more is exempted by the type configuration):"), d.message());
        assertTrue(d.message().contains("lambda-tracing-active: TracingConfig.Mode is PassThrough"), d.message());
        assertFalse(d.message().contains("lambda-memory-limit"), d.message());
        assertEquals(RuleResult.Status.SKIPPED, d.results().get(1).status());
        assertEquals(RuleResult.Status.FAILED, d.results().get(0).status());
    }

    @Test
    void expiredExemptionBlocksAndSaysWhenItExpired() {
        Decision d = verdicts.decide("orders-prod", "AsyncWorker", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, "MemorySize 10240 is above 3008")),
                settings(exemption("lambda-memory-limit", "*", "*", "2026-11-30")), NOW);

        assertFalse(d.allowed());
        assertTrue(d.message().contains("lambda-memory-limit: The exemption approved by platform-team@example.com expired "
                + "at the end of 2026-11-30 (UTC). MemorySize 10240 is above 3008"), d.message());
        assertEquals(RuleResult.Status.FAILED, d.results().get(0).status());
        assertEquals(1, d.exemptions().size());
        assertTrue(d.exemptions().get(0).expired());
        assertTrue(d.applied().isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
            // the last moment of the Expires day still counts; midnight after it does not
            "2026-11-30T23:59:59.999Z, true",
            "2026-12-01T00:00:00Z, false"})
    void anExemptionLastsUntilTheEndOfItsDayInUtc(String now, boolean allowed) {
        Decision d = verdicts.decide("s", "Fn", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, null)),
                settings(exemption("lambda-memory-limit", "*", "*", "2026-11-30")), Instant.parse(now));

        assertEquals(allowed, d.allowed(), d.message());
    }

    @Test
    void exemptionExpiringWithinTwoWeeksIsNamedAsExpiring() {
        Decision d = verdicts.decide("s", "Fn", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, null)),
                settings(exemption("lambda-memory-limit", "*", "*", "2026-12-05")), NOW);

        assertTrue(d.allowed());
        assertTrue(d.message().contains("EXPIRING in 4 days: renew the exemption or fix the function."), d.message());
    }

    @ParameterizedTest
    @CsvSource({
            "orders-*, Other*, the logical id does not match",
            "billing-*, Async*, the stack name does not match",
            "orders-prod, asyncworker, globs are case-sensitive",
            "orders-prod, Async?, ? is exactly one character"})
    void exemptionWhosePatternsDoNotMatchTheFunctionDoesNotApply(String stack, String logicalId, String why) {
        Decision d = verdicts.decide("orders-prod", "AsyncWorker", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, "MemorySize 10240 is above 3008")),
                settings(exemption("lambda-memory-limit", stack, logicalId, "2026-12-31")), NOW);

        assertFalse(d.allowed(), why);
        assertTrue(d.exemptions().isEmpty(), why);
        assertFalse(d.message().contains("exempt"), d.message());
    }

    @Test
    void exemptionOfAnotherRuleDoesNotApply() {
        Decision d = verdicts.decide("s", "Fn", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, null)),
                settings(exemption("lambda-memory", "*", "*", "2026-12-31")), NOW);

        assertFalse(d.allowed(), "a rule name is not a prefix: " + d.message());
    }

    @Test
    void exemptionMatchesTheConformancePackCopyOfItsRule() {
        Decision d = verdicts.decide("s", "Fn", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-memory-limit-conformance-pack-k2x9", ComplianceType.NON_COMPLIANT, null)),
                settings(exemption("lambda-memory-limit", "*", "*", "2026-12-31")), NOW);

        assertTrue(d.allowed(), d.message());
        assertTrue(d.message().contains("- lambda-memory-limit-conformance-pack-k2x9: exempted until"), d.message());
    }

    @Test
    void exemptionNeverRescuesAMissingRequiredRule() {
        Decision d = verdicts.decide("s", "Fn", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, null)),
                settings(List.of("lambda-tracing-active"), OnIndeterminate.FAIL,
                        exemption("lambda-memory-limit", "*", "*", "2026-12-31"),
                        exemption("lambda-tracing-active", "*", "*", "2026-12-31")), NOW);

        assertFalse(d.allowed(), d.message());
        assertEquals(IndeterminateCause.REQUIRED_RULE_MISSING, d.cause());
    }

    @Test
    void exemptionNeverRescuesAResultWithoutAUsableComplianceType() {
        Decision d = verdicts.decide("s", "Fn", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, null),
                result("lambda-tracing-active", ComplianceType.INSUFFICIENT_DATA, null)),
                settings(exemption("lambda-memory-limit", "*", "*", "2026-12-31"),
                        exemption("lambda-tracing-active", "*", "*", "2026-12-31")), NOW);

        assertFalse(d.allowed(), d.message());
        assertEquals(Verdict.INDETERMINATE, d.verdict());
        assertEquals(IndeterminateCause.MALFORMED_RESPONSE, d.cause());
    }

    @Test
    void exemptionNeverRescuesInsufficientData() {
        Decision d = verdicts.decide("s", "Fn", "eval-1", ComplianceType.INSUFFICIENT_DATA, List.of(),
                settings(exemption("lambda-memory-limit", "*", "*", "2026-12-31")), NOW);

        assertFalse(d.allowed());
        assertEquals(IndeterminateCause.INSUFFICIENT_DATA, d.cause());
        assertNull(d.exemptions().isEmpty() ? null : d.exemptions());
    }

    @Test
    void theLongestLastingOfSeveralMatchingExemptionsApplies() {
        Decision d = verdicts.decide("s", "Fn", "eval-1", ComplianceType.NON_COMPLIANT, List.of(
                result("lambda-memory-limit", ComplianceType.NON_COMPLIANT, null)),
                settings(exemption("lambda-memory-limit", "*", "*", "2026-11-01"),
                        exemption("lambda-memory-limit", "s", "Fn", "2027-03-31"),
                        exemption("lambda-memory-limit", "*", "F*", "2026-12-24")), NOW);

        assertTrue(d.allowed());
        assertEquals(LocalDate.parse("2027-03-31"), d.applied().get(0).exemption().expires());
    }
}
