package com.lambda.tracing.hook.evaluation;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The hook's poll schedule: the pause grows with the time the evaluation has already taken, and is jittered.
 *
 * <p>Nominal pause = {@link #BASE} + {@link #GROWTH} × time waited, at most {@link #CAP}; the actual pause is drawn
 * uniformly within ±{@link #JITTER} of it. A verdict that arrives early is seen early (a few hundred ms), while a long
 * evaluation, where Config's own time dominates, costs few calls: with Config finishing at 1 s, 5 s or 20 s the hook
 * makes about 4, 10 or 20 summary calls, and an evaluation that does not finish is polled every 2 to 3 s from about
 * 18 s on. The jitter keeps the functions of one stack, which CloudFormation evaluates at the same moment, from
 * polling Config in step. It is bounded rather than "full" (anything from zero up): a pause of zero buys no latency
 * and spends a call, and a lower bound is what keeps a stuck evaluation at most one poll per 2 s.
 */
public final class GrowingPollSchedule implements PollSchedule {
    static final Duration BASE = Duration.ofMillis(350);
    static final double GROWTH = 0.12;
    static final Duration CAP = Duration.ofMillis(2500);
    static final double JITTER = 0.2;

    private final RandomGenerator random;

    /** @param random the jitter's source; tests pass a seeded one */
    public GrowingPollSchedule(RandomGenerator random) {
        this.random = random;
    }

    /** A schedule with its own randomly seeded jitter, so hooks started together drift apart. */
    public static GrowingPollSchedule unseeded() {
        return new GrowingPollSchedule(new SplittableRandom());
    }

    @Override
    public Duration next(Duration waited, Duration previous) {
        double factor = 1 - JITTER + 2 * JITTER * random.nextDouble();
        return Duration.ofMillis(Math.round(nominal(waited).toMillis() * factor));
    }

    /** The pause before jitter. */
    static Duration nominal(Duration waited) {
        long w = Math.max(0, waited.toMillis());
        return Duration.ofMillis(Math.min(CAP.toMillis(), BASE.toMillis() + Math.round(GROWTH * w)));
    }
}
