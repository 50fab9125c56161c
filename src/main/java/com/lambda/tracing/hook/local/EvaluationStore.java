package com.lambda.tracing.hook.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluations the endpoint remembers, oldest first, with their client tokens. Bounded three ways: a count cap, a
 * cap on retained bytes and a retention period; whatever exceeds them is evicted, finished evaluations oldest first
 * and evaluations still in progress only when no finished one is left (an evicted id then answers
 * ResourceNotFoundException, and its client token may be used again).
 */
final class EvaluationStore {
    private final int maxEvaluations;
    private final long maxBytes;
    private final Duration retention;
    private final LinkedHashMap<String, Evaluation> byId = new LinkedHashMap<>();
    private final Map<String, Evaluation> byToken = new HashMap<>();
    private long bytes;
    private long sequence;

    EvaluationStore(int maxEvaluations, long maxBytes, Duration retention) {
        this.maxEvaluations = maxEvaluations;
        this.maxBytes = maxBytes;
        this.retention = retention;
    }

    synchronized long nextSequence() {
        return ++sequence;
    }

    synchronized Evaluation byToken(String token) {
        expire(System.currentTimeMillis());
        return byToken.get(token);
    }

    synchronized Evaluation get(String id) {
        expire(System.currentTimeMillis());
        return byId.get(id);
    }

    /**
     * Makes room for one more evaluation by evicting finished ones (oldest first). False when every stored evaluation
     * is still running and the count cap is reached: a running evaluation is never dropped for a new one (its caller
     * would get ResourceNotFoundException for an id it was just given); the new start is refused instead.
     */
    synchronized boolean makeRoom() {
        expire(System.currentTimeMillis());
        Iterator<Evaluation> it = byId.values().iterator();
        while (byId.size() >= maxEvaluations && it.hasNext()) {
            Evaluation old = it.next();
            if (old.status() != Evaluation.Status.IN_PROGRESS) {
                it.remove();
                forget(old);
            }
        }
        return byId.size() < maxEvaluations;
    }

    /** Adds an evaluation and evicts what no longer fits; returns the number stored afterwards. */
    synchronized int add(Evaluation e) {
        byId.put(e.id, e);
        bytes += e.weight();
        if (e.clientToken != null) {
            byToken.put(e.clientToken, e);
        }
        expire(System.currentTimeMillis());
        // finished evaluations go first, oldest first; live ones only when nothing else is left to evict
        evict(e, true);
        evict(e, false);
        return byId.size();
    }

    private void evict(Evaluation keep, boolean finishedOnly) {
        Iterator<Evaluation> it = byId.values().iterator();
        while ((byId.size() > maxEvaluations || bytes > maxBytes) && it.hasNext()) {
            Evaluation old = it.next();
            if (old == keep || (finishedOnly && old.status() == Evaluation.Status.IN_PROGRESS)) {
                continue;
            }
            it.remove();
            forget(old);
        }
    }

    private void expire(long now) {
        Iterator<Evaluation> it = byId.values().iterator();
        while (it.hasNext()) {
            Evaluation old = it.next();
            if (now - old.startMillis <= retention.toMillis()) {
                break;
            }
            it.remove();
            forget(old);
        }
    }

    private void forget(Evaluation old) {
        bytes -= old.weight();
        if (old.clientToken != null && byToken.get(old.clientToken) == old) {
            byToken.remove(old.clientToken);
        }
    }

    /** A snapshot, newest first. */
    synchronized List<Evaluation> newestFirst() {
        expire(System.currentTimeMillis());
        List<Evaluation> list = new ArrayList<>(byId.values());
        java.util.Collections.reverse(list);
        return list;
    }

    synchronized int size() {
        return byId.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized void clear() {
        byId.clear();
        byToken.clear();
        bytes = 0;
    }
}
