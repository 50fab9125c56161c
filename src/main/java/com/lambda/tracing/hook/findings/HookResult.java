package com.lambda.tracing.hook.findings;

import com.lambda.tracing.hook.rules.Severity;
import java.time.Instant;
import java.util.List;

/**
 * The hook's detailed result for one invocation, as CloudFormation's {@code GetHookResult} returns it. Free text is
 * already masked.
 *
 * @param stackArn the stack the invocation belonged to (the result's execution target)
 */
public record HookResult(
        String hookResultId,
        String stackArn,
        String logicalId,
        String status,
        String statusReason,
        Instant invokedAt,
        List<Annotation> annotations) {

    public HookResult {
        annotations = List.copyOf(annotations);
    }

    /** One annotation: one rule's result. */
    public record Annotation(String name, String status, Severity severity, String message, String remediation,
                             String link) {

        public boolean failed() {
            return "FAILED".equals(status);
        }
    }

    /** The failing annotations, in the hook's order. */
    public List<Annotation> failing() {
        return annotations.stream().filter(Annotation::failed).toList();
    }
}
