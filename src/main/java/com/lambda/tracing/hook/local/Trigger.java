package com.lambda.tracing.hook.local;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a fault fires, deterministically: never, always, on every Nth occasion, on the first N occasions, or with a
 * probability drawn from a seeded random generator. Thread-safe; each trigger counts its own occasions.
 */
public final class Trigger {
    private enum Mode { NEVER, ALWAYS, EVERY, FIRST, AFTER, BURST, RATE }

    private final Mode mode;
    private final long n;
    private final long count;
    private final double probability;
    private final long seed;
    private final AtomicLong occasions = new AtomicLong();
    private final Random random;

    private Trigger(Mode mode, long n, double probability, long seed) {
        this(mode, n, 0, probability, seed);
    }

    private Trigger(Mode mode, long n, long count, double probability, long seed) {
        this.mode = mode;
        this.n = n;
        this.count = count;
        this.probability = probability;
        this.seed = seed;
        this.random = mode == Mode.RATE ? new Random(seed) : null;
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
     * Parses {@code always}, {@code never}, {@code every:N}, {@code first:N}, {@code after:N},
     * {@code burst:AFTER:COUNT}, {@code rate:P} or {@code rate:P:SEED} (default seed 42).
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
                default:
                    break;
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("bad trigger '" + text
                + "' (expected always, never, every:N, first:N, after:N, burst:AFTER:COUNT or rate:P[:SEED])");
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
            default:
                return mode.name().toLowerCase(Locale.ROOT);
        }
    }
}
