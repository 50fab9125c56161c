package com.lambda.tracing.hook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.lambda.tracing.hook.evaluation.EvaluationProgress;

/**
 * What the hook hands CloudFormation with IN_PROGRESS and gets back on the next invocation
 * ({@code requestContext.callbackContext}). A plain value rather than the plugin's StdCallbackContext: the hook
 * makes no chained calls, and the JSON stays small and readable for the CLI that echoes it back.
 *
 * @param evaluationId        Config's ResourceEvaluationId
 * @param reinvocations       IN_PROGRESS answers given so far for this evaluation
 * @param startedAtEpochMilli when the first invocation started the evaluation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallbackContext(
        @JsonProperty("evaluationId") String evaluationId,
        @JsonProperty("reinvocations") int reinvocations,
        @JsonProperty("startedAtEpochMilli") long startedAtEpochMilli) {

    @JsonCreator
    public CallbackContext {
    }

    static CallbackContext of(EvaluationProgress progress) {
        return new CallbackContext(progress.evaluationId(), progress.reinvocations(), progress.startedAtEpochMilli());
    }

    EvaluationProgress toProgress() {
        return new EvaluationProgress(evaluationId, reinvocations, startedAtEpochMilli);
    }
}
