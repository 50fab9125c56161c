package com.lambda.tracing.hook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TriggerTest {
    private static final long MS = 1_000_000L;

    @Test
    void aboveLetsNPassInAnyOneSecondAndFiresOnTheRest() {
        AtomicLong now = new AtomicLong(5_000 * MS);
        Trigger t = Trigger.above(3, now::get);

        assertFalse(t.fire());
        now.addAndGet(100 * MS);
        assertFalse(t.fire());
        assertFalse(t.fire());
        assertTrue(t.fire(), "the 4th within one second");
        now.addAndGet(850 * MS);
        assertTrue(t.fire(), "950 ms after the first: still within its second");
        now.addAndGet(60 * MS);
        assertFalse(t.fire(), "1010 ms after the first, which no longer counts");
        assertTrue(t.fire(), "the two at 100 ms still count");
        now.addAndGet(100 * MS);
        assertFalse(t.fire());
        assertFalse(t.fire());
        assertTrue(t.fire());
    }

    @Test
    void throttledOccasionsDoNotUseUpTheQuota() {
        AtomicLong now = new AtomicLong(0);
        Trigger t = Trigger.above(2, now::get);
        int passed = 0;
        for (int ms = 0; ms < 10_000; ms += 10) {
            now.set(ms * MS);
            passed += t.fire() ? 0 : 1;
        }
        // 1,000 occasions over 10 s against a quota of 2 per second: 20 pass, however many were refused.
        assertEquals(20, passed);
    }

    @Test
    void parsesAboveAndRejectsNonsense() {
        assertEquals("above:20", Trigger.parse("above:20").toString());
        assertThrows(IllegalArgumentException.class, () -> Trigger.parse("above:0"));
        assertThrows(IllegalArgumentException.class, () -> Trigger.parse("above:x"));
        assertThrows(IllegalArgumentException.class, () -> Trigger.parse("above"));
    }
}
