package com.lambda.tracing.hook.evaluation;

/**
 * What survives between invocations of one evaluation (the hook keeps it in its callback context).
 *
 * @param evaluationId       Config's ResourceEvaluationId
 * @param reinvocations      how many IN_PROGRESS answers this evaluation has produced so far
 * @param startedAtEpochMilli when the first invocation started the evaluation
 */
public record EvaluationProgress(String evaluationId, int reinvocations, long startedAtEpochMilli) {
}
