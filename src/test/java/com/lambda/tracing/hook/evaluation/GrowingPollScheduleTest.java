package com.lambda.tracing.hook.evaluation;

import static com.lambda.tracing.hook.evaluation.ConfigResponses.page;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.result;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.lambda.tracing.hook.evaluation.Outcome.Decision;
import com.lambda.tracing.hook.evaluation.Outcome.Pending;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByResourceRequest;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryRequest;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationRequest;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationResponse;

class GrowingPollScheduleTest {
    /** Jitter sources pinned to the two ends of the range: nextDouble() of 0 and of just under 1. */
    private static final RandomGenerator LOWEST = () -> 0L;
    private static final RandomGenerator HIGHEST = () -> -1L;

    private static long pause(RandomGenerator random, long waitedMillis) {
        return new GrowingPollSchedule(random).next(Duration.ofMillis(waitedMillis), Duration.ZERO).toMillis();
    }

    @Test
    void pauseGrowsWithTheTimeWaitedAndStopsAtTheCap() {
        assertEquals(350, GrowingPollSchedule.nominal(Duration.ZERO).toMillis());
        assertEquals(470, GrowingPollSchedule.nominal(Duration.ofSeconds(1)).toMillis());
        assertEquals(950, GrowingPollSchedule.nominal(Duration.ofSeconds(5)).toMillis());
        assertEquals(2500, GrowingPollSchedule.nominal(Duration.ofSeconds(20)).toMillis());
        assertEquals(2500, GrowingPollSchedule.nominal(Duration.ofHours(2)).toMillis());
        assertEquals(350, GrowingPollSchedule.nominal(Duration.ofMillis(-5)).toMillis(), "a clock step back is no wait");
        long previous = 0;
        for (long w = 0; w <= 120_000; w += 10) {
            long n = GrowingPollSchedule.nominal(Duration.ofMillis(w)).toMillis();
            assertTrue(n >= previous, "never shrinks as the wait grows, at " + w + " ms");
            previous = n;
        }
    }

    @Test
    void jitterStaysWithinTwentyPercentOfTheNominalPause() {
        for (long w = 0; w <= 120_000; w += 250) {
            long n = GrowingPollSchedule.nominal(Duration.ofMillis(w)).toMillis();
            assertEquals(Math.round(n * 0.8), pause(LOWEST, w), "lowest jitter at " + w + " ms");
            assertEquals(Math.round(n * 1.2), pause(HIGHEST, w), "highest jitter at " + w + " ms");
        }
        GrowingPollSchedule seeded = new GrowingPollSchedule(new SplittableRandom(7));
        for (int i = 0; i < 10_000; i++) {
            long w = i * 13L;
            long n = GrowingPollSchedule.nominal(Duration.ofMillis(w)).toMillis();
            long p = seeded.next(Duration.ofMillis(w), Duration.ZERO).toMillis();
            assertTrue(p >= Math.round(n * 0.8) && p <= Math.round(n * 1.2), p + " ms for nominal " + n);
        }
    }

    @Test
    void aStuckEvaluationIsPolledAtMostEveryTwoSecondsAfterThirtySeconds() {
        GrowingPollSchedule seeded = new GrowingPollSchedule(new SplittableRandom(11));
        for (long w = 30_000; w <= 3_600_000; w += 997) {
            long p = seeded.next(Duration.ofMillis(w), Duration.ZERO).toMillis();
            assertTrue(p >= 2000 && p <= 3000, p + " ms at " + w + " ms");
        }
    }

    @Test
    void theSameSeedGivesTheSamePausesAndAnotherSeedOthers() {
        assertEquals(pauses(new SplittableRandom(42)), pauses(new SplittableRandom(42)));
        assertNotEquals(pauses(new SplittableRandom(42)), pauses(new SplittableRandom(43)));
    }

    private static List<Long> pauses(RandomGenerator random) {
        GrowingPollSchedule s = new GrowingPollSchedule(random);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(s.next(Duration.ofMillis(i * 400L), Duration.ZERO).toMillis());
        }
        return out;
    }

    /**
     * The evaluator with this schedule on a fake clock, against a Config that finishes at {@code finishMillis}: calls
     * in all (start + summaries + results) and how long after the finish the decision came, over 25 seeds. The
     * benchmark measures the same over real HTTP; this pins the schedule's shape (issue 15's targets, as medians, and
     * a bound on every single run).
     */
    @ParameterizedTest(name = "Config finishes at {0} ms")
    @CsvSource({
        // finish, median calls at most, every run at most, median added ms at most, every run at most
        "200, 4, 4, 300, 300",
        "1000, 7, 7, 300, 600",
        "5000, 15, 15, 700, 1200",
        "20000, 24, 24, 2500, 3000",
    })
    void callsAndAddedLatencyStayWithinTheTargets(long finishMillis, int medianCalls, int maxCalls, long medianAdded,
                                                 long maxAdded) {
        int seeds = 25;
        long[] calls = new long[seeds];
        long[] added = new long[seeds];
        for (int seed = 0; seed < seeds; seed++) {
            long[] r = simulate(finishMillis, seed);
            calls[seed] = r[0];
            added[seed] = r[1];
        }
        Arrays.sort(calls);
        Arrays.sort(added);
        assertTrue(calls[seeds / 2] <= medianCalls, "median calls " + Arrays.toString(calls));
        assertTrue(calls[seeds - 1] <= maxCalls, "calls " + Arrays.toString(calls));
        assertTrue(added[seeds / 2] <= medianAdded, "median added ms " + Arrays.toString(added));
        assertTrue(added[seeds - 1] <= maxAdded, "added ms " + Arrays.toString(added));
    }

    /** {calls, ms from Config's finish to the decision}; one invocation with a polling budget of 25 s. */
    private static long[] simulate(long finishMillis, long seed) {
        FakeTime time = new FakeTime(1_700_000_000_000L);
        long start = time.millis();
        ConfigClient client = mock(ConfigClient.class);
        int[] calls = {0};
        when(client.startResourceEvaluation(any(StartResourceEvaluationRequest.class))).thenAnswer(i -> {
            calls[0]++;
            return StartResourceEvaluationResponse.builder().resourceEvaluationId("eval-1").build();
        });
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class))).thenAnswer(i -> {
            calls[0]++;
            return time.millis() - start >= finishMillis
                    ? summary(ResourceEvaluationStatus.SUCCEEDED, ComplianceType.COMPLIANT)
                    : summary(ResourceEvaluationStatus.IN_PROGRESS, null);
        });
        when(client.getComplianceDetailsByResource(any(GetComplianceDetailsByResourceRequest.class))).thenAnswer(i -> {
            calls[0]++;
            return page(null, result("lambda-tracing-active", ComplianceType.COMPLIANT, null));
        });
        ProactiveEvaluator evaluator = new ProactiveEvaluator(client, ProactiveEvaluatorTest::direct, time, time,
                new Verdicts(ProactiveEvaluatorTest.CATALOG), new GrowingPollSchedule(new SplittableRandom(seed)));
        EvaluationTarget target = new EvaluationTarget("token", "arn:aws:cloudformation:us-east-1:1:stack/s/u", "Fn",
                "preCreate", "AWS::Lambda::Function", Map.of("Runtime", "python3.12"));
        Outcome outcome = evaluator.evaluate(target, null,
                ProactiveEvaluatorTest.settings(OnIndeterminate.FAIL, List.of(), 2, 25)).outcome();
        assertInstanceOf(Decision.class, outcome, () -> "decided within one invocation, not " + outcome);
        return new long[] {calls[0], time.millis() - start - finishMillis};
    }

    @Test
    void aResumedInvocationKeepsTheLongPausesOfALongEvaluation() {
        FakeTime time = new FakeTime(1_700_000_000_000L);
        ConfigClient client = mock(ConfigClient.class);
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class)))
                .thenReturn(summary(ResourceEvaluationStatus.IN_PROGRESS, null));
        ProactiveEvaluator evaluator = new ProactiveEvaluator(client, ProactiveEvaluatorTest::direct, time, time,
                new Verdicts(ProactiveEvaluatorTest.CATALOG), new GrowingPollSchedule(new SplittableRandom(3)));
        EvaluationTarget target = new EvaluationTarget("token", "arn:aws:cloudformation:us-east-1:1:stack/s/u", "Fn",
                "preCreate", "AWS::Lambda::Function", Map.of("Runtime", "python3.12"));

        Outcome outcome = evaluator.evaluate(target, new EvaluationProgress("eval-1", 1, time.millis() - 40_000),
                ProactiveEvaluatorTest.settings(OnIndeterminate.FAIL, List.of(), 2, 20)).outcome();

        assertInstanceOf(Pending.class, outcome);
        // 20 s of polling, 40 s into the evaluation: every pause is 2-3 s, so at most 10 polls plus the first.
        assertTrue(time.sleeps().stream().limit(time.sleeps().size() - 1L)
                .allMatch(s -> s.toMillis() >= 2000 && s.toMillis() <= 3000), time.sleeps().toString());
        assertTrue(time.sleeps().size() <= 10, time.sleeps().toString());
    }
}
