package com.lambda.tracing.hook.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.ConfigException;
import software.amazon.awssdk.services.config.model.ConfigRule;
import software.amazon.awssdk.services.config.model.EvaluationMode;
import software.amazon.awssdk.services.config.model.EvaluationModeConfiguration;
import software.amazon.awssdk.services.config.model.EvaluationResult;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByResourceResponse;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryResponse;
import software.amazon.awssdk.services.config.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.config.model.InvalidNextTokenException;
import software.amazon.awssdk.services.config.model.InvalidParameterValueException;
import software.amazon.awssdk.services.config.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.config.model.NoSuchConfigRuleException;
import software.amazon.awssdk.services.config.model.Owner;
import software.amazon.awssdk.services.config.model.ResourceEvaluation;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;
import software.amazon.awssdk.services.config.model.ResourceNotFoundException;
import software.amazon.awssdk.services.config.model.ValidationException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.lambda.tracing.hook.local.EndpointFixture.await;
import static com.lambda.tracing.hook.local.EndpointFixture.lambda;
import static com.lambda.tracing.hook.local.EndpointFixture.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint through the real AWS SDK for Java v2 over HTTP, with the real rules/ pack and cfn-guard. */
class ConfigEndpointSdkTest {
    private static final String TOKEN_A = "a".repeat(64);
    private static ConfigEndpoint endpoint;
    private static ConfigClient config;
    private static ConfigClient noRetry;

    @BeforeAll
    static void up() {
        endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).start();
        config = EndpointFixture.client(endpoint, true);
        noRetry = EndpointFixture.client(endpoint, false);
    }

    @AfterAll
    static void down() {
        config.close();
        noRetry.close();
        endpoint.close();
    }

    @BeforeEach
    void clean() {
        endpoint.faults().reset();
    }

    private static GetComplianceDetailsByResourceResponse details(String id) {
        return config.getComplianceDetailsByResource(r -> r.resourceEvaluationId(id));
    }

    private static EvaluationResult result(String id, String rule) {
        return details(id).evaluationResults().stream()
                .filter(r -> r.evaluationResultIdentifier().evaluationResultQualifier().configRuleName().equals(rule))
                .findFirst().orElseThrow();
    }

    @Test
    void nonCompliantFunctionIsFlaggedWithTheRuleMessageAsAnnotation() throws Exception {
        String id = config.startResourceEvaluation(start("BadFunction", lambda("PassThrough")).build()).resourceEvaluationId();
        GetResourceEvaluationSummaryResponse s = await(config, id, Duration.ofSeconds(20));
        assertEquals(ResourceEvaluationStatus.SUCCEEDED, s.evaluationStatus().status());
        assertEquals(ComplianceType.NON_COMPLIANT, s.compliance());
        assertEquals(EvaluationMode.PROACTIVE, s.evaluationMode());
        assertEquals("BadFunction", s.resourceDetails().resourceId());
        assertNotNull(s.evaluationStartTimestamp());
        EvaluationResult r = result(id, "lambda-tracing-active");
        assertEquals(ComplianceType.NON_COMPLIANT, r.complianceType());
        assertTrue(r.annotation().contains("TracingConfig.Mode"), r.annotation());
        assertFalse(r.annotation().contains("\n"));
        assertTrue(r.annotation().length() <= 256);
        assertEquals(id, r.evaluationResultIdentifier().resourceEvaluationId());
        assertEquals(EvaluationMode.PROACTIVE, r.evaluationResultIdentifier().evaluationResultQualifier().evaluationMode());
        assertNotNull(r.resultRecordedTime());
        assertNotNull(r.configRuleInvokedTime());
    }

    @Test
    void activeTracingPassesTheTracingRule() throws Exception {
        String id = config.startResourceEvaluation(start("GoodFunction", lambda("Active")).build()).resourceEvaluationId();
        assertEquals(ResourceEvaluationStatus.SUCCEEDED, await(config, id, Duration.ofSeconds(20)).evaluationStatus().status());
        EvaluationResult r = result(id, "lambda-tracing-active");
        assertEquals(ComplianceType.COMPLIANT, r.complianceType());
        assertNull(r.annotation());
    }

    @Test
    void absentTracingConfigFailsInsteadOfSkipping() throws Exception {
        String props = "{\"Runtime\":\"python3.12\",\"Role\":\"arn:aws:iam::123456789012:role/r\",\"Code\":{\"ZipFile\":\"x\"}}";
        String id = config.startResourceEvaluation(start("NoTracing", props).build()).resourceEvaluationId();
        await(config, id, Duration.ofSeconds(20));
        assertEquals(ComplianceType.NON_COMPLIANT, result(id, "lambda-tracing-active").complianceType());
    }

    @Test
    void evaluationDelayKeepsItInProgressThenItFinishes() throws Exception {
        endpoint.faults().evaluationDelay(Duration.ofMillis(1500));
        String id = config.startResourceEvaluation(start("Slow", lambda("Active")).build()).resourceEvaluationId();
        GetResourceEvaluationSummaryResponse s = config.getResourceEvaluationSummary(r -> r.resourceEvaluationId(id));
        assertEquals(ResourceEvaluationStatus.IN_PROGRESS, s.evaluationStatus().status());
        assertNull(s.compliance());
        assertTrue(details(id).evaluationResults().isEmpty());
        s = await(config, id, Duration.ofSeconds(20));
        assertEquals(ResourceEvaluationStatus.SUCCEEDED, s.evaluationStatus().status());
        // The delay is when Config finishes: the rules run during it and their results are recorded at its end.
        long started = s.evaluationStartTimestamp().toEpochMilli();
        List<EvaluationResult> results = details(id).evaluationResults();
        assertFalse(results.isEmpty());
        for (EvaluationResult r : results) {
            long recorded = r.resultRecordedTime().toEpochMilli() - started;
            long invoked = r.configRuleInvokedTime().toEpochMilli() - started;
            assertTrue(recorded >= 1500, "recorded " + recorded + " ms after the start");
            assertTrue(invoked < 1500, "rule invoked " + invoked + " ms after the start, not during the delay");
        }
    }

    @Test
    void evaluationTimeoutEndsAsFailedWithInsufficientData() throws Exception {
        endpoint.faults().evaluationDelay(Duration.ofSeconds(5));
        String id = config.startResourceEvaluation(start("TimesOut", lambda("Active")).evaluationTimeout(1).build())
                .resourceEvaluationId();
        GetResourceEvaluationSummaryResponse s = await(config, id, Duration.ofSeconds(10));
        assertEquals(ResourceEvaluationStatus.FAILED, s.evaluationStatus().status());
        assertEquals("Resource evaluation timed out.", s.evaluationStatus().failureReason());
        assertEquals(ComplianceType.INSUFFICIENT_DATA, s.compliance());
    }

    @Test
    void sameClientTokenAndRequestGiveTheSameEvaluation() {
        String first = config.startResourceEvaluation(start("Idem", lambda("Active")).clientToken(TOKEN_A).build()).resourceEvaluationId();
        String again = config.startResourceEvaluation(start("Idem", lambda("Active")).clientToken(TOKEN_A).build()).resourceEvaluationId();
        assertEquals(first, again);
        String other = config.startResourceEvaluation(start("Idem", lambda("Active")).clientToken("b".repeat(64)).build()).resourceEvaluationId();
        assertNotEquals(first, other);
        IdempotentParameterMismatchException e = assertThrows(IdempotentParameterMismatchException.class, () ->
                config.startResourceEvaluation(start("Idem", lambda("PassThrough")).clientToken(TOKEN_A).build()));
        assertEquals("IdempotentParameterMismatch", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertTrue(e.getMessage().contains("same client token"));
        assertEquals(4, endpoint.stats().startCalls("Idem")); // every call counts, the mismatch included
    }

    @Test
    void modelConstraintsAnswerCoralStyleValidationException() {
        ValidationException e = assertThrows(ValidationException.class, () -> config.startResourceEvaluation(
                start("x".repeat(769), lambda("Active")).clientToken("short").build()));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        String m = e.awsErrorDetails().errorMessage();
        assertTrue(m.startsWith("2 validation errors detected: "), m);
        assertTrue(m.contains("at 'resourceDetails.resourceId' failed to satisfy constraint: Member must have length less than or equal to 768"), m);
        assertTrue(m.contains("Value 'short' at 'clientToken' failed to satisfy constraint: Member must have length greater than or equal to 64"), m);

        e = assertThrows(ValidationException.class, () -> config.startResourceEvaluation(r -> r.evaluationTimeout(3601)));
        m = e.awsErrorDetails().errorMessage();
        assertTrue(m.contains("Value null at 'resourceDetails' failed to satisfy constraint: Member must not be null"), m);
        assertTrue(m.contains("Value null at 'evaluationMode' failed to satisfy constraint: Member must not be null"), m);
        assertTrue(m.contains("Value '3601' at 'evaluationTimeout' failed to satisfy constraint: Member must have value less than or equal to 3600"), m);

        String huge = "{\"Role\":\"r\",\"Code\":{},\"Environment\":{\"Variables\":{\"DB_PASSWORD\":\"canary-" + "p".repeat(52000) + "\"}}}";
        e = assertThrows(ValidationException.class, () -> config.startResourceEvaluation(start("Huge", huge).build()));
        assertTrue(e.getMessage().contains("Value at 'resourceDetails.resourceConfiguration' failed to satisfy constraint: "
                + "Member must have length less than or equal to 51200"), e.getMessage());
        assertFalse(e.getMessage().contains("canary"), "configuration values are never echoed");

        e = assertThrows(ValidationException.class, () -> config.getResourceEvaluationSummary(r -> r.resourceEvaluationId("")));
        assertTrue(e.getMessage().contains("Member must have length greater than or equal to 1"));
    }

    @Test
    void semanticProblemsAnswerInvalidParameterValueException() {
        InvalidParameterValueException e = assertThrows(InvalidParameterValueException.class, () -> config.startResourceEvaluation(
                start("F", lambda("Active")).evaluationMode(EvaluationMode.DETECTIVE).build()));
        assertTrue(e.getMessage().contains("PROACTIVE"));
        e = assertThrows(InvalidParameterValueException.class, () -> config.startResourceEvaluation(
                start("Q", "{}").resourceDetails(d -> d.resourceId("Q").resourceType("AWS::SQS::Queue").resourceConfiguration("{}")).build()));
        assertTrue(e.getMessage().contains("The resource type AWS::SQS::Queue is invalid. Only the following values are permitted: ["), e.getMessage());
        e = assertThrows(InvalidParameterValueException.class, () -> config.startResourceEvaluation(start("J", "{not json").build()));
        assertTrue(e.getMessage().contains("not a valid JSON object"));
        e = assertThrows(InvalidParameterValueException.class, () -> config.startResourceEvaluation(start("S",
                "{\"Role\":\"arn:aws:iam::123456789012:role/r\",\"Code\":{},\"MemorySize\":\"256\"}").build()));
        assertTrue(e.getMessage().contains("#/MemorySize: expected type: Integer, found: String"), e.getMessage());
        e = assertThrows(InvalidParameterValueException.class, () -> config.startResourceEvaluation(start("R", "{\"Runtime\":\"java21\"}").build()));
        assertTrue(e.getMessage().contains("required key [Code] not found"));
        e = assertThrows(InvalidParameterValueException.class, () -> config.getComplianceDetailsByResource(r -> r.resourceType("AWS::Lambda::Function")));
        assertTrue(e.getMessage().contains("ResourceEvaluationId"));
        e = assertThrows(InvalidParameterValueException.class, () -> config.getComplianceDetailsByResource(r -> r
                .resourceEvaluationId("x").complianceTypes(ComplianceType.INSUFFICIENT_DATA)));
        assertTrue(e.getMessage().contains("INSUFFICIENT_DATA cannot be used"));
        e = assertThrows(InvalidParameterValueException.class, () -> config.getComplianceDetailsByResource(r -> r
                .resourceEvaluationId("x").nextToken("garbage")));
        assertTrue(e.getMessage().contains("nextToken"));
        e = assertThrows(InvalidParameterValueException.class, () -> config.listResourceEvaluations(r -> r
                .filters(f -> f.evaluationMode(EvaluationMode.DETECTIVE))));
        assertTrue(e.getMessage().contains("DETECTIVE"));
    }

    @Test
    void unknownIdsAndRulesAnswerTheirModelledErrors() {
        ResourceNotFoundException rnf = assertThrows(ResourceNotFoundException.class,
                () -> config.getResourceEvaluationSummary(r -> r.resourceEvaluationId("no-such-evaluation")));
        assertEquals(400, rnf.statusCode());
        assertNotNull(rnf.requestId());
        assertTrue(config.getComplianceDetailsByResource(r -> r.resourceEvaluationId("no-such-evaluation")).evaluationResults().isEmpty());
        assertThrows(NoSuchConfigRuleException.class, () -> config.describeConfigRules(r -> r.configRuleNames("nope")));
        assertThrows(NoSuchConfigRuleException.class, () -> config.deleteConfigRule(r -> r.configRuleName("nope")));
        assertThrows(NoSuchConfigRuleException.class, () -> config.getCustomRulePolicy(r -> r.configRuleName("nope")));
        assertThrows(InvalidNextTokenException.class, () -> config.listResourceEvaluations(r -> r.nextToken("bogus")));
        assertThrows(InvalidNextTokenException.class, () -> config.describeConfigRules(r -> r.nextToken("bogus")));
        assertThrows(InvalidTimeRangeException.class, () -> config.listResourceEvaluations(r -> r.filters(f -> f
                .timeWindow(w -> w.startTime(Instant.now()).endTime(Instant.now().minusSeconds(60))))));
    }

    @Test
    void complianceDetailsArePagedWithNextToken() throws Exception {
        try (ConfigEndpoint paged = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).compliancePageSize(3).start();
             ConfigClient c = EndpointFixture.client(paged, true)) {
            String id = c.startResourceEvaluation(start("ManyPages", lambda("PassThrough")).build()).resourceEvaluationId();
            await(c, id, Duration.ofSeconds(20));
            GetComplianceDetailsByResourceResponse first = c.getComplianceDetailsByResource(r -> r.resourceEvaluationId(id));
            assertEquals(3, first.evaluationResults().size());
            assertNotNull(first.nextToken());
            GetComplianceDetailsByResourceResponse second = c.getComplianceDetailsByResource(r -> r
                    .resourceEvaluationId(id).nextToken(first.nextToken()));
            assertNotEquals(first.evaluationResults().get(0).evaluationResultIdentifier().evaluationResultQualifier().configRuleName(),
                    second.evaluationResults().get(0).evaluationResultIdentifier().evaluationResultQualifier().configRuleName());
            List<EvaluationResult> all = c.getComplianceDetailsByResourcePaginator(r -> r.resourceEvaluationId(id))
                    .evaluationResults().stream().toList();
            assertEquals(EndpointFixture.rulePack().all().size(), all.size());
            Set<String> names = new HashSet<>();
            all.forEach(r -> names.add(r.evaluationResultIdentifier().evaluationResultQualifier().configRuleName()));
            assertEquals(all.size(), names.size(), "no result twice across pages");
            // a token is bound to its query
            assertThrows(InvalidParameterValueException.class, () -> c.getComplianceDetailsByResource(r -> r
                    .resourceEvaluationId(id).complianceTypes(ComplianceType.COMPLIANT).nextToken(first.nextToken())));
        }
    }

    @Test
    void rulePackIsLoadedAsProactiveCustomPolicyRules() {
        List<ConfigRule> rules = config.describeConfigRulesPaginator(r -> r.filters(f -> f.evaluationMode(EvaluationMode.PROACTIVE)))
                .configRules().stream().toList();
        Set<String> names = new HashSet<>();
        rules.forEach(r -> names.add(r.configRuleName()));
        EndpointFixture.rulePack().all().forEach(d -> assertTrue(names.contains(d.name()), d.name()));
        ConfigRule tracing = rules.stream().filter(r -> r.configRuleName().equals("lambda-tracing-active")).findFirst().orElseThrow();
        assertEquals(Owner.CUSTOM_POLICY, tracing.source().owner());
        assertEquals("guard-2.x.x", tracing.source().customPolicyDetails().policyRuntime());
        assertTrue(tracing.scope().complianceResourceTypes().contains("AWS::Lambda::Function"));
        assertTrue(tracing.configRuleId().matches("config-rule-[a-z0-9]{6}"), tracing.configRuleId());
        assertTrue(tracing.configRuleArn().startsWith("arn:aws:config:us-east-1:123456789012:config-rule/config-rule-"));
        assertEquals("ACTIVE", tracing.configRuleStateAsString());
        String policy = config.getCustomRulePolicy(r -> r.configRuleName("lambda-tracing-active")).policyText();
        assertTrue(policy.contains("configuration.tracingConfig.mode"));
    }

    @Test
    void putDescribeAndDeleteACustomRuleAndPaginateResults() throws Exception {
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "test-memory-limit-" + i;
            extra.add(name);
            config.putConfigRule(r -> r.configRule(c -> c.configRuleName(name)
                    .scope(s -> s.complianceResourceTypes("AWS::Lambda::Function"))
                    .inputParameters("{\"maxMemory\":\"512\"}")
                    .evaluationModes(EvaluationModeConfiguration.builder().mode(EvaluationMode.PROACTIVE).build())
                    .source(s -> s.owner(Owner.CUSTOM_POLICY).customPolicyDetails(p -> p.policyRuntime("guard-2.x.x")
                            .policyText("rule memory_limit_" + name.charAt(name.length() - 1)
                                    + " when resourceType == \"AWS::Lambda::Function\" {\n"
                                    + "  configuration.memorySize exists\n  << Memory must be set. >>\n}\n")))));
        }
        try {
            ConfigRule stored = config.describeConfigRules(r -> r.configRuleNames(extra.get(0))).configRules().get(0);
            assertEquals("{\"maxMemory\":\"512\"}", stored.inputParameters());
            assertTrue(stored.source().customPolicyDetails().policyText().startsWith("rule memory_limit_0 when"),
                    "PolicyText is required in the service model's CustomPolicyDetails");
            // a page of one result at a time through the SDK paginator (the endpoint honours Limit as an extension)
            String id = config.startResourceEvaluation(start("Paged", lambda("Active")).build()).resourceEvaluationId();
            await(config, id, Duration.ofSeconds(20));
            int total = details(id).evaluationResults().size();
            assertEquals(EndpointFixture.rulePack().all().size() + 3, total);
            List<EvaluationResult> compliantOnly = config.getComplianceDetailsByResourcePaginator(r -> r
                    .resourceEvaluationId(id).complianceTypes(ComplianceType.COMPLIANT)).evaluationResults().stream().toList();
            assertTrue(compliantOnly.stream().allMatch(r -> r.complianceType() == ComplianceType.COMPLIANT));
            assertTrue(compliantOnly.size() >= 4);
        } finally {
            for (String n : extra) {
                config.deleteConfigRule(r -> r.configRuleName(n));
            }
        }
        assertThrows(NoSuchConfigRuleException.class, () -> config.describeConfigRules(r -> r.configRuleNames(extra.get(0))));
    }

    @Test
    void putConfigRuleRejectsWhatConfigRejects() {
        ValidationException v = assertThrows(ValidationException.class, () -> config.putConfigRule(r -> r.configRule(c -> c
                .configRuleName("bad-runtime").source(s -> s.owner(Owner.CUSTOM_POLICY)
                        .customPolicyDetails(p -> p.policyRuntime("guard-3.x.x").policyText("rule a { x exists }"))))));
        assertTrue(v.getMessage().contains("Member must satisfy regular expression pattern: guard\\-2\\.x\\.x"), v.getMessage());
        v = assertThrows(ValidationException.class, () -> config.putConfigRule(r -> r.configRule(c -> c
                .configRuleName("too-long").source(s -> s.owner(Owner.CUSTOM_POLICY)
                        .customPolicyDetails(p -> p.policyRuntime("guard-2.x.x").policyText("#".repeat(10001)))))));
        assertTrue(v.getMessage().contains("Member must have length less than or equal to 10000"));
        InvalidParameterValueException e = assertThrows(InvalidParameterValueException.class, () -> config.putConfigRule(r -> r
                .configRule(c -> c.configRuleName("no-details").source(s -> s.owner(Owner.CUSTOM_POLICY)))));
        assertTrue(e.getMessage().contains("CustomPolicyDetails"));
        e = assertThrows(InvalidParameterValueException.class, () -> config.putConfigRule(r -> r.configRule(c -> c
                .configRuleName("broken-guard").source(s -> s.owner(Owner.CUSTOM_POLICY)
                        .customPolicyDetails(p -> p.policyRuntime("guard-2.x.x").policyText("rule broken { x == }"))))));
        assertTrue(e.getMessage().contains("not valid Guard"), e.getMessage());
        e = assertThrows(InvalidParameterValueException.class, () -> config.putConfigRule(r -> r.configRule(c -> c
                .configRuleName("bad-params").inputParameters("[1]").source(s -> s.owner(Owner.CUSTOM_POLICY)
                        .customPolicyDetails(p -> p.policyRuntime("guard-2.x.x").policyText("rule ok { x exists }"))))));
        assertTrue(e.getMessage().contains("InputParameters"));
    }

    @Test
    void theRuleLimitAnswersMaxNumberOfConfigRulesExceeded() {
        try (ConfigEndpoint one = ConfigEndpoint.builder().maxRules(1).start(); ConfigClient c = EndpointFixture.client(one, true)) {
            c.putConfigRule(r -> r.configRule(x -> x.configRuleName("first").source(s -> s.owner(Owner.CUSTOM_POLICY)
                    .customPolicyDetails(p -> p.policyRuntime("guard-2.x.x").policyText("rule first { resourceType exists }")))));
            software.amazon.awssdk.services.config.model.MaxNumberOfConfigRulesExceededException e = assertThrows(
                    software.amazon.awssdk.services.config.model.MaxNumberOfConfigRulesExceededException.class,
                    () -> c.putConfigRule(r -> r.configRule(x -> x.configRuleName("second").source(s -> s.owner(Owner.CUSTOM_POLICY)
                            .customPolicyDetails(p -> p.policyRuntime("guard-2.x.x").policyText("rule second { resourceType exists }"))))));
            assertTrue(e.getMessage().contains("maximum number of config rules"));
            // updating the existing rule is still allowed
            c.putConfigRule(r -> r.configRule(x -> x.configRuleName("first").description("updated").source(s -> s.owner(Owner.CUSTOM_POLICY)
                    .customPolicyDetails(p -> p.policyRuntime("guard-2.x.x").policyText("rule first { resourceType exists }")))));
            assertEquals("updated", c.describeConfigRules(r -> r.configRuleNames("first")).configRules().get(0).description());
        }
    }

    @Test
    void listResourceEvaluationsPagesNewestFirstByContext() {
        String ctx = "stack-" + System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(config.startResourceEvaluation(start("L" + i, lambda("Active"))
                    .evaluationContext(c -> c.evaluationContextIdentifier(ctx)).build()).resourceEvaluationId());
        }
        List<String> listed = new ArrayList<>();
        config.listResourceEvaluationsPaginator(r -> r.limit(2).filters(f -> f.evaluationContextIdentifier(ctx)))
                .forEach(page -> {
                    assertTrue(page.resourceEvaluations().size() <= 2);
                    page.resourceEvaluations().stream().map(ResourceEvaluation::resourceEvaluationId).forEach(listed::add);
                });
        List<String> expected = new ArrayList<>(ids);
        java.util.Collections.reverse(expected);
        assertEquals(expected, listed);
        for (int i = 0; i < 5; i++) {
            assertEquals(1, endpoint.stats().startCalls(ctx, "L" + i));
        }
    }

    @Test
    void aDeletedRuleNoLongerRuns() throws Exception {
        try (ConfigEndpoint own = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).start();
             ConfigClient c = EndpointFixture.client(own, true)) {
            assertTrue(own.deleteRule("lambda-tracing-active"));
            assertFalse(own.deleteRule("lambda-tracing-active"));
            String id = c.startResourceEvaluation(start("NoTracingRule", lambda("PassThrough")).build()).resourceEvaluationId();
            await(c, id, Duration.ofSeconds(20));
            assertTrue(c.getComplianceDetailsByResource(r -> r.resourceEvaluationId(id)).evaluationResults().stream()
                    .noneMatch(r -> r.evaluationResultIdentifier().evaluationResultQualifier().configRuleName()
                            .equals("lambda-tracing-active")));
        }
    }

    @Test
    void noApplicableRuleSucceedsWithInsufficientDataAndNoResults() throws Exception {
        try (ConfigEndpoint empty = ConfigEndpoint.builder().start(); ConfigClient c = EndpointFixture.client(empty, true)) {
            String id = c.startResourceEvaluation(start("Alone", lambda("Active")).build()).resourceEvaluationId();
            GetResourceEvaluationSummaryResponse s = await(c, id, Duration.ofSeconds(10));
            assertEquals(ResourceEvaluationStatus.SUCCEEDED, s.evaluationStatus().status());
            assertEquals(ComplianceType.INSUFFICIENT_DATA, s.compliance());
            assertTrue(c.getComplianceDetailsByResource(r -> r.resourceEvaluationId(id)).evaluationResults().isEmpty());
        }
    }

    @Test
    void oldEvaluationsAreEvicted() throws Exception {
        try (ConfigEndpoint small = ConfigEndpoint.builder().maxEvaluations(3).start(); ConfigClient c = EndpointFixture.client(small, true)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(c.startResourceEvaluation(start("E" + i, lambda("Active")).build()).resourceEvaluationId());
            }
            assertEquals(3, small.storedEvaluations());
            assertThrows(ResourceNotFoundException.class, () -> c.getResourceEvaluationSummary(r -> r.resourceEvaluationId(ids.get(0))));
            assertNotNull(c.getResourceEvaluationSummary(r -> r.resourceEvaluationId(ids.get(4))).evaluationStatus());
            assertEquals(3, small.stats().peakStoredEvaluations());
        }
    }

    @Test
    void evaluationsInProgressOutliveFinishedOnesWhenEvicting() throws Exception {
        try (ConfigEndpoint small = ConfigEndpoint.builder().maxEvaluations(3).start(); ConfigClient c = EndpointFixture.client(small, true)) {
            small.faults().neverFinish(Trigger.firstN(1));
            String live = c.startResourceEvaluation(start("Live", lambda("Active")).build()).resourceEvaluationId();
            List<String> finished = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String id = c.startResourceEvaluation(start("Done" + i, lambda("Active")).build()).resourceEvaluationId();
                await(c, id, Duration.ofSeconds(10));
                finished.add(id);
            }
            assertEquals(ResourceEvaluationStatus.IN_PROGRESS,
                    c.getResourceEvaluationSummary(r -> r.resourceEvaluationId(live)).evaluationStatus().status());
            assertThrows(ResourceNotFoundException.class, () -> c.getResourceEvaluationSummary(r -> r.resourceEvaluationId(finished.get(0))));
            assertEquals(3, small.storedEvaluations());
        }
    }

    @Test
    void throttlingIsRetriedByTheSdkAndVisibleWithoutRetries() {
        endpoint.faults().throttle(Trigger.firstN(2), "ListResourceEvaluations");
        assertNotNull(config.listResourceEvaluations(r -> r.limit(1)));
        endpoint.faults().reset().throttle(Trigger.always(), "ListResourceEvaluations");
        ConfigException e = assertThrows(ConfigException.class, () -> noRetry.listResourceEvaluations(r -> r.limit(1)));
        assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        assertTrue(e.isThrottlingException());
        assertEquals(400, e.statusCode());
    }

    @Test
    void serverErrorsCarryTheirStatus() {
        endpoint.faults().serverError(500, Trigger.always(), "ListResourceEvaluations");
        ConfigException e = assertThrows(ConfigException.class, () -> noRetry.listResourceEvaluations(r -> r.limit(1)));
        assertEquals(500, e.statusCode());
        assertEquals("InternalFailure", e.awsErrorDetails().errorCode());
        endpoint.faults().reset().serverError(503, Trigger.always(), "ListResourceEvaluations");
        e = assertThrows(ConfigException.class, () -> noRetry.listResourceEvaluations(r -> r.limit(1)));
        assertEquals(503, e.statusCode());
        assertEquals("ServiceUnavailable", e.awsErrorDetails().errorCode());
        endpoint.faults().reset().serverError(503, Trigger.everyNth(2), "ListResourceEvaluations");
        assertNotNull(config.listResourceEvaluations(r -> r.limit(1))); // retried past the odd failure
    }

    @Test
    void brokenConnectionsAndMalformedBodiesReachTheClient() {
        endpoint.faults().resetConnection(Trigger.always(), "ListResourceEvaluations");
        assertThrows(SdkClientException.class, () -> noRetry.listResourceEvaluations(r -> r.limit(1)));
        endpoint.faults().reset().closeMidResponse(Trigger.always(), "ListResourceEvaluations");
        assertThrows(SdkClientException.class, () -> noRetry.listResourceEvaluations(r -> r.limit(1)));
        endpoint.faults().reset().malformedJson(Trigger.always(), "ListResourceEvaluations");
        assertThrows(SdkClientException.class, () -> noRetry.listResourceEvaluations(r -> r.limit(1)));
        endpoint.faults().reset().resetConnection(Trigger.firstN(1), "ListResourceEvaluations");
        assertNotNull(config.listResourceEvaluations(r -> r.limit(1))); // the SDK retries an I/O error
    }

    @Test
    void latencyDelaysAnswers() {
        endpoint.faults().latency(Duration.ofMillis(400), "ListResourceEvaluations");
        long t0 = System.nanoTime();
        config.listResourceEvaluations(r -> r.limit(1));
        assertTrue(System.nanoTime() - t0 >= 400_000_000L);
    }

    @Test
    void evaluationFaults() throws Exception {
        endpoint.faults().neverFinish(Trigger.firstN(1)).evaluationDelay(Duration.ZERO);
        String stuck = config.startResourceEvaluation(start("Stuck", lambda("Active")).evaluationTimeout(1).build()).resourceEvaluationId();
        Thread.sleep(1500);
        assertEquals(ResourceEvaluationStatus.IN_PROGRESS, config.getResourceEvaluationSummary(r -> r.resourceEvaluationId(stuck)).evaluationStatus().status());

        endpoint.faults().reset().failEvaluations(Trigger.always());
        String failed = config.startResourceEvaluation(start("Fails", lambda("Active")).build()).resourceEvaluationId();
        GetResourceEvaluationSummaryResponse s = await(config, failed, Duration.ofSeconds(10));
        assertEquals(ResourceEvaluationStatus.FAILED, s.evaluationStatus().status());
        assertEquals(ComplianceType.INSUFFICIENT_DATA, s.compliance());
        assertNotNull(s.evaluationStatus().failureReason());

        endpoint.faults().reset().unknownEnums(Trigger.always());
        String odd = config.startResourceEvaluation(start("Odd", lambda("Active")).build()).resourceEvaluationId();
        s = await(config, odd, Duration.ofSeconds(10)); // ends as soon as it is no longer IN_PROGRESS
        assertEquals(ResourceEvaluationStatus.UNKNOWN_TO_SDK_VERSION, s.evaluationStatus().status());
        assertEquals("PARTIALLY_SUCCEEDED", s.evaluationStatus().statusAsString());
        assertEquals(ComplianceType.UNKNOWN_TO_SDK_VERSION, s.compliance());

        endpoint.faults().reset().succeedWithoutResults(Trigger.always());
        String empty = config.startResourceEvaluation(start("Empty", lambda("PassThrough")).build()).resourceEvaluationId();
        s = await(config, empty, Duration.ofSeconds(10));
        assertEquals(ResourceEvaluationStatus.SUCCEEDED, s.evaluationStatus().status());
        assertEquals(ComplianceType.COMPLIANT, s.compliance());
        assertTrue(details(empty).evaluationResults().isEmpty());

        endpoint.faults().reset().forgetEvaluations(Trigger.always());
        String forgotten = config.startResourceEvaluation(start("Forgotten", lambda("Active")).build()).resourceEvaluationId();
        assertNotNull(forgotten);
        assertThrows(ResourceNotFoundException.class, () -> config.getResourceEvaluationSummary(r -> r.resourceEvaluationId(forgotten)));
    }

    @Test
    void textualFaultSpecsAsServeTakesThem() {
        Faults f = new Faults();
        f.apply("throttle@StartResourceEvaluation=every:2").apply("never-finish=first:1");
        assertNull(f.requestFault("StartResourceEvaluation"));            // occasion 1
        assertEquals(Faults.RequestFault.THROTTLE, f.requestFault("StartResourceEvaluation")); // occasion 2
        assertNull(f.requestFault("ListResourceEvaluations"));             // other operations are untouched
        assertTrue(f.fires(Faults.EvaluationFault.NEVER_FINISH));
        assertFalse(f.fires(Faults.EvaluationFault.NEVER_FINISH));
        assertThrows(IllegalArgumentException.class, () -> f.apply("explode=always"));
        assertThrows(IllegalArgumentException.class, () -> f.apply("throttle=every:0"));
        assertEquals(Duration.ofMillis(1500), Faults.parseDuration("1.5s"));
        assertEquals(Duration.ofMillis(250), Faults.parseDuration("250ms"));
        Trigger burst = Trigger.parse("burst:2:3");
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            pattern.append(burst.fire() ? 'x' : '.');
        }
        assertEquals("..xxx..", pattern.toString());
        // a seeded rate is deterministic
        Trigger a = Trigger.rate(0.3, 11);
        Trigger b = Trigger.rate(0.3, 11);
        for (int i = 0; i < 50; i++) {
            assertEquals(a.fire(), b.fire());
        }
    }
}
