package com.lambda.tracing.hook.evaluation;

/**
 * How long one evaluation may take, from the first invocation to the hook's own decision, and the EvaluationTimeout
 * that fits inside it.
 *
 * <p>The rule: {@code total = (MaxReinvocations + 1) x MaxWaitPerInvocationSeconds + MaxReinvocations x
 * CallbackDelaySeconds}. The timeout sent to Config is the one asked for, but never more than {@code total} minus
 * {@link #TIMEOUT_MARGIN_SECONDS}, so that Config's own timeout, not the hook giving up, is what ends an evaluation
 * that never finishes. A clamped timeout is reported in the decision log.
 *
 * @param invocations              invocations the budget allows (the last one always decides)
 * @param totalSeconds             the total wait the budget allows
 * @param requestedTimeoutSeconds  EvaluationTimeoutSeconds from the type configuration
 * @param configTimeoutSeconds     the EvaluationTimeout sent to Config
 */
public record EvaluationBudget(int invocations, int totalSeconds, int requestedTimeoutSeconds, int configTimeoutSeconds) {
    /**
     * The last poll comes at least this long after Config's timeout: polls are at most 250 ms apart, Config's clock
     * starts after the hook's, and CloudFormation's delays and the wrapper only add to the hook's elapsed time.
     */
    static final int TIMEOUT_MARGIN_SECONDS = 1;

    public static EvaluationBudget of(EvaluationSettings settings) {
        int reinvocations = settings.maxReinvocations();
        int total = (reinvocations + 1) * (int) settings.maxWaitPerInvocation().toSeconds()
                + reinvocations * settings.callbackDelaySeconds();
        int requested = settings.evaluationTimeoutSeconds();
        int sent = Math.max(1, Math.min(requested, total - TIMEOUT_MARGIN_SECONDS));
        return new EvaluationBudget(reinvocations + 1, total, requested, sent);
    }

    /** Whether the EvaluationTimeout sent to Config is shorter than the one asked for. */
    public boolean clamped() {
        return configTimeoutSeconds < requestedTimeoutSeconds;
    }
}
