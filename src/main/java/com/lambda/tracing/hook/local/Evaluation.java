package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** One proactive evaluation held by the endpoint. Immutable request data, synchronized result state. */
final class Evaluation {
    enum Status { IN_PROGRESS, SUCCEEDED, FAILED }

    /** One Config rule's result for this evaluation. */
    record Result(String ruleName, String compliance, String annotation, long invokedMillis, long recordedMillis) {
    }

    /** Config's EvaluationTimeout when a request gives none (or 0). */
    static final int DEFAULT_TIMEOUT_SECONDS = 900;

    final String id;
    final long sequence;
    final String resourceId;
    final String resourceType;
    final String resourceConfiguration;
    final String schemaType;
    final String contextId;
    final String mode;
    final int timeoutSeconds;
    final long startMillis;
    final String clientToken;
    final JsonNode canonicalRequest;
    final JsonNode properties;
    final List<ConfigRules.StoredRule> rules;

    // fault decisions, fixed at creation
    final boolean neverFinish;
    final boolean failEvaluation;
    final boolean unknownEnums;
    final boolean noResults;
    final boolean forgotten;

    private Status status = Status.IN_PROGRESS;
    private String compliance;
    private String failureReason;
    private List<Result> results = List.of();

    Evaluation(String id, long sequence, String resourceId, String resourceType, String resourceConfiguration,
               String schemaType, String contextId, String mode, int timeoutSeconds, long startMillis,
               String clientToken, JsonNode canonicalRequest, JsonNode properties, List<ConfigRules.StoredRule> rules,
               boolean neverFinish, boolean failEvaluation, boolean unknownEnums, boolean noResults,
               boolean forgotten) {
        this.id = id;
        this.sequence = sequence;
        this.resourceId = resourceId;
        this.resourceType = resourceType;
        this.resourceConfiguration = resourceConfiguration;
        this.schemaType = schemaType;
        this.contextId = contextId;
        this.mode = mode;
        this.timeoutSeconds = timeoutSeconds;
        this.startMillis = startMillis;
        this.clientToken = clientToken;
        this.canonicalRequest = canonicalRequest;
        this.properties = properties;
        this.rules = List.copyOf(rules);
        this.neverFinish = neverFinish;
        this.failEvaluation = failEvaluation;
        this.unknownEnums = unknownEnums;
        this.noResults = noResults;
        this.forgotten = forgotten;
    }

    /** Approximate retained size, for the store's memory cap. */
    long weight() {
        return 512L + 2L * resourceConfiguration.length() + (clientToken == null ? 0 : 2L * clientToken.length());
    }

    /** The status once the evaluation has ended, or after {@code millis} if it is still in progress then. */
    synchronized Status awaitEnd(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (status == Status.IN_PROGRESS) {
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return status;
    }

    synchronized Status status() {
        return status;
    }

    synchronized String compliance() {
        return compliance;
    }

    synchronized String failureReason() {
        return failureReason;
    }

    synchronized List<Result> results() {
        return results;
    }

    /** Ends the evaluation successfully, once; later calls are ignored. */
    synchronized boolean succeed(String aggregate, List<Result> ruleResults) {
        if (status != Status.IN_PROGRESS) {
            return false;
        }
        status = Status.SUCCEEDED;
        compliance = aggregate;
        results = List.copyOf(ruleResults);
        notifyAll();
        return true;
    }

    /** Ends the evaluation as FAILED with INSUFFICIENT_DATA, once. */
    synchronized boolean fail(String reason) {
        if (status != Status.IN_PROGRESS) {
            return false;
        }
        status = Status.FAILED;
        compliance = "INSUFFICIENT_DATA";
        failureReason = reason;
        notifyAll();
        return true;
    }
}
