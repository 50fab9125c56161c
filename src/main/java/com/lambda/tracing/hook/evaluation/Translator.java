package com.lambda.tracing.hook.evaluation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.services.config.model.EvaluationContext;
import software.amazon.awssdk.services.config.model.EvaluationMode;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByResourceRequest;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryRequest;
import software.amazon.awssdk.services.config.model.ResourceConfigurationSchemaType;
import software.amazon.awssdk.services.config.model.ResourceDetails;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationRequest;

/** Builds the Config requests of one evaluation. */
public final class Translator {
    /** Config's limit on EvaluationContextIdentifier. */
    static final int MAX_CONTEXT_IDENTIFIER = 128;
    /** Config's limit on ResourceId. */
    static final int MAX_RESOURCE_ID = 768;

    private Translator() {
    }

    public static StartResourceEvaluationRequest startRequest(EvaluationTarget target, String resourceConfiguration,
                                                              EvaluationSettings settings) {
        return StartResourceEvaluationRequest.builder()
                .resourceDetails(ResourceDetails.builder()
                        .resourceId(resourceId(target))
                        .resourceType(target.resourceType())
                        .resourceConfiguration(resourceConfiguration)
                        .resourceConfigurationSchemaType(ResourceConfigurationSchemaType.CFN_RESOURCE_SCHEMA)
                        .build())
                .evaluationContext(EvaluationContext.builder()
                        .evaluationContextIdentifier(contextIdentifier(target))
                        .build())
                .evaluationMode(EvaluationMode.PROACTIVE)
                .evaluationTimeout(EvaluationBudget.of(settings).configTimeoutSeconds())
                .clientToken(clientToken(target))
                .build();
    }

    public static GetResourceEvaluationSummaryRequest summaryRequest(String evaluationId) {
        return GetResourceEvaluationSummaryRequest.builder().resourceEvaluationId(evaluationId).build();
    }

    public static GetComplianceDetailsByResourceRequest detailsRequest(String evaluationId, String nextToken) {
        return GetComplianceDetailsByResourceRequest.builder()
                .resourceEvaluationId(evaluationId)
                .nextToken(nextToken)
                .build();
    }

    /** The logical id names the function in Config's results; a payload without one still needs an id. */
    static String resourceId(EvaluationTarget target) {
        String id = target.logicalId() == null || target.logicalId().isBlank() ? "LambdaFunction" : target.logicalId();
        return id.length() <= MAX_RESOURCE_ID ? id : id.substring(0, MAX_RESOURCE_ID);
    }

    /**
     * Groups the evaluations of one stack. A stack ARN can exceed Config's 128 characters, so the stack name is used
     * (CloudFormation limits it to 128); anything longer or missing becomes a hash of the stack id.
     */
    static String contextIdentifier(EvaluationTarget target) {
        String name = target.stackName();
        if (name != null && !name.isBlank() && name.length() <= MAX_CONTEXT_IDENTIFIER) {
            return name;
        }
        return "stack-" + sha256(String.valueOf(target.stackId())).substring(0, 40);
    }

    /**
     * 64 hex characters (Config wants at least 64) derived from the hook's request token and the target, so a
     * retried or re-invoked hook call resumes the same evaluation instead of starting another one.
     */
    public static String clientToken(EvaluationTarget target) {
        return sha256(String.join("\n",
                String.valueOf(target.clientRequestToken()),
                String.valueOf(target.stackId()),
                String.valueOf(target.logicalId()),
                String.valueOf(target.invocationPoint())));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
