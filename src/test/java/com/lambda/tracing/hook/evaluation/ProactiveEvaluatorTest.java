package com.lambda.tracing.hook.evaluation;

import static com.lambda.tracing.hook.evaluation.ConfigResponses.failed;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.finishes;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.page;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.result;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.lambda.tracing.hook.evaluation.Outcome.Decision;
import com.lambda.tracing.hook.evaluation.Outcome.Pending;
import com.lambda.tracing.hook.evaluation.Outcome.Verdict;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;
import com.lambda.tracing.hook.rules.Severity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.ConfigException;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByResourceRequest;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryRequest;
import software.amazon.awssdk.services.config.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.config.model.InvalidParameterValueException;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;
import software.amazon.awssdk.services.config.model.ResourceNotFoundException;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationRequest;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationResponse;

class ProactiveEvaluatorTest {
    static final RuleCatalog CATALOG = new RuleCatalog(List.of(
            rule("lambda-tracing-active", Severity.MEDIUM, "Set TracingConfig.Mode to Active."),
            rule("lambda-no-secrets-in-env", Severity.CRITICAL, "Move secrets to Secrets Manager."),
            rule("lambda-memory-limit", Severity.LOW, "Lower MemorySize.")));

    private ConfigClient client;
    private FakeTime time;
    private ProactiveEvaluator evaluator;
    private EvaluationTarget target;

    static RuleDefinition rule(String name, Severity severity, String fix) {
        return new RuleDefinition(name, "Title of " + name, severity, "why", fix, "https://example.com/" + name, List.of(), "rule x {}");
    }

    static <Q extends AwsRequest, R extends AwsResponse> R direct(Q request, Function<Q, R> call) {
        return call.apply(request);
    }

    static EvaluationSettings settings(OnIndeterminate on, List<String> required, int maxReinvocations, int maxWaitSeconds) {
        return new EvaluationSettings(60, on, required, maxReinvocations, Duration.ofSeconds(maxWaitSeconds), 3);
    }

    @BeforeEach
    void setUp() {
        client = mock(ConfigClient.class);
        time = new FakeTime(1_700_000_000_000L);
        evaluator = new ProactiveEvaluator(client, ProactiveEvaluatorTest::direct, time, time, new Verdicts(CATALOG));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Runtime", "python3.12");
        properties.put("MemorySize", "256");
        properties.put("TracingConfig", Map.of("Mode", "Active"));
        target = new EvaluationTarget("token", "arn:aws:cloudformation:us-east-1:1:stack/s/u", "Fn", "preCreate",
                "AWS::Lambda::Function", properties);
        when(client.startResourceEvaluation(any(StartResourceEvaluationRequest.class)))
                .thenReturn(StartResourceEvaluationResponse.builder().resourceEvaluationId("eval-1").build());
    }

    private Outcome run(EvaluationSettings settings) {
        return evaluator.evaluate(target, null, settings).outcome();
    }

    private static EvaluationSettings defaults() {
        return settings(OnIndeterminate.FAIL, List.of(), 10, 20);
    }

    /** A compliant evaluation passes, and so does one whose only result is NOT_APPLICABLE. */
    @ParameterizedTest
    @CsvSource({"COMPLIANT, PASSED", "NOT_APPLICABLE, SKIPPED"})
    void anEvaluationWithoutFailuresPasses(ComplianceType compliance, RuleResult.Status status) {
        finishes(client, compliance, result("lambda-tracing-active", compliance, null));

        Decision d = assertInstanceOf(Decision.class, run(defaults()));

        assertEquals(Verdict.COMPLIANT, d.verdict());
        assertTrue(d.allowed());
        assertEquals(status, d.results().get(0).status());
        assertTrue(d.message().endsWith("AWS Config evaluation: eval-1"), d.message());
    }

    @Test
    void nonCompliantBlocksEvenWhenIndeterminateWouldPass() {
        finishes(client, ComplianceType.NON_COMPLIANT,
                result("lambda-tracing-active", ComplianceType.NON_COMPLIANT, "tracing is PassThrough"),
                result("lambda-memory-limit", ComplianceType.COMPLIANT, null));

        Decision d = assertInstanceOf(Decision.class, run(settings(OnIndeterminate.PASS, List.of(), 10, 20)));

        assertEquals(Verdict.NON_COMPLIANT, d.verdict());
        assertFalse(d.allowed());
        assertTrue(d.message().contains("lambda-tracing-active: tracing is PassThrough. Fix: Set TracingConfig.Mode to Active."),
                d.message());
        assertTrue(d.message().contains("breaks 1 of 2"));
        assertEquals(2, d.results().size());
    }

    @Test
    void insufficientDataIsIndeterminateAndFollowsOnIndeterminate() {
        finishes(client, ComplianceType.INSUFFICIENT_DATA);

        Decision blocked = assertInstanceOf(Decision.class, run(defaults()));
        Decision passed = assertInstanceOf(Decision.class, run(settings(OnIndeterminate.PASS, List.of(), 10, 20)));

        assertEquals(IndeterminateCause.INSUFFICIENT_DATA, blocked.cause());
        assertFalse(blocked.allowed());
        assertTrue(blocked.message().contains("INSUFFICIENT_DATA"));
        assertTrue(blocked.message().contains("OnIndeterminate=FAIL"));
        assertTrue(passed.allowed());
        assertTrue(passed.message().contains("OnIndeterminate=PASS"));
    }

    @Test
    void emptyResultsAreIndeterminate() {
        finishes(client, ComplianceType.COMPLIANT);

        Decision d = assertInstanceOf(Decision.class, run(defaults()));

        assertEquals(IndeterminateCause.NO_RESULTS, d.cause());
        assertFalse(d.allowed());
        assertTrue(d.message().contains("no rule results"));
    }

    /** A FAILED evaluation is indeterminate with the cause its reason names, and its results are not read. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Rule lambda-x could not run: internal error. | EVALUATION_FAILED    | Rule lambda-x could not run: internal error.",
            "Resource evaluation timed out.               | EVALUATION_TIMED_OUT | timed out"})
    void aFailedEvaluationIsNamedByItsReason(String reason, IndeterminateCause cause, String named) {
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class))).thenReturn(failed(reason));

        Decision d = assertInstanceOf(Decision.class, run(defaults()));

        assertEquals(cause, d.cause());
        assertTrue(d.message().contains(named), d.message());
        verify(client, never()).getComplianceDetailsByResource(any(GetComplianceDetailsByResourceRequest.class));
    }

    @Test
    void inProgressBeyondTheBudgetReturnsPendingWithinTheWallClockLimit() {
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class)))
                .thenReturn(summary(ResourceEvaluationStatus.IN_PROGRESS, null));
        long start = time.millis();

        Pending p = assertInstanceOf(Pending.class, run(settings(OnIndeterminate.FAIL, List.of(), 10, 2)));

        assertEquals("eval-1", p.progress().evaluationId());
        assertEquals(1, p.progress().reinvocations());
        assertEquals(start, p.progress().startedAtEpochMilli());
        assertTrue(time.millis() - start <= 2_000, "never more than MaxWaitPerInvocationSeconds");
        // The schedule's pauses (GrowingPollSchedule): a few hundred ms at first, growing with the time waited, and
        // the last one cut to the deadline.
        List<Duration> sleeps = time.sleeps();
        assertTrue(sleeps.get(0).toMillis() >= 280 && sleeps.get(0).toMillis() <= 420, sleeps.toString());
        assertTrue(sleeps.stream().allMatch(s -> s.toMillis() <= 3000), sleeps.toString());
        assertTrue(sleeps.size() <= 6, "about 2 s of polling takes a handful of polls: " + sleeps);
    }

    @Test
    void resumedInvocationPollsTheSameEvaluationWithoutStartingAnother() {
        finishes(client, ComplianceType.COMPLIANT, result("lambda-tracing-active", ComplianceType.COMPLIANT, null));

        Outcome outcome = evaluator.evaluate(target, new EvaluationProgress("eval-7", 3, time.millis() - 5_000), defaults()).outcome();

        assertInstanceOf(Decision.class, outcome);
        verify(client, never()).startResourceEvaluation(any(StartResourceEvaluationRequest.class));
        ArgumentCaptor<GetResourceEvaluationSummaryRequest> polled = ArgumentCaptor.forClass(GetResourceEvaluationSummaryRequest.class);
        verify(client).getResourceEvaluationSummary(polled.capture());
        assertEquals("eval-7", polled.getValue().resourceEvaluationId());
    }

    @Test
    void callbackContextWithoutStartTimeCountsFromNow() {
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class)))
                .thenReturn(summary(ResourceEvaluationStatus.IN_PROGRESS, null));

        Outcome outcome = evaluator.evaluate(target, new EvaluationProgress("eval-1", 1, 0), settings(OnIndeterminate.FAIL, List.of(), 10, 1)).outcome();

        Pending p = assertInstanceOf(Pending.class, outcome);
        assertEquals(2, p.progress().reinvocations());
        assertEquals(1_700_000_000_000L, p.progress().startedAtEpochMilli());
    }

    @Test
    void reinvocationBudgetExhaustedIsIndeterminate() {
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class)))
                .thenReturn(summary(ResourceEvaluationStatus.IN_PROGRESS, null));

        Outcome outcome = evaluator.evaluate(target, new EvaluationProgress("eval-1", 2, time.millis()),
                settings(OnIndeterminate.FAIL, List.of(), 2, 1)).outcome();

        Decision d = assertInstanceOf(Decision.class, outcome);
        assertEquals(IndeterminateCause.REINVOCATIONS_EXHAUSTED, d.cause());
        assertTrue(d.message().contains("MaxReinvocations=2"), d.message());
    }

    @Test
    void evaluationStillRunningPastItsTimeoutIsTimedOut() {
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class)))
                .thenReturn(summary(ResourceEvaluationStatus.IN_PROGRESS, null));

        Outcome outcome = evaluator.evaluate(target, new EvaluationProgress("eval-1", 1, time.millis() - 600_000), defaults()).outcome();

        assertEquals(IndeterminateCause.EVALUATION_TIMED_OUT, assertInstanceOf(Decision.class, outcome).cause());
    }

    @Test
    void readsEveryPageOfResults() {
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class)))
                .thenReturn(summary(ResourceEvaluationStatus.SUCCEEDED, ComplianceType.NON_COMPLIANT));
        when(client.getComplianceDetailsByResource(any(GetComplianceDetailsByResourceRequest.class)))
                .thenReturn(page("p2", result("lambda-tracing-active", ComplianceType.COMPLIANT, null)))
                .thenReturn(page("p3", result("lambda-memory-limit", ComplianceType.COMPLIANT, null)))
                .thenReturn(page(null, result("lambda-no-secrets-in-env", ComplianceType.NON_COMPLIANT, "secret in env")));

        Decision d = assertInstanceOf(Decision.class, run(defaults()));

        assertEquals(3, d.results().size());
        assertEquals(Verdict.NON_COMPLIANT, d.verdict());
        assertTrue(d.message().contains("lambda-no-secrets-in-env"));
        ArgumentCaptor<GetComplianceDetailsByResourceRequest> pages = ArgumentCaptor.forClass(GetComplianceDetailsByResourceRequest.class);
        verify(client, times(3)).getComplianceDetailsByResource(pages.capture());
        assertNull(pages.getAllValues().get(0).nextToken());
        assertEquals("p2", pages.getAllValues().get(1).nextToken());
        assertEquals("p3", pages.getAllValues().get(2).nextToken());
        assertTrue(pages.getAllValues().stream().allMatch(r -> "eval-1".equals(r.resourceEvaluationId())));
    }

    @Test
    void repeatingNextTokenIsAMalformedResponse() {
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class)))
                .thenReturn(summary(ResourceEvaluationStatus.SUCCEEDED, ComplianceType.COMPLIANT));
        when(client.getComplianceDetailsByResource(any(GetComplianceDetailsByResourceRequest.class)))
                .thenReturn(page("same", result("lambda-tracing-active", ComplianceType.COMPLIANT, null)));

        Decision d = assertInstanceOf(Decision.class, run(defaults()));

        assertEquals(IndeterminateCause.MALFORMED_RESPONSE, d.cause());
    }

    @Test
    void missingEvaluationStatusIsAMalformedResponse() {
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class)))
                .thenReturn(software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryResponse.builder().build());

        assertEquals(IndeterminateCause.MALFORMED_RESPONSE, assertInstanceOf(Decision.class, run(defaults())).cause());
    }

    @Test
    void requiredRuleMustAppearExactlyOrAsConformancePackRule() {
        finishes(client, ComplianceType.COMPLIANT, result("lambda-tracing-active-conformance-pack-abc123", ComplianceType.COMPLIANT, null));

        Decision present = assertInstanceOf(Decision.class,
                run(settings(OnIndeterminate.FAIL, List.of("lambda-tracing-active"), 10, 20)));
        Decision absent = assertInstanceOf(Decision.class,
                run(settings(OnIndeterminate.FAIL, List.of("lambda-tracing-active", "lambda-memory-limit"), 10, 20)));

        assertTrue(present.allowed());
        assertEquals(Severity.MEDIUM, present.results().get(0).severity(), "the catalog knows conformance-pack names");
        assertEquals(IndeterminateCause.REQUIRED_RULE_MISSING, absent.cause());
        assertTrue(absent.message().contains("lambda-memory-limit"));
        assertFalse(absent.allowed());
        assertEquals(RuleResult.Status.FAILED, absent.results().get(1).status());
    }

    enum ApiFailure { THROTTLING, SERVER_ERROR, IDEMPOTENCY, NOT_FOUND, INVALID_PARAMETER, NETWORK, ACCESS_DENIED }

    @ParameterizedTest
    @EnumSource(ApiFailure.class)
    void apiErrorsSurvivingRetriesAreIndeterminateAndNamed(ApiFailure failure) {
        RuntimeException error = switch (failure) {
            case THROTTLING -> serviceError(400, "ThrottlingException", "Rate exceeded");
            case SERVER_ERROR -> serviceError(503, "ServiceUnavailable", "try later");
            case IDEMPOTENCY -> IdempotentParameterMismatchException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("IdempotentParameterMismatch").errorMessage("token reused").build())
                    .build();
            case NOT_FOUND -> ResourceNotFoundException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").errorMessage("gone").build())
                    .build();
            case INVALID_PARAMETER -> InvalidParameterValueException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterValueException")
                            .errorMessage("#/Code: required key not found").build())
                    .build();
            case NETWORK -> SdkClientException.create("Unable to execute HTTP request: Connect timed out");
            case ACCESS_DENIED -> serviceError(400, "AccessDeniedException", "not authorized to perform config:StartResourceEvaluation");
        };
        IndeterminateCause expected = switch (failure) {
            case THROTTLING -> IndeterminateCause.THROTTLED;
            case SERVER_ERROR -> IndeterminateCause.SERVICE_ERROR;
            case IDEMPOTENCY -> IndeterminateCause.IDEMPOTENCY_MISMATCH;
            case NOT_FOUND -> IndeterminateCause.EVALUATION_NOT_FOUND;
            case INVALID_PARAMETER -> IndeterminateCause.INVALID_REQUEST;
            case NETWORK -> IndeterminateCause.API_ERROR;
            case ACCESS_DENIED -> IndeterminateCause.ACCESS_DENIED;
        };
        if (failure == ApiFailure.NOT_FOUND) {
            when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class))).thenThrow(error);
        } else {
            when(client.startResourceEvaluation(any(StartResourceEvaluationRequest.class))).thenThrow(error);
        }

        Decision d = assertInstanceOf(Decision.class, run(defaults()));

        assertEquals(expected, d.cause());
        assertFalse(d.allowed());
        assertTrue(d.message().contains(expected.description()), d.message());
        assertFalse(d.message().contains("\tat "), "no stack trace");
    }

    @Test
    void oversizedConfigurationIsShortenedOrIndeterminate() {
        Map<String, Object> big = new LinkedHashMap<>(target.properties());
        big.put("Code", Map.of("ZipFile", "x".repeat(60_000)));
        finishes(client, ComplianceType.COMPLIANT, result("lambda-tracing-active", ComplianceType.COMPLIANT, null));

        ProactiveEvaluator.Run shortened = evaluator.evaluate(new EvaluationTarget("t", "s", "Fn", "preCreate",
                "AWS::Lambda::Function", big), null, defaults());

        assertTrue(shortened.codeShortened());
        assertInstanceOf(Decision.class, shortened.outcome());
        ArgumentCaptor<StartResourceEvaluationRequest> start = ArgumentCaptor.forClass(StartResourceEvaluationRequest.class);
        verify(client).startResourceEvaluation(start.capture());
        assertTrue(start.getValue().resourceDetails().resourceConfiguration().length() <= PropertyNormaliser.MAX_CONFIGURATION_CHARS);

        Map<String, Object> huge = new LinkedHashMap<>(big);
        huge.put("Description", "d".repeat(60_000));
        Decision tooLarge = assertInstanceOf(Decision.class, evaluator.evaluate(new EvaluationTarget("t", "s", "Fn",
                "preCreate", "AWS::Lambda::Function", huge), null, defaults()).outcome());
        assertEquals(IndeterminateCause.CONFIGURATION_TOO_LARGE, tooLarge.cause());
        assertTrue(tooLarge.message().contains("51,200"));
        verify(client, times(1)).startResourceEvaluation(any(StartResourceEvaluationRequest.class));
    }

    private static ConfigException serviceError(int status, String code, String message) {
        return (ConfigException) ConfigException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .build();
    }
}
