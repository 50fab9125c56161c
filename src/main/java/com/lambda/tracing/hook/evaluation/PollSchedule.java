package com.lambda.tracing.hook.evaluation;

import java.time.Duration;

/**
 * How long the hook waits before it asks {@code GetResourceEvaluationSummary} again while an evaluation is
 * {@code IN_PROGRESS}. The evaluator polls once right after the start (or at the start of a resumed invocation) and
 * then after each pause this schedule gives, never past the invocation's own deadline.
 */
@FunctionalInterface
public interface PollSchedule {
    /**
     * @param waited   time since the evaluation started, across invocations (the callback context carries the start)
     * @param previous the pause before the poll that just answered, or zero after an invocation's first poll
     * @return the pause before the next poll (not negative)
     */
    Duration next(Duration waited, Duration previous);
}
