package com.lambda.tracing.hook.evaluation;

import com.lambda.tracing.hook.evaluation.Outcome.Decision;
import com.lambda.tracing.hook.evaluation.Outcome.Pending;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.EvaluationResult;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByResourceResponse;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryResponse;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationResponse;

/**
 * The start / poll / results state machine of one proactive evaluation.
 *
 * <p>One call of {@link #evaluate} is one hook invocation: it starts the evaluation (or picks up the one named in
 * {@code progress}), polls its summary for at most {@code maxWaitPerInvocation}, and then either decides or returns
 * {@link Pending} so the hook can answer IN_PROGRESS and be invoked again. The pauses between polls come from a
 * {@link PollSchedule} ({@link GrowingPollSchedule} unless a caller passes another).
 */
public final class ProactiveEvaluator {
    /** Config's own EvaluationTimeout should end a stuck evaluation; this is the hook's margin on top of it and the budget. */
    static final Duration TIMEOUT_GRACE = Duration.ofSeconds(30);
    /** A paginated answer longer than this is treated as a broken response rather than followed forever. */
    static final int MAX_RESULT_PAGES = 1000;
    /**
     * Calls in flight when the polling budget ends may run this much longer, and no invocation runs past
     * {@link #HARD_LIMIT}: CloudFormation gives a hook invocation 30 s, and {@link #WRAPPER_RESERVE} of them go to
     * the plugin's wrapper (a cold JVM, decrypting the caller credentials, setting up logging, writing the answer).
     * With the largest MaxWaitPerInvocationSeconds (20 s): 20 + 4 + 6 = 30.
     */
    static final Duration CALL_GRACE = Duration.ofSeconds(4);
    static final Duration WRAPPER_RESERVE = Duration.ofSeconds(6);
    static final Duration HARD_LIMIT = Duration.ofSeconds(30).minus(WRAPPER_RESERVE);
    /** The client's own per-call and per-attempt limits (ClientBuilder); a call never gets more than these. */
    static final Duration MAX_CALL = Duration.ofSeconds(8);
    static final Duration MAX_ATTEMPT = Duration.ofSeconds(4);
    /** Less time than this left in the invocation: do not start another call, come back in the next invocation. */
    static final Duration MIN_CALL = Duration.ofMillis(250);
    /** Pause before trying a transiently failed start again, doubling up to the maximum. */
    static final Duration START_RETRY_PAUSE = Duration.ofMillis(200);
    static final Duration MAX_START_RETRY_PAUSE = Duration.ofSeconds(2);

    private final ConfigClient client;
    private final CallInvoker invoker;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Verdicts verdicts;
    private final PollSchedule schedule;

    public ProactiveEvaluator(ConfigClient client, CallInvoker invoker, Clock clock, Sleeper sleeper, Verdicts verdicts) {
        this(client, invoker, clock, sleeper, verdicts, GrowingPollSchedule.unseeded());
    }

    public ProactiveEvaluator(ConfigClient client, CallInvoker invoker, Clock clock, Sleeper sleeper, Verdicts verdicts,
                              PollSchedule schedule) {
        this.client = client;
        this.invoker = invoker;
        this.clock = clock;
        this.sleeper = sleeper;
        this.verdicts = verdicts;
        this.schedule = schedule;
    }

    /** What happened in this invocation, for the decision log. */
    public record Run(Outcome outcome, boolean codeShortened, int configurationChars) {
    }

    /**
     * Works on the evaluation for at most {@code settings.maxWaitPerInvocation()} of polling.
     *
     * @param progress null on the first invocation; the previous invocation's progress afterwards
     */
    public Run evaluate(EvaluationTarget target, EvaluationProgress progress, EvaluationSettings settings) {
        long invocationStart = clock.millis();
        long deadline = invocationStart + settings.maxWaitPerInvocation().toMillis();
        long hardDeadline = invocationStart
                + Math.min(settings.maxWaitPerInvocation().plus(CALL_GRACE).toMillis(), HARD_LIMIT.toMillis());
        boolean shortened = false;
        int chars = 0;
        String evaluationId;
        long startedAt;
        int reinvocations;
        if (progress == null || progress.evaluationId() == null) {
            PropertyNormaliser.Normalised normalised;
            try {
                normalised = PropertyNormaliser.normalise(target.properties());
            } catch (IllegalArgumentException e) {
                return new Run(verdicts.indeterminate(target.logicalId(), null, IndeterminateCause.INVALID_REQUEST,
                        e.getMessage(), List.of(), settings), false, 0);
            }
            shortened = normalised.codeShortened();
            chars = normalised.originalLength();
            if (!normalised.fits()) {
                return new Run(verdicts.indeterminate(target.logicalId(), null, IndeterminateCause.CONFIGURATION_TOO_LARGE,
                        normalised.originalLength() + " characters"
                                + (shortened ? ", still too large after leaving out the inline code" : "")
                                + "; move large values (inline code, environment variables) out of the template",
                        List.of(), settings), shortened, chars);
            }
            // The ClientToken makes the start idempotent, so a start that failed transiently is simply tried again
            // while this invocation's polling budget lasts.
            Duration backoff = START_RETRY_PAUSE;
            while (true) {
                try {
                    StartResourceEvaluationResponse started = call(
                            Translator.startRequest(target, normalised.json(), settings), client::startResourceEvaluation, hardDeadline);
                    evaluationId = started == null ? null : started.resourceEvaluationId();
                    break;
                } catch (SdkException e) {
                    if (ConfigErrors.transientFailure(e) && clock.millis() + backoff.toMillis() < deadline && pause(backoff.toMillis())) {
                        backoff = backoff.multipliedBy(2).compareTo(MAX_START_RETRY_PAUSE) > 0 ? MAX_START_RETRY_PAUSE : backoff.multipliedBy(2);
                        continue;
                    }
                    return new Run(apiFailure(target, null, "StartResourceEvaluation", e, settings), shortened, chars);
                }
            }
            if (evaluationId == null || evaluationId.isBlank()) {
                return new Run(verdicts.indeterminate(target.logicalId(), null, IndeterminateCause.MALFORMED_RESPONSE,
                        "StartResourceEvaluation returned no ResourceEvaluationId", List.of(), settings), shortened, chars);
            }
            startedAt = startedAt(progress, invocationStart);
            reinvocations = progress == null ? 0 : Math.max(0, progress.reinvocations());
        } else {
            evaluationId = progress.evaluationId();
            startedAt = startedAt(progress, invocationStart);
            reinvocations = Math.max(0, progress.reinvocations());
        }
        return new Run(poll(target, evaluationId, startedAt, reinvocations, deadline, hardDeadline, settings), shortened, chars);
    }

    /** A callback context edited by hand or by an older version may lack the start time: count from now then. */
    private static long startedAt(EvaluationProgress progress, long invocationStart) {
        return progress == null || progress.startedAtEpochMilli() <= 0 || progress.startedAtEpochMilli() > invocationStart
                ? invocationStart : progress.startedAtEpochMilli();
    }

    private Outcome poll(EvaluationTarget target, String evaluationId, long startedAt, int reinvocations, long deadline,
                         long hardDeadline, EvaluationSettings settings) {
        Duration interval = Duration.ZERO;
        while (true) {
            GetResourceEvaluationSummaryResponse summary;
            if (hardDeadline - clock.millis() < MIN_CALL.toMillis()) {
                Outcome later = continueLater(target, evaluationId, startedAt, reinvocations, settings, "no time left in this invocation");
                return later != null ? later
                        : budgetSpent(target, evaluationId, startedAt, reinvocations, settings, "AWS Config was still evaluating");
            }
            try {
                summary = call(Translator.summaryRequest(evaluationId), client::getResourceEvaluationSummary, hardDeadline);
            } catch (SdkException e) {
                Outcome later = null;
                if (outOfTime(e, hardDeadline)) {
                    later = continueLater(target, evaluationId, startedAt, reinvocations, settings,
                            "GetResourceEvaluationSummary did not answer within this invocation's budget");
                    if (later == null) {
                        return budgetSpent(target, evaluationId, startedAt, reinvocations, settings,
                                "GetResourceEvaluationSummary did not answer in time");
                    }
                } else if (ConfigErrors.transientFailure(e)) {
                    // One poll that failed after the SDK's retries decides nothing: the evaluation runs on in Config.
                    // Poll again while this invocation's budget lasts, then in the next invocation.
                    long now = clock.millis();
                    interval = schedule.next(Duration.ofMillis(now - startedAt), interval);
                    if (now < deadline && pause(Math.min(interval.toMillis(), deadline - now))) {
                        continue;
                    }
                    later = continueLater(target, evaluationId, startedAt, reinvocations, settings,
                            "GetResourceEvaluationSummary failed (" + e.getClass().getSimpleName() + ") and is tried again");
                }
                return later != null ? later : apiFailure(target, evaluationId, "GetResourceEvaluationSummary", e, settings);
            }
            if (summary == null || summary.evaluationStatus() == null || summary.evaluationStatus().status() == null) {
                return verdicts.indeterminate(target.logicalId(), evaluationId, IndeterminateCause.MALFORMED_RESPONSE,
                        "the evaluation summary carries no EvaluationStatus", List.of(), settings);
            }
            ResourceEvaluationStatus status = summary.evaluationStatus().status();
            if (status == ResourceEvaluationStatus.SUCCEEDED) {
                Outcome outcome = results(target, evaluationId, summary, hardDeadline,
                        reinvocations < settings.maxReinvocations(), settings);
                if (outcome == null) {
                    Outcome later = continueLater(target, evaluationId, startedAt, reinvocations, settings,
                            "its results did not arrive within this invocation's budget");
                    return later != null ? later : budgetSpent(target, evaluationId, startedAt, reinvocations, settings,
                            "reading the results took longer than the last invocation allowed");
                }
                return outcome;
            }
            if (status == ResourceEvaluationStatus.FAILED) {
                String reason = summary.evaluationStatus().failureReason();
                boolean timedOut = reason != null && reason.toLowerCase(Locale.ROOT).contains("timed out");
                return verdicts.indeterminate(target.logicalId(), evaluationId,
                        timedOut ? IndeterminateCause.EVALUATION_TIMED_OUT : IndeterminateCause.EVALUATION_FAILED,
                        reason == null ? "Config gave no FailureReason" : "FailureReason: " + reason, List.of(), settings);
            }
            if (status != ResourceEvaluationStatus.IN_PROGRESS) {
                return verdicts.indeterminate(target.logicalId(), evaluationId, IndeterminateCause.MALFORMED_RESPONSE,
                        "unknown evaluation status '" + summary.evaluationStatus().statusAsString() + "'", List.of(), settings);
            }
            long now = clock.millis();
            // Within its budget the hook lets the invocations run out (a Config that honours its timeout has said so
            // by then); past both the budget and Config's timeout (a callback context from long ago, CloudFormation
            // waiting longer than asked), a still-running evaluation is one that timed out. The last invocation
            // decides at its deadline anyway, with the budget's own message.
            EvaluationBudget budget = EvaluationBudget.of(settings);
            int configTimeout = budget.configTimeoutSeconds();
            long evaluationLimit = startedAt
                    + Duration.ofSeconds(Math.max(configTimeout, budget.totalSeconds())).plus(TIMEOUT_GRACE).toMillis();
            if (now >= evaluationLimit && reinvocations < settings.maxReinvocations()) {
                return verdicts.indeterminate(target.logicalId(), evaluationId, IndeterminateCause.EVALUATION_TIMED_OUT,
                        "still IN_PROGRESS " + (now - startedAt) / 1000 + " s after it started (EvaluationTimeout asked of "
                                + "AWS Config: " + configTimeout + " s)", List.of(), settings);
            }
            if (now >= deadline) {
                if (reinvocations >= settings.maxReinvocations()) {
                    return budgetSpent(target, evaluationId, startedAt, reinvocations, settings, "AWS Config was still evaluating");
                }
                return new Pending(new EvaluationProgress(evaluationId, reinvocations + 1, startedAt),
                        "AWS Config is still evaluating '" + target.logicalId() + "' (evaluation " + evaluationId + ")");
            }
            interval = schedule.next(Duration.ofMillis(now - startedAt), interval);
            if (!pause(Math.min(interval.toMillis(), deadline - now))) {
                Outcome later = continueLater(target, evaluationId, startedAt, reinvocations, settings,
                        "interrupted while waiting for AWS Config");
                return later != null ? later
                        : budgetSpent(target, evaluationId, startedAt, reinvocations, settings, "interrupted while AWS Config was evaluating");
            }
        }
    }

    /** Sleeps; false when interrupted. */
    private boolean pause(long millis) {
        try {
            sleeper.sleep(Duration.ofMillis(Math.max(0, millis)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The decision, or null when the invocation ran out of time while reading the pages (come back later). */
    private Outcome results(EvaluationTarget target, String evaluationId, GetResourceEvaluationSummaryResponse summary,
                            long hardDeadline, boolean canComeBack, EvaluationSettings settings) {
        List<EvaluationResult> all = new ArrayList<>();
        Set<String> seenTokens = new HashSet<>();
        String nextToken = null;
        int pages = 0;
        try {
            do {
                if (hardDeadline - clock.millis() < MIN_CALL.toMillis()) {
                    return null;
                }
                GetComplianceDetailsByResourceResponse page = call(
                        Translator.detailsRequest(evaluationId, nextToken), client::getComplianceDetailsByResource, hardDeadline);
                if (page == null) {
                    return verdicts.indeterminate(target.logicalId(), evaluationId, IndeterminateCause.MALFORMED_RESPONSE,
                            "GetComplianceDetailsByResource returned nothing", List.of(), settings);
                }
                all.addAll(page.evaluationResults());
                nextToken = page.nextToken();
                pages++;
                if (nextToken != null && (!seenTokens.add(nextToken) || pages >= MAX_RESULT_PAGES)) {
                    return verdicts.indeterminate(target.logicalId(), evaluationId, IndeterminateCause.MALFORMED_RESPONSE,
                            "GetComplianceDetailsByResource keeps returning a NextToken (page " + pages + ")", List.of(), settings);
                }
            } while (nextToken != null && !nextToken.isEmpty());
        } catch (SdkException e) {
            // Reading results is repeatable: after a transient failure the next invocation reads them again.
            boolean later = outOfTime(e, hardDeadline) || (canComeBack && ConfigErrors.transientFailure(e));
            return later ? null : apiFailure(target, evaluationId, "GetComplianceDetailsByResource", e, settings);
        }
        return verdicts.decide(target.stackName(), target.logicalId(), evaluationId, summary.compliance(), all, settings,
                clock.instant());
    }

    /**
     * One Config call, limited to the time left before {@code hardDeadline} (never more than the client's own limits).
     * The plugin's proxy replaces the request's override configuration with its credentials, so the limits are
     * added inside the call, to the request the proxy hands on.
     */
    private <Q extends AwsRequest, R extends AwsResponse> R call(Q request, Function<Q, R> operation, long hardDeadline) {
        long left = Math.max(MIN_CALL.toMillis(), Math.min(MAX_CALL.toMillis(), hardDeadline - clock.millis()));
        Duration callTimeout = Duration.ofMillis(left);
        Duration attemptTimeout = Duration.ofMillis(Math.min(left, MAX_ATTEMPT.toMillis()));
        return invoker.invoke(request, q -> operation.apply(withTimeouts(q, callTimeout, attemptTimeout)));
    }

    @SuppressWarnings("unchecked")
    private static <Q extends AwsRequest> Q withTimeouts(Q request, Duration callTimeout, Duration attemptTimeout) {
        AwsRequestOverrideConfiguration.Builder override = request.overrideConfiguration()
                .map(AwsRequestOverrideConfiguration::toBuilder)
                .orElseGet(AwsRequestOverrideConfiguration::builder);
        return (Q) request.toBuilder()
                .overrideConfiguration(override.apiCallTimeout(callTimeout).apiCallAttemptTimeout(attemptTimeout).build())
                .build();
    }

    /**
     * A call cut short because this invocation's time is spent (not by the client's own limits with time left, which
     * is a failing Config, reported as such).
     */
    private boolean outOfTime(SdkException e, long hardDeadline) {
        return (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException)
                && hardDeadline - clock.millis() < MIN_CALL.toMillis();
    }

    /**
     * The last invocation the budget allows decides: indeterminate, saying how long the hook waited, over how many
     * invocations, and what EvaluationTimeout it asked of Config.
     */
    private Decision budgetSpent(EvaluationTarget target, String evaluationId, long startedAt, int reinvocations,
                                 EvaluationSettings settings, String what) {
        EvaluationBudget budget = EvaluationBudget.of(settings);
        long waited = Math.max(0, clock.millis() - startedAt) / 1000;
        int invocations = reinvocations + 1;
        return verdicts.indeterminate(target.logicalId(), evaluationId, IndeterminateCause.REINVOCATIONS_EXHAUSTED,
                what + " after the hook waited " + waited + " s over " + invocations
                        + (invocations == 1 ? " invocation" : " invocations") + " (MaxReinvocations="
                        + settings.maxReinvocations() + ", MaxWaitPerInvocationSeconds=" + settings.maxWaitPerInvocation().toSeconds()
                        + ", CallbackDelaySeconds=" + settings.callbackDelaySeconds() + "); EvaluationTimeout asked of AWS Config: "
                        + budget.configTimeoutSeconds() + " s", List.of(), settings);
    }

    /** IN_PROGRESS with the same evaluation, or null when the re-invocation budget is spent. */
    private Outcome continueLater(EvaluationTarget target, String evaluationId, long startedAt, int reinvocations,
                                  EvaluationSettings settings, String why) {
        if (reinvocations >= settings.maxReinvocations()) {
            return null;
        }
        return new Pending(new EvaluationProgress(evaluationId, reinvocations + 1, startedAt),
                "AWS Config evaluation " + evaluationId + " of '" + target.logicalId() + "' continues in the next invocation: " + why);
    }

    /** A failure that survived the SDK's retries and this invocation's own: the type configuration decides. */
    private Decision apiFailure(EvaluationTarget target, String evaluationId, String operation, SdkException e,
                                EvaluationSettings settings) {
        ConfigErrors.Classified failure = ConfigErrors.classify(operation, e);
        return verdicts.indeterminate(target.logicalId(), evaluationId, failure.cause(), failure.detail(), List.of(), settings);
    }
}
