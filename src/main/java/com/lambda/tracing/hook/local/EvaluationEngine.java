package com.lambda.tracing.hook.local;

import com.lambda.tracing.hook.common.Text;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 *
 * <p>A caller that knows which documents are coming (the CLI's {@code check} knows every function of its templates)
 * can have them evaluated ahead, in a few large cfn-guard processes on all cores, while the hook is still starting:
 * an evaluation whose configuration item and rule set match one evaluated ahead takes that result (the same
 * cfn-guard output for the same input), and anything else is evaluated as usual.
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
    /** When a delayed evaluation's results may be recorded (epoch ms). */
    private final Map<Evaluation, Long> visibleAt = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final long batchWindowMillis;
    private final AtomicLong batches = new AtomicLong();
    /** Outcomes evaluated ahead, by rule set and configuration item; each is taken once. */
    private final Map<String, CompletableFuture<List<GuardRunner.RuleOutcome>>> ahead = new ConcurrentHashMap<>();
    private final AtomicLong aheadTaken = new AtomicLong();
    private volatile ExecutorService aheadPool;
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

    /** Evaluations answered from results evaluated ahead. */
    long aheadTaken() {
        return aheadTaken.get();
    }

    /**
     * Evaluates {@code documents} against {@code rules} in the background, in {@code processes} cfn-guard processes
     * (at most one at a time per two cores), so that evaluations of these documents can take the results.
     */
    void evaluateAhead(List<ConfigRules.StoredRule> rules, List<ObjectNode> documents, int processes) {
        if (rules.isEmpty() || documents.isEmpty() || closed) {
            return;
        }
        String ruleSet = ruleSetKey(rules);
        List<GuardRunner.Policy> policies = policies(rules);
        int chunks = Math.max(1, Math.min(processes, documents.size()));
        ExecutorService pool = aheadPool();
        for (int c = 0; c < chunks; c++) {
            List<ObjectNode> chunk = documents.subList(documents.size() * c / chunks, documents.size() * (c + 1) / chunks);
            List<CompletableFuture<List<GuardRunner.RuleOutcome>>> futures = new ArrayList<>();
            for (ObjectNode d : chunk) {
                CompletableFuture<List<GuardRunner.RuleOutcome>> f = new CompletableFuture<>();
                ahead.putIfAbsent(ruleSet + "\u0001" + Json.write(d), f);
                futures.add(f);
            }
            pool.execute(() -> {
                try {
                    List<List<GuardRunner.RuleOutcome>> outcomes = runner.evaluate(policies, chunk);
                    for (int i = 0; i < futures.size(); i++) {
                        futures.get(i).complete(outcomes.get(i));
                    }
                } catch (RuntimeException | Error e) {
                    futures.forEach(f -> f.completeExceptionally(e));
                }
            });
        }
    }

    private synchronized ExecutorService aheadPool() {
        if (aheadPool == null) {
            // One cfn-guard process at a time per two cores (see ConfigEndpoint.evaluateAhead).
            int processes = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
            aheadPool = Executors.newFixedThreadPool(processes, r -> {
                Thread t = new Thread(r, "config-endpoint-ahead");
                t.setDaemon(true);
                return t;
            });
        }
        return aheadPool;
    }

    /** Identifies a rule set by its rules' names and revisions (a rule put again is another rule set). */
    static String ruleSetKey(List<ConfigRules.StoredRule> rules) {
        StringBuilder key = new StringBuilder();
        for (ConfigRules.StoredRule r : rules) {
            key.append(r.name()).append('#').append(r.revision()).append('\u0002');
        }
        return key.toString();
    }

    private static List<GuardRunner.Policy> policies(List<ConfigRules.StoredRule> rules) {
        List<GuardRunner.Policy> policies = new ArrayList<>();
        for (ConfigRules.StoredRule r : rules) {
            policies.add(new GuardRunner.Policy(r.name(), r.policyText(), r.parameters()));
        }
        return policies;
    }

    void submit(Evaluation e) {
        if (e.neverFinish) {
            return;
        }
        long timeoutMillis = (e.timeoutSeconds == 0 ? Evaluation.DEFAULT_TIMEOUT_SECONDS : e.timeoutSeconds) * 1000L;
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
        if (delayMillis > 0) {
            // The delay is when Config finishes, as a caller sees it: the rules run meanwhile and their results are
            // recorded at the delay (or later, if the rule run itself takes longer), so a benchmark that asks for
            // "Config finishes at 1 s" gets 1 s however long cfn-guard takes on a busy machine.
            visibleAt.put(e, System.currentTimeMillis() + delayMillis);
        }
        ready.add(e);
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
        Map<String, List<Evaluation>> byRuleSet = new LinkedHashMap<>();
        for (Evaluation e : batch) {
            byRuleSet.computeIfAbsent(ruleSetKey(e.rules), k -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<String, List<Evaluation>> group : byRuleSet.entrySet()) {
            runGroup(group.getKey(), group.getValue());
        }
    }

    private void runGroup(String ruleSet, List<Evaluation> group) {
        List<ConfigRules.StoredRule> rules = group.get(0).rules;
        long invoked = System.currentTimeMillis();
        if (rules.isEmpty()) {
            for (Evaluation e : group) {
                finished(e);
                e.succeed("INSUFFICIENT_DATA", List.of());
            }
            return;
        }
        List<GuardRunner.Policy> policies = policies(rules);
        List<Evaluation> rest = new ArrayList<>();
        List<ObjectNode> documents = new ArrayList<>();
        for (Evaluation e : group) {
            ObjectNode document = ConfigurationItems.translate(e.resourceType, e.resourceId, e.properties);
            CompletableFuture<List<GuardRunner.RuleOutcome>> f = ahead.isEmpty() ? null
                    : ahead.remove(ruleSet + "\u0001" + Json.write(document));
            if (f == null) {
                rest.add(e);
                documents.add(document);
            } else {
                // Each ends the moment its process has answered, without holding up the rest of this batch.
                f.whenComplete((outcomes, failure) -> {
                    if (failure == null) {
                        aheadTaken.incrementAndGet();
                        complete(e, outcomes, invoked);
                    } else {
                        evaluateNow(policies, List.of(e), List.of(document), invoked); // that process failed
                    }
                });
            }
        }
        if (!rest.isEmpty()) {
            evaluateNow(policies, rest, documents, invoked);
        }
    }

    private void evaluateNow(List<GuardRunner.Policy> policies, List<Evaluation> evaluations, List<ObjectNode> documents,
                             long invoked) {
        List<List<GuardRunner.RuleOutcome>> outcomes;
        try {
            outcomes = runner.evaluate(policies, documents);
        } catch (RuntimeException ex) {
            for (Evaluation e : evaluations) {
                finished(e);
                e.fail(INTERNAL + " " + ex.getMessage());
            }
            return;
        }
        for (int i = 0; i < evaluations.size(); i++) {
            complete(evaluations.get(i), outcomes.get(i), invoked);
        }
    }

    /** Ends one evaluation with its rules' outcomes, as Config reports them, not before its evaluation delay. */
    private void complete(Evaluation e, List<GuardRunner.RuleOutcome> outcomes, long invoked) {
        Long at = visibleAt.remove(e);
        long wait = at == null ? 0 : at - System.currentTimeMillis();
        if (wait > 0) {
            timers.schedule(() -> record(e, outcomes, invoked), wait, TimeUnit.MILLISECONDS);
        } else {
            record(e, outcomes, invoked);
        }
    }

    private void record(Evaluation e, List<GuardRunner.RuleOutcome> outcomes, long invoked) {
        long recorded = System.currentTimeMillis();
        finished(e);
        if (e.noResults) {
            e.succeed("COMPLIANT", List.of());
            return;
        }
        List<Evaluation.Result> results = new ArrayList<>();
        String error = null;
        boolean nonCompliant = false;
        boolean compliant = false;
        for (GuardRunner.RuleOutcome o : outcomes) {
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

    private void finished(Evaluation e) {
        visibleAt.remove(e);
        ScheduledFuture<?> f = watchdogs.remove(e);
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (aheadPool != null) {
            aheadPool.shutdownNow();
        }
        ahead.clear();
        timers.shutdownNow();
        workers.forEach(Thread::interrupt);
    }
}
