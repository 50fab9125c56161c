package com.lambda.tracing.hook.local;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * When a fault fires, deterministically: never, always, on every Nth occasion, on the first N occasions, with a
 * probability drawn from a seeded random generator, or above a rate (more than N occasions let through within one
 * second, as a service's request quota throttles). Thread-safe; each trigger counts its own occasions.
 */
public final class Trigger {
    private enum Mode { NEVER, ALWAYS, EVERY, FIRST, AFTER, BURST, RATE, ABOVE }

    private final Mode mode;
    private final long n;
    private final long count;
    private final double probability;
    private final long seed;
    private final AtomicLong occasions = new AtomicLong();
    private final Random random;
    /** ABOVE: when the last N occasions that were let through happened (a ring), and the clock in nanoseconds. */
    private final long[] passed;
    private int oldest;
    private final LongSupplier nanos;

    private Trigger(Mode mode, long n, double probability, long seed) {
        this(mode, n, 0, probability, seed);
    }

    private Trigger(Mode mode, long n, long count, double probability, long seed) {
        this(mode, n, count, probability, seed, System::nanoTime);
    }

    private Trigger(Mode mode, long n, long count, double probability, long seed, LongSupplier nanos) {
        this.mode = mode;
        this.n = n;
        this.count = count;
        this.probability = probability;
        this.seed = seed;
        this.random = mode == Mode.RATE ? new Random(seed) : null;
        this.passed = mode == Mode.ABOVE ? new long[(int) n] : null;
        this.nanos = nanos;
        if (passed != null) {
            java.util.Arrays.fill(passed, Long.MIN_VALUE);
        }
    }

    public static Trigger never() {
        return new Trigger(Mode.NEVER, 0, 0, 0);
    }

    public static Trigger always() {
        return new Trigger(Mode.ALWAYS, 0, 0, 0);
    }

    /** Fires on occasions N, 2N, 3N, ... (1-based). */
    public static Trigger everyNth(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("every: N must be at least 1");
        }
        return new Trigger(Mode.EVERY, n, 0, 0);
    }

    /** Fires on the first N occasions, then never again. */
    public static Trigger firstN(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("first: N must not be negative");
        }
        return new Trigger(Mode.FIRST, n, 0, 0);
    }

    /** Lets the first N occasions pass, then fires on every later one. */
    public static Trigger afterN(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("after: N must not be negative");
        }
        return new Trigger(Mode.AFTER, n, 0, 0);
    }

    /** A burst: lets {@code after} occasions pass, fires on the next {@code count}, then never again. */
    public static Trigger burst(long after, long count) {
        if (after < 0 || count < 1) {
            throw new IllegalArgumentException("burst: needs after >= 0 and count >= 1");
        }
        return new Trigger(Mode.BURST, after, count, 0, 0);
    }

    /** Fires with probability {@code p} per occasion; the same seed gives the same sequence. */
    public static Trigger rate(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("rate: probability must be between 0 and 1");
        }
        return new Trigger(Mode.RATE, 0, p, seed);
    }

    /**
     * Fires on every occasion that would be the (N+1)th let through within one second: at most N occasions pass in
     * any sliding one-second window, the rest fire (a throttled request does not use up the quota).
     */
    public static Trigger above(long perSecond) {
        return above(perSecond, System::nanoTime);
    }

    static Trigger above(long perSecond, LongSupplier nanos) {
        if (perSecond < 1 || perSecond > 100_000) {
            throw new IllegalArgumentException("above: N per second must be between 1 and 100000");
        }
        return new Trigger(Mode.ABOVE, perSecond, 0, 0, 0, nanos);
    }

    /**
     * Parses {@code always}, {@code never}, {@code every:N}, {@code first:N}, {@code after:N},
     * {@code burst:AFTER:COUNT}, {@code rate:P}, {@code rate:P:SEED} (default seed 42) or {@code above:N} (more than N
     * per second).
     */
    public static Trigger parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            switch (parts[0]) {
                case "always":
                    return always();
                case "never":
                    return never();
                case "every":
                    return everyNth(Long.parseLong(parts[1]));
                case "first":
                    return firstN(Long.parseLong(parts[1]));
                case "after":
                    return afterN(Long.parseLong(parts[1]));
                case "burst":
                    return burst(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                case "rate":
                    return rate(Double.parseDouble(parts[1]), parts.length > 2 ? Long.parseLong(parts[2]) : 42L);
                case "above":
                    return above(Long.parseLong(parts[1]));
                default:
                    break;
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("bad trigger '" + text
                + "' (expected always, never, every:N, first:N, after:N, burst:AFTER:COUNT, rate:P[:SEED] or above:N)");
    }

    /** Counts one occasion and says whether the fault fires on it. */
    public boolean fire() {
        long k = occasions.incrementAndGet();
        switch (mode) {
            case ALWAYS:
                return true;
            case EVERY:
                return k % n == 0;
            case FIRST:
                return k <= n;
            case AFTER:
                return k > n;
            case BURST:
                return k > n && k <= n + count;
            case RATE:
                synchronized (random) {
                    return random.nextDouble() < probability;
                }
            case ABOVE:
                synchronized (passed) {
                    long now = nanos.getAsLong();
                    if (passed[oldest] != Long.MIN_VALUE && now - passed[oldest] < 1_000_000_000L) {
                        return true;
                    }
                    passed[oldest] = now;
                    oldest = (oldest + 1) % passed.length;
                    return false;
                }
            case NEVER:
            default:
                return false;
        }
    }

    boolean isNever() {
        return mode == Mode.NEVER;
    }

    @Override
    public String toString() {
        switch (mode) {
            case EVERY:
                return "every:" + n;
            case FIRST:
                return "first:" + n;
            case AFTER:
                return "after:" + n;
            case BURST:
                return "burst:" + n + ":" + count;
            case RATE:
                return "rate:" + probability + ":" + seed;
            case ABOVE:
                return "above:" + n;
            default:
                return mode.name().toLowerCase(Locale.ROOT);
        }
    }
}
