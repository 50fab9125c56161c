package com.lambda.tracing.hook.evaluation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when the code under test sleeps (or a test advances it), recording every sleep. */
public final class FakeTime extends Clock implements Sleeper {
    private long millis;
    private final List<Duration> sleeps = new ArrayList<>();

    public FakeTime(long startMillis) {
        this.millis = startMillis;
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        millis += duration.toMillis();
    }

    public void advance(Duration duration) {
        millis += duration.toMillis();
    }

    public List<Duration> sleeps() {
        return sleeps;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
