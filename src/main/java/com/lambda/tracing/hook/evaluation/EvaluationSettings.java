package com.lambda.tracing.hook.evaluation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The validated type configuration, as the evaluation uses it.
 *
 * @param evaluationTimeoutSeconds the EvaluationTimeout asked for (1..3600); what is sent to Config is clamped to
 *                                 the re-invocation budget ({@link EvaluationBudget})
 * @param onIndeterminate          what an evaluation without a definite answer does
 * @param requiredRules            Config rule names that must report a result (a missing rule pack must not pass)
 * @param maxReinvocations         how many times one evaluation may return IN_PROGRESS before the hook decides
 *                                 (0..3: CloudFormation accepts at most 3 IN_PROGRESS answers)
 * @param maxWaitPerInvocation     polling budget inside one invocation (1..20 s; CloudFormation allows 30 s)
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

    /**
     * Defaults: 3 invocations of 20 s, 30 s apart (a budget of 120 s). The delays are the cheap part of the budget:
     * CloudFormation documents no bound on callbackDelaySeconds but allows only 3 IN_PROGRESS answers, so a long
     * delay lets a slow evaluation finish without spending invocations. Config's own timeout (90 s) ends inside it.
     */
    public static final int DEFAULT_EVALUATION_TIMEOUT_SECONDS = 90;
    public static final int DEFAULT_MAX_REINVOCATIONS = 2;
    public static final int DEFAULT_MAX_WAIT_PER_INVOCATION_SECONDS = 20;
    public static final int DEFAULT_CALLBACK_DELAY_SECONDS = 30;
    /** CloudFormation fails a hook that answers IN_PROGRESS more often than this, with its own message. */
    public static final int MAX_REINVOCATIONS = 3;
    /** Polling budget plus calls in flight plus the plugin wrapper's own work fit in CloudFormation's 30 s. */
    public static final int MAX_WAIT_PER_INVOCATION_SECONDS = 20;
    public static final int MAX_CALLBACK_DELAY_SECONDS = 60;

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
