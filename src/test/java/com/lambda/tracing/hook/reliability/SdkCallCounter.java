package com.lambda.tracing.hook.reliability;

import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts, for every AWS SDK client in the test JVM (registered as a global interceptor in
 * src/test/resources/software/amazon/awssdk/global/handlers/execution.interceptors), the API calls, the HTTP attempts
 * they took and the throttling answers received. It only counts; the load test reads it to report retries and
 * throttles as the hook's client saw them.
 */
public final class SdkCallCounter implements ExecutionInterceptor {
    static final LongAdder CALLS = new LongAdder();
    static final LongAdder ATTEMPTS = new LongAdder();
    static final LongAdder THROTTLED = new LongAdder();

    /** A snapshot of the counters. */
    record Counts(long calls, long attempts, long throttled) {
        Counts minus(Counts before) {
            return new Counts(calls - before.calls, attempts - before.attempts, throttled - before.throttled);
        }

        long retries() {
            return attempts - calls;
        }
    }

    static Counts now() {
        return new Counts(CALLS.sum(), ATTEMPTS.sum(), THROTTLED.sum());
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CALLS.increment();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        ATTEMPTS.increment();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (context.httpResponse().firstMatchingHeader("x-amzn-ErrorType").map(t -> t.startsWith("Throttling")).orElse(false)) {
            THROTTLED.increment();
        }
    }
}
