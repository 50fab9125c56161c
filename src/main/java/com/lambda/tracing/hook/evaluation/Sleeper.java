package com.lambda.tracing.hook.evaluation;

import java.time.Duration;

/** Waits between polls; injectable so unit tests run the polling schedule without real time passing. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(Math.max(0L, duration.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
