package com.lambda.tracing.hook.local;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the endpoint has seen: requests per operation, StartResourceEvaluation calls per ResourceId and per
 * (EvaluationContextIdentifier, ResourceId), evaluations created, and the peak number of stored evaluations.
 * Counters include calls that ended in an error or an injected fault.
 */
public final class EndpointStats {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> startsByResource = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> startsByContextAndResource = new ConcurrentHashMap<>();
    private final LongAdder evaluationsCreated = new LongAdder();
    private final AtomicLong peakStored = new AtomicLong();

    void request(String operation) {
        requests.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    void start(String resourceId, String contextId) {
        String r = resourceId == null ? "" : resourceId;
        startsByResource.computeIfAbsent(r, k -> new LongAdder()).increment();
        startsByContextAndResource.computeIfAbsent(key(contextId, r), k -> new LongAdder()).increment();
    }

    void created(int storedNow) {
        evaluationsCreated.increment();
        peakStored.accumulateAndGet(storedNow, Math::max);
    }

    private static String key(String contextId, String resourceId) {
        return (contextId == null ? "" : contextId) + "\u0000" + resourceId;
    }

    /** HTTP requests that named {@code operation} in X-Amz-Target. */
    public long requests(String operation) {
        LongAdder a = requests.get(operation);
        return a == null ? 0 : a.sum();
    }

    /** StartResourceEvaluation calls (any outcome) for this ResourceId. */
    public long startCalls(String resourceId) {
        LongAdder a = startsByResource.get(resourceId);
        return a == null ? 0 : a.sum();
    }

    /** StartResourceEvaluation calls for this ResourceId within one EvaluationContextIdentifier (null: none sent). */
    public long startCalls(String contextId, String resourceId) {
        LongAdder a = startsByContextAndResource.get(key(contextId, resourceId));
        return a == null ? 0 : a.sum();
    }

    /** StartResourceEvaluation calls per ResourceId, sorted by id. */
    public Map<String, Long> startCallsByResource() {
        Map<String, Long> m = new TreeMap<>();
        startsByResource.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public long totalStartCalls() {
        return requests("StartResourceEvaluation");
    }

    /** New evaluations (idempotent repeats of a start do not count). */
    public long evaluationsCreated() {
        return evaluationsCreated.sum();
    }

    public long peakStoredEvaluations() {
        return peakStored.get();
    }

    public void reset() {
        requests.clear();
        startsByResource.clear();
        startsByContextAndResource.clear();
        evaluationsCreated.reset();
        peakStored.set(0);
    }
}
