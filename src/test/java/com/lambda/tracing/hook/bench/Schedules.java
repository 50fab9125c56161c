package com.lambda.tracing.hook.bench;

import com.lambda.tracing.hook.evaluation.PollSchedule;
import java.time.Duration;

/** Poll schedules the benchmark compares with the hook's own ({@code GrowingPollSchedule}). */
final class Schedules {
    /** The hook's schedule before issue 15: 25 ms after each invocation's first poll, doubling up to 250 ms. */
    static final PollSchedule DOUBLING_TO_250_MS = (waited, previous) -> previous.isZero()
            ? Duration.ofMillis(25) : previous.multipliedBy(2).compareTo(Duration.ofMillis(250)) > 0
            ? Duration.ofMillis(250) : previous.multipliedBy(2);

    /** The closest open-source peer's policy: a fixed 2 s sleep between polls. */
    static final PollSchedule FIXED_2_S = (waited, previous) -> Duration.ofSeconds(2);

    private Schedules() {
    }
}
