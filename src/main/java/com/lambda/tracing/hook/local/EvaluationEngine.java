package com.lambda.tracing.hook.local;

import com.lambda.tracing.hook.common.Text;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs evaluations asynchronously. A new evaluation waits out the configured delay on a timer, then joins the ready
 * queue; a small pool of workers takes whatever is ready at that moment (up to a batch limit) and evaluates it with as
 * few cfn-guard processes as the runner can manage, so concurrent evaluations share processes without any added wait.
 * A watchdog ends an evaluation as FAILED ("Resource evaluation timed out.") when its EvaluationTimeout passes first.
 */
final class EvaluationEngine implements AutoCloseable {
    static final String TIMED_OUT = "Resource evaluation timed out.";
    static final String INTERNAL = "Internal error while evaluating the resource.";
    private static final int MAX_BATCH = 200;

    private final GuardRunner runner;
    private final Faults faults;
    private final ScheduledThreadPoolExecutor timers;
    private final BlockingQueue<Evaluation> ready = new LinkedBlockingQueue<>();
    private final Map<Evaluation, ScheduledFuture<?>> watchdogs = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final long batchWindowMillis;
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closed;

    EvaluationEngine(GuardRunner runner, Faults faults, int workerCount, long batchWindowMillis) {
        this.runner = runner;
        this.batchWindowMillis = batchWindowMillis;
        this.faults = faults;
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "config-endpoint-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::work, "config-endpoint-evaluator-" + (i + 1));
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    long batchesRun() {
        return batches.get();
    }

    void submit(Evaluation e) {
        if (e.neverFinish) {
            return;
        }
        long timeoutMillis = (e.timeoutSeconds == 0 ? 900L : e.timeoutSeconds) * 1000L;
        long delayMillis = faults.evaluationDelay().toMillis();
        if (delayMillis >= timeoutMillis) {
            timers.schedule(() -> e.fail(TIMED_OUT), timeoutMillis, TimeUnit.MILLISECONDS);
            return;
        }
        if (e.failEvaluation) {
            timers.schedule(() -> e.fail(INTERNAL), delayMillis, TimeUnit.MILLISECONDS);
            return;
        }
        watchdogs.put(e, timers.schedule(() -> {
            watchdogs.remove(e);
            e.fail(TIMED_OUT);
        }, timeoutMillis, TimeUnit.MILLISECONDS));
        if (delayMillis == 0) {
            ready.add(e);
        } else {
            timers.schedule(() -> ready.add(e), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void work() {
        List<Evaluation> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.clear();
                batch.add(ready.take());
                if (batchWindowMillis > 0 && ready.isEmpty()) {
                    Thread.sleep(batchWindowMillis); // let a burst of starts join this process
                }
                ready.drainTo(batch, MAX_BATCH - 1);
                run(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                for (Evaluation ev : batch) {
                    finished(ev);
                    ev.fail(INTERNAL + " " + e.getMessage());
                }
            }
        }
    }

    private void run(List<Evaluation> batch) {
        batches.incrementAndGet();
        // evaluations that run the same rule set share cfn-guard processes
        Map<List<String>, List<Evaluation>> byRuleSet = new LinkedHashMap<>();
        for (Evaluation e : batch) {
            List<String> key = new ArrayList<>();
            for (ConfigRules.StoredRule r : e.rules) {
                key.add(r.name() + "\u0000" + r.policyText() + "\u0000" + r.parameters());
            }
            byRuleSet.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        for (List<Evaluation> group : byRuleSet.values()) {
            runGroup(group);
        }
    }

    private void runGroup(List<Evaluation> group) {
        List<ConfigRules.StoredRule> rules = group.get(0).rules;
        long invoked = System.currentTimeMillis();
        if (rules.isEmpty()) {
            for (Evaluation e : group) {
                finished(e);
                e.succeed("INSUFFICIENT_DATA", List.of());
            }
            return;
        }
        List<GuardRunner.Policy> policies = new ArrayList<>();
        for (ConfigRules.StoredRule r : rules) {
            policies.add(new GuardRunner.Policy(r.name(), r.policyText(), r.parameters()));
        }
        List<ObjectNode> documents = new ArrayList<>();
        for (Evaluation e : group) {
            documents.add(ConfigurationItems.translate(e.resourceType, e.resourceId, e.properties));
        }
        List<List<GuardRunner.RuleOutcome>> outcomes;
        try {
            outcomes = runner.evaluate(policies, documents);
        } catch (RuntimeException ex) {
            for (Evaluation e : group) {
                finished(e);
                e.fail(INTERNAL + " " + ex.getMessage());
            }
            return;
        }
        long recorded = System.currentTimeMillis();
        for (int i = 0; i < group.size(); i++) {
            Evaluation e = group.get(i);
            finished(e);
            if (e.noResults) {
                e.succeed("COMPLIANT", List.of());
                continue;
            }
            List<Evaluation.Result> results = new ArrayList<>();
            String error = null;
            boolean nonCompliant = false;
            boolean compliant = false;
            for (GuardRunner.RuleOutcome o : outcomes.get(i)) {
                switch (o.outcome()) {
                    case ERROR:
                        error = "Config rule " + o.ruleName() + " could not be evaluated: " + o.annotation();
                        break;
                    case NON_COMPLIANT:
                        nonCompliant = true;
                        results.add(new Evaluation.Result(o.ruleName(), "NON_COMPLIANT", o.annotation(), invoked, recorded));
                        break;
                    case COMPLIANT:
                        compliant = true;
                        results.add(new Evaluation.Result(o.ruleName(), "COMPLIANT", null, invoked, recorded));
                        break;
                    default:
                        results.add(new Evaluation.Result(o.ruleName(), "NOT_APPLICABLE", null, invoked, recorded));
                }
            }
            if (error != null) {
                e.fail(Text.shorten(error, 1024));
            } else {
                e.succeed(nonCompliant ? "NON_COMPLIANT" : compliant ? "COMPLIANT" : "NOT_APPLICABLE", results);
            }
        }
    }

    private void finished(Evaluation e) {
        ScheduledFuture<?> f = watchdogs.remove(e);
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        workers.forEach(Thread::interrupt);
    }
}
