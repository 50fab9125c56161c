package com.lambda.tracing.hook.evaluation;

import java.util.List;

/** The result of one invocation's work on an evaluation: still running, or decided. */
public sealed interface Outcome permits Outcome.Pending, Outcome.Decision {

    /** Config is still evaluating; come back with {@code progress} after the callback delay. */
    record Pending(EvaluationProgress progress, String message) implements Outcome {
    }

    /** What Config's answer means for the deployment. */
    enum Verdict { COMPLIANT, NON_COMPLIANT, INDETERMINATE }

    /**
     * @param allowed       whether the deployment may continue
     * @param message       the hook message (at most 4,096 characters, ends with the evaluation id when there is one)
     * @param results       one entry per rule result, plus entries for required rules that reported nothing
     * @param cause         set when the verdict is INDETERMINATE
     * @param causeDetail   the specific text behind the cause (Config's FailureReason, error code, ...)
     * @param exemptions    the exemptions that met a NON_COMPLIANT result: applied, or expired
     */
    record Decision(
            Verdict verdict,
            boolean allowed,
            String message,
            List<RuleResult> results,
            String evaluationId,
            IndeterminateCause cause,
            String causeDetail,
            List<ExemptionUse> exemptions) implements Outcome {

        public Decision {
            results = List.copyOf(results);
            exemptions = exemptions == null ? List.of() : List.copyOf(exemptions);
        }

        /** A decision no exemption took part in. */
        public Decision(Verdict verdict, boolean allowed, String message, List<RuleResult> results, String evaluationId,
                        IndeterminateCause cause, String causeDetail) {
            this(verdict, allowed, message, results, evaluationId, cause, causeDetail, List.of());
        }

        /** This decision with {@code list} as the exemptions that took part. */
        Decision withExemptions(List<ExemptionUse> list) {
            return new Decision(verdict, allowed, message, results, evaluationId, cause, causeDetail, list);
        }

        /** The exemptions that waived a result (not the expired ones). */
        public List<ExemptionUse> applied() {
            return exemptions.stream().filter(e -> !e.expired()).toList();
        }
    }
}
