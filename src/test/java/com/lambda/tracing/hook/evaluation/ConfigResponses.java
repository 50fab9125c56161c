package com.lambda.tracing.hook.evaluation;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.util.List;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.EvaluationResult;
import software.amazon.awssdk.services.config.model.EvaluationResultIdentifier;
import software.amazon.awssdk.services.config.model.EvaluationResultQualifier;
import software.amazon.awssdk.services.config.model.EvaluationStatus;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByResourceRequest;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByResourceResponse;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryRequest;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryResponse;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;

/** Builders for the Config answers the tests stub. */
public final class ConfigResponses {
    private ConfigResponses() {
    }

    public static GetResourceEvaluationSummaryResponse summary(ResourceEvaluationStatus status, ComplianceType compliance) {
        return GetResourceEvaluationSummaryResponse.builder()
                .resourceEvaluationId("eval-1")
                .evaluationStatus(EvaluationStatus.builder().status(status).build())
                .compliance(compliance)
                .build();
    }

    public static GetResourceEvaluationSummaryResponse failed(String reason) {
        return GetResourceEvaluationSummaryResponse.builder()
                .resourceEvaluationId("eval-1")
                .evaluationStatus(EvaluationStatus.builder().status(ResourceEvaluationStatus.FAILED).failureReason(reason).build())
                .compliance(ComplianceType.INSUFFICIENT_DATA)
                .build();
    }

    public static EvaluationResult result(String rule, ComplianceType type, String annotation) {
        return EvaluationResult.builder()
                .evaluationResultIdentifier(EvaluationResultIdentifier.builder()
                        .evaluationResultQualifier(EvaluationResultQualifier.builder()
                                .configRuleName(rule).resourceType("AWS::Lambda::Function").resourceId("Fn")
                                .evaluationMode("PROACTIVE").build())
                        .resourceEvaluationId("eval-1")
                        .build())
                .complianceType(type)
                .annotation(annotation)
                .build();
    }

    public static GetComplianceDetailsByResourceResponse page(String nextToken, EvaluationResult... results) {
        return GetComplianceDetailsByResourceResponse.builder().evaluationResults(List.of(results)).nextToken(nextToken).build();
    }

    /** Stubs {@code client}: the evaluation has finished with this compliance, and its results are one page. */
    public static void finishes(ConfigClient client, ComplianceType compliance, EvaluationResult... results) {
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class)))
                .thenReturn(summary(ResourceEvaluationStatus.SUCCEEDED, compliance));
        when(client.getComplianceDetailsByResource(any(GetComplianceDetailsByResourceRequest.class)))
                .thenReturn(page(null, results));
    }
}
