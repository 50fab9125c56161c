package com.lambda.tracing.hook.evaluation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The validated type configuration, as the evaluation uses it.
 *
 * @param evaluationTimeoutSeconds Config's own EvaluationTimeout (1..3600)
 * @param onIndeterminate          what an evaluation without a definite answer does
 * @param requiredRules            Config rule names that must report a result (a missing rule pack must not pass)
 * @param maxReinvocations         how many times one evaluation may return IN_PROGRESS before giving up
 * @param maxWaitPerInvocation     polling budget inside one invocation (CloudFormation allows about 30 s)
 * @param callbackDelaySeconds     how long CloudFormation waits before re-invoking after IN_PROGRESS
 * @param exemptions               the platform team's waivers of NON_COMPLIANT rule results, in configuration order
 */
public record EvaluationSettings(
        int evaluationTimeoutSeconds,
        OnIndeterminate onIndeterminate,
        List<String> requiredRules,
        int maxReinvocations,
        Duration maxWaitPerInvocation,
        int callbackDelaySeconds,
        List<RuleExemption> exemptions) {

    public static final int DEFAULT_EVALUATION_TIMEOUT_SECONDS = 120;
    public static final int DEFAULT_MAX_REINVOCATIONS = 10;
    public static final int DEFAULT_MAX_WAIT_PER_INVOCATION_SECONDS = 20;
    public static final int DEFAULT_CALLBACK_DELAY_SECONDS = 3;

    public EvaluationSettings {
        Objects.requireNonNull(onIndeterminate, "onIndeterminate");
        Objects.requireNonNull(maxWaitPerInvocation, "maxWaitPerInvocation");
        requiredRules = List.copyOf(requiredRules);
        exemptions = exemptions == null ? List.of() : List.copyOf(exemptions);
    }

    /** Settings without exemptions. */
    public EvaluationSettings(int evaluationTimeoutSeconds, OnIndeterminate onIndeterminate, List<String> requiredRules,
                              int maxReinvocations, Duration maxWaitPerInvocation, int callbackDelaySeconds) {
        this(evaluationTimeoutSeconds, onIndeterminate, requiredRules, maxReinvocations, maxWaitPerInvocation,
                callbackDelaySeconds, List.of());
    }

    /** The same settings with {@code list} as the exemptions. */
    public EvaluationSettings withExemptions(List<RuleExemption> list) {
        return new EvaluationSettings(evaluationTimeoutSeconds, onIndeterminate, requiredRules, maxReinvocations,
                maxWaitPerInvocation, callbackDelaySeconds, list);
    }

    public static EvaluationSettings defaults() {
        return new EvaluationSettings(DEFAULT_EVALUATION_TIMEOUT_SECONDS, OnIndeterminate.FAIL, List.of(),
                DEFAULT_MAX_REINVOCATIONS, Duration.ofSeconds(DEFAULT_MAX_WAIT_PER_INVOCATION_SECONDS),
                DEFAULT_CALLBACK_DELAY_SECONDS);
    }
}
