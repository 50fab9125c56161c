package com.lambda.tracing.hook;

import static com.lambda.tracing.hook.evaluation.ConfigResponses.finishes;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;
import com.lambda.tracing.hook.rules.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.ConfigException;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationRequest;


import software.amazon.cloudformation.proxy.HandlerErrorCode;

import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.hook.HookAnnotation;
import software.amazon.cloudformation.proxy.hook.HookAnnotationStatus;
import software.amazon.cloudformation.proxy.hook.targetmodel.HookTargetModel;

/**
 * Exemptions through the preCreate handler: a Mockito ConfigClient behind the plugin's real proxy, the type
 * configuration as CloudFormation's JSON, and a clock set to 2026-12-01 12:00 UTC. The request's stack is "app",
 * its function "Fn".
 */
class ExemptionHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleCatalog CATALOG = new RuleCatalog(List.of(
            new RuleDefinition("lambda-tracing-active", "AWS X-Ray tracing is active", Severity.MEDIUM, "why",
                    "Set TracingConfig.Mode to Active.", "https://example.com/tracing", List.of(), "rule r {}"),
            new RuleDefinition("lambda-dlq-configured", "Failed asynchronous invocations go to a DLQ", Severity.MEDIUM,
                    "why", "Set DeadLetterConfig.", "https://example.com/dlq", List.of(), "rule d {}")));

    private final HandlerFixture hook = new HandlerFixture(Instant.parse("2026-12-01T12:00:00Z").toEpochMilli(), CATALOG,
            "eval-1");

    private static TypeConfigurationModel configuration(String json) throws Exception {
        return JSON.readValue(json, TypeConfigurationModel.class);
    }

    private static String exemption(String rule, String stacks, String logicalIds, String expires) {
        return "{\"Rule\":\"" + rule + "\",\"Stacks\":" + stacks + ",\"LogicalIds\":" + logicalIds
                + ",\"Reason\":\"async only, uses an on-failure destination\",\"ApprovedBy\":\"platform-team\",\"Expires\":\""
                + expires + "\"}";
    }

    private ProgressEvent<HookTargetModel, CallbackContext> invoke(TypeConfigurationModel configuration) {
        return hook.invoke(null, configuration);
    }

    private static HookAnnotation annotation(ProgressEvent<HookTargetModel, CallbackContext> event, String name) {
        return event.getAnnotations().stream().filter(a -> a.getAnnotationName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void exemptedOnlyFailurePassesWithTheExemptionInMessageAnnotationAndLog() throws Exception {
        finishes(hook.client, ComplianceType.NON_COMPLIANT,
                result("lambda-tracing-active", ComplianceType.COMPLIANT, null),
                result("lambda-dlq-configured", ComplianceType.NON_COMPLIANT, "DeadLetterConfig.TargetArn is missing"));

        ProgressEvent<HookTargetModel, CallbackContext> event = invoke(configuration("{\"Exemptions\":["
                + exemption("lambda-dlq-configured", "[\"ap?\"]", "[\"F*\"]", "2026-12-31") + "]}"));

        assertEquals(OperationStatus.SUCCESS, event.getStatus(), event.getMessage());
        assertNull(event.getErrorCode());
        assertTrue(event.getMessage().contains("is allowed by 1 exemption of the type configuration: 1 passed, 0 not applicable, 1 exempted."),
                event.getMessage());
        assertTrue(event.getMessage().contains("- lambda-dlq-configured: exempted until the end of 2026-12-31 (UTC), "
                + "approved by platform-team: async only, uses an on-failure destination"), event.getMessage());
        HookAnnotation skipped = annotation(event, "lambda-dlq-configured");
        assertEquals(HookAnnotationStatus.SKIPPED, skipped.getStatus());
        assertTrue(skipped.getStatusMessage().startsWith("Exempted until the end of 2026-12-31 (UTC), approved by platform-team: "
                + "async only, uses an on-failure destination. Waived result: DeadLetterConfig.TargetArn is missing"),
                skipped.getStatusMessage());
        assertEquals(HookAnnotationStatus.PASSED, annotation(event, "lambda-tracing-active").getStatus());

        JsonNode log = JSON.readTree(hook.logLines.get(0));
        assertEquals("COMPLIANT", log.path("verdict").asText());
        assertEquals(1, log.path("exemptions").size());
        JsonNode applied = log.path("exemptions").get(0);
        assertEquals("lambda-dlq-configured", applied.path("rule").asText());
        assertFalse(applied.path("expired").asBoolean(true));
        assertEquals("2026-12-31", applied.path("expires").asText());
        assertEquals("platform-team", applied.path("approvedBy").asText());
        assertEquals("async only, uses an on-failure destination", applied.path("reason").asText());
    }

    @Test
    void oneExemptedOfTwoFailuresStillBlocksAndNamesOnlyTheOther() throws Exception {
        finishes(hook.client, ComplianceType.NON_COMPLIANT,
                result("lambda-tracing-active", ComplianceType.NON_COMPLIANT, "TracingConfig.Mode is PassThrough"),
                result("lambda-dlq-configured", ComplianceType.NON_COMPLIANT, "DeadLetterConfig.TargetArn is missing"));

        ProgressEvent<HookTargetModel, CallbackContext> event = invoke(configuration("{\"Exemptions\":["
                + exemption("lambda-dlq-configured", "[\"*\"]", "[\"Fn\"]", "2026-12-31") + "]}"));

        assertEquals(OperationStatus.FAILED, event.getStatus());
        assertEquals(HandlerErrorCode.NonCompliant, event.getErrorCode());
        assertTrue(event.getMessage().contains("lambda-tracing-active: TracingConfig.Mode is PassThrough. Fix: Set TracingConfig.Mode to Active."),
                event.getMessage());
        assertFalse(event.getMessage().contains("lambda-dlq-configured"), event.getMessage());
        assertEquals(HookAnnotationStatus.FAILED, annotation(event, "lambda-tracing-active").getStatus());
        assertEquals(HookAnnotationStatus.SKIPPED, annotation(event, "lambda-dlq-configured").getStatus());
    }

    @Test
    void expiredExemptionBlocksAndSaysItExpiredAndWhen() throws Exception {
        finishes(hook.client, ComplianceType.NON_COMPLIANT,
                result("lambda-dlq-configured", ComplianceType.NON_COMPLIANT, "DeadLetterConfig.TargetArn is missing"));

        ProgressEvent<HookTargetModel, CallbackContext> event = invoke(configuration("{\"Exemptions\":["
                + exemption("lambda-dlq-configured", "[\"app\"]", "[\"Fn\"]", "2026-11-30") + "]}"));

        assertEquals(OperationStatus.FAILED, event.getStatus());
        assertEquals(HandlerErrorCode.NonCompliant, event.getErrorCode());
        assertTrue(event.getMessage().contains("lambda-dlq-configured: The exemption approved by platform-team expired at "
                + "the end of 2026-11-30 (UTC). DeadLetterConfig.TargetArn is missing"), event.getMessage());
        assertEquals(HookAnnotationStatus.FAILED, annotation(event, "lambda-dlq-configured").getStatus());
        JsonNode log = JSON.readTree(hook.logLines.get(0));
        assertTrue(log.path("exemptions").get(0).path("expired").asBoolean(false), hook.logLines.get(0));
    }

    @Test
    void exemptionForOtherStacksOrFunctionsDoesNotApply() throws Exception {
        finishes(hook.client, ComplianceType.NON_COMPLIANT,
                result("lambda-dlq-configured", ComplianceType.NON_COMPLIANT, "DeadLetterConfig.TargetArn is missing"));

        ProgressEvent<HookTargetModel, CallbackContext> event = invoke(configuration("{\"Exemptions\":["
                + exemption("lambda-dlq-configured", "[\"orders-*\"]", "[\"*\"]", "2026-12-31") + ","
                + exemption("lambda-dlq-configured", "[\"app\"]", "[\"Fn2\", \"Worker*\"]", "2026-12-31") + "]}"));

        assertEquals(OperationStatus.FAILED, event.getStatus());
        assertEquals(HandlerErrorCode.NonCompliant, event.getErrorCode());
        assertTrue(event.getMessage().contains("lambda-dlq-configured: DeadLetterConfig.TargetArn is missing"), event.getMessage());
        assertFalse(JSON.readTree(hook.logLines.get(0)).has("exemptions"), hook.logLines.get(0));
    }

    @Test
    void exemptionNeverRescuesAMissingRequiredRule() throws Exception {
        finishes(hook.client, ComplianceType.NON_COMPLIANT,
                result("lambda-dlq-configured", ComplianceType.NON_COMPLIANT, "DeadLetterConfig.TargetArn is missing"));

        ProgressEvent<HookTargetModel, CallbackContext> event = invoke(configuration("{\"RequiredRules\":[\"lambda-tracing-active\"],"
                + "\"Exemptions\":[" + exemption("lambda-dlq-configured", "[\"*\"]", "[\"*\"]", "2026-12-31") + ","
                + exemption("lambda-tracing-active", "[\"*\"]", "[\"*\"]", "2026-12-31") + "]}"));

        assertEquals(OperationStatus.FAILED, event.getStatus());
        assertEquals(HandlerErrorCode.NonCompliant, event.getErrorCode());
        assertTrue(event.getMessage().contains("compliance could not be established: a required AWS Config rule did not report a result"),
                event.getMessage());
        assertEquals("INDETERMINATE", JSON.readTree(hook.logLines.get(0)).path("verdict").asText());
    }

    @Test
    void exemptionNeverRescuesInsufficientDataOrAnApiError() throws Exception {
        finishes(hook.client, ComplianceType.INSUFFICIENT_DATA);
        TypeConfigurationModel everything = configuration("{\"Exemptions\":["
                + exemption("lambda-dlq-configured", "[\"*\"]", "[\"*\"]", "2026-12-31") + ","
                + exemption("lambda-tracing-active", "[\"*\"]", "[\"*\"]", "2026-12-31") + "]}");

        ProgressEvent<HookTargetModel, CallbackContext> insufficient = invoke(everything);

        assertEquals(OperationStatus.FAILED, insufficient.getStatus());
        assertTrue(insufficient.getMessage().contains("INSUFFICIENT_DATA"), insufficient.getMessage());

        when(hook.client.startResourceEvaluation(any(StartResourceEvaluationRequest.class))).thenThrow(ConfigException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                        .errorMessage("not authorized").build()).build());
        ProgressEvent<HookTargetModel, CallbackContext> denied = invoke(everything);

        assertEquals(OperationStatus.FAILED, denied.getStatus());
        assertTrue(denied.getMessage().contains("AccessDeniedException"), denied.getMessage());
    }

    @Test
    void invalidEntryFailsWithInvalidTypeConfigurationNamingIndexAndField() throws Exception {
        ProgressEvent<HookTargetModel, CallbackContext> event = invoke(configuration("{\"Exemptions\":["
                + exemption("lambda-dlq-configured", "[\"*\"]", "[\"*\"]", "2026-12-31") + ","
                + exemption("lambda-tracing-active", "[\"*\"]", "[\"*\"]", "2026-12-32") + "]}"));

        assertEquals(OperationStatus.FAILED, event.getStatus());
        assertEquals(HandlerErrorCode.InvalidTypeConfiguration, event.getErrorCode());
        assertEquals("Invalid type configuration for Lambda::Tracing::Hook: Exemptions[1].Expires must be a calendar date "
                + "YYYY-MM-DD (UTC), got '2026-12-32'", event.getMessage());
        verify(hook.client, never()).startResourceEvaluation(any(StartResourceEvaluationRequest.class));
        assertEquals("INVALID_CONFIGURATION", JSON.readTree(hook.logLines.get(0)).path("verdict").asText());
    }
}
