package com.lambda.tracing.hook.findings;

import com.lambda.tracing.hook.evaluation.Masking;
import com.lambda.tracing.hook.rules.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Annotation;
import software.amazon.awssdk.services.cloudformation.model.GetHookResultResponse;
import software.amazon.awssdk.services.cloudformation.model.HookResultSummary;
import software.amazon.awssdk.services.cloudformation.model.HookStatus;
import software.amazon.awssdk.services.cloudformation.model.ListHookResultsResponse;

/**
 * Finds the hook result an event reports: {@code ListHookResults} filtered by the hook's type ARN and the event's
 * outcome, the summary whose target is the event's logical id (and stack, when the event names one) invoked closest
 * before the event, then {@code GetHookResult} for its annotations. Reads at most {@value #MAX_PAGES} pages, newest
 * first as CloudFormation lists them, so a busy account cannot keep the function paging.
 */
public final class HookResults {
    static final int MAX_PAGES = 5;
    /** An event is emitted after the invocation it reports; allow for clock skew between the two. */
    static final Duration SKEW = Duration.ofMinutes(2);

    private final CloudFormationClient client;

    public HookResults(CloudFormationClient client) {
        this.client = client;
    }

    /**
     * The detailed result of the invocation {@code event} reports.
     *
     * @throws HookResultUnavailableException when no listed result matches the event
     */
    public HookResult read(HookEvent event) {
        HookResultSummary summary = summary(event).orElseThrow(() -> new HookResultUnavailableException(
                "ListHookResults lists no " + status(event)
                        + (event.outcome() == HookEvent.Outcome.FAILED && status(event) != HookStatus.HOOK_FAILED
                        ? " or HOOK_FAILED" : "") + " result of " + event.typeArn() + " for logical id "
                        + event.logicalId() + (event.stackArn() == null ? "" : " in " + event.stackArn())
                        + " invoked before " + event.time() + " (searched " + MAX_PAGES + " pages)"));
        GetHookResultResponse result = client.getHookResult(r -> r.hookResultId(summary.hookResultId()));
        List<HookResult.Annotation> annotations = new ArrayList<>();
        for (Annotation a : result.annotations()) {
            annotations.add(new HookResult.Annotation(
                    text(a.annotationName()), a.statusAsString(), severity(a.severityLevelAsString()),
                    text(a.statusMessage()), text(a.remediationMessage()), text(a.remediationLink())));
        }
        String stack = summary.hookExecutionTarget() != null ? summary.hookExecutionTarget() : event.stackArn();
        if (stack == null) {
            throw new HookResultUnavailableException("hook result " + summary.hookResultId()
                    + " names no stack and neither does the event");
        }
        return new HookResult(summary.hookResultId(), stack, event.logicalId(), result.statusAsString(),
                text(result.hookStatusReason() != null ? result.hookStatusReason() : summary.hookStatusReason()),
                result.invokedAt() != null ? result.invokedAt() : summary.invokedAt(), annotations);
    }

    /** The stack of the invocation {@code event} reports: the event's, else the matching result's. */
    public String stackOf(HookEvent event) {
        if (event.stackArn() != null) {
            return event.stackArn();
        }
        return summary(event).map(HookResultSummary::hookExecutionTarget).orElseThrow(() ->
                new HookResultUnavailableException("the event names no stack and ListHookResults lists no "
                        + status(event) + " result of " + event.typeArn() + " for logical id " + event.logicalId()));
    }

    private Optional<HookResultSummary> summary(HookEvent event) {
        Optional<HookResultSummary> found = summary(event, status(event));
        if (found.isEmpty() && event.outcome() == HookEvent.Outcome.FAILED && status(event) != HookStatus.HOOK_FAILED) {
            // A generic FAILED event may report a hook that errored (timed out, crashed) rather than one that
            // completed with a failing check: CloudFormation lists those as HOOK_FAILED.
            found = summary(event, HookStatus.HOOK_FAILED);
        }
        return found;
    }

    private Optional<HookResultSummary> summary(HookEvent event, HookStatus status) {
        Instant latest = event.time().plus(SKEW);
        HookResultSummary best = null;
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String next = token;
            ListHookResultsResponse response = client.listHookResults(r -> r.typeArn(event.typeArn())
                    .status(status).nextToken(next));
            for (HookResultSummary s : response.hookResults()) {
                if (!event.logicalId().equals(s.targetId())
                        || (event.stackArn() != null && s.hookExecutionTarget() != null
                        && !event.stackArn().equals(s.hookExecutionTarget()))
                        || s.invokedAt() == null || s.invokedAt().isAfter(latest)) {
                    continue;
                }
                if (best == null || s.invokedAt().isAfter(best.invokedAt())) {
                    best = s;
                }
            }
            token = response.nextToken();
            if (best != null || token == null || token.isEmpty()) {
                break;
            }
        }
        return Optional.ofNullable(best);
    }

    private static HookStatus status(HookEvent event) {
        if (event.outcome() == HookEvent.Outcome.SUCCEEDED) {
            return HookStatus.HOOK_COMPLETE_SUCCEEDED;
        }
        // HOOK_FAILED (the hook itself errored) carries no annotations; a FAILED event is a completed check.
        return event.status().equals("HOOK_FAILED") ? HookStatus.HOOK_FAILED : HookStatus.HOOK_COMPLETE_FAILED;
    }

    private static Severity severity(String level) {
        if (level == null) {
            return null;
        }
        try {
            return Severity.valueOf(level.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // INFORMATIONAL and future levels rank below every rule severity.
            return null;
        }
    }

    private static String text(String value) {
        return value == null ? null : Masking.maskText(value);
    }
}
