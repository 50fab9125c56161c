package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.evaluation.Masking;
import com.lambda.tracing.hook.evaluation.PropertyNormaliser;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a {@link CheckPlan}: the rule catalog, the Config endpoint (the embedded one unless {@code --endpoint} names
 * one; both started {@link #startEarly early}), then every planned function through the real hook, {@code --jobs} at
 * a time, into the {@link Report}.
 */
final class CheckExecution {
    /**
     * The embedded endpoint answers a summary poll as soon as the evaluation ends, waiting at most this long, so a
     * function's verdict does not wait out the hook's pause between polls (GrowingPollSchedule). Below the SDK's
     * 4 s attempt timeout (with room for a slow machine), and the hook's own deadline still bounds the polling.
     */
    static final long SUMMARY_HOLD_MILLIS = 1000;
    /**
     * A burst of starts that no result evaluated ahead answers shares one cfn-guard process when they arrive within
     * this window (the endpoint starts before the templates are read, so it is the same for one function or many).
     */
    static final long BATCH_WINDOW_MILLIS = 10;
    private static final String LOCAL_CREDENTIALS =
            "{\"accessKeyId\":\"AKIDLOCALCHECK\",\"secretAccessKey\":\"local-check-secret\",\"sessionToken\":\"local-check-session\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckExecution() {
    }

    /**
     * What check starts before it reads the templates, on other threads (the template is read on one core, which
     * would leave the other idle): the hook's classes, the rule pack and the embedded endpoint with its pack's syntax
     * check. Then the only step between the templates and cfn-guard is announcing the functions.
     */
    record Early(HookRunner.Invoker invoker, Thread warm, CompletableFuture<RuleCatalog> catalog,
                 CompletableFuture<ConfigEndpoint> embedded) {
        /** The endpoint, once started, is closed when the command does not need it. */
        void discardEndpoint() {
            if (embedded != null) {
                embedded.thenAccept(ConfigEndpoint::close);
            }
        }
    }

    static Early startEarly(CheckOptions options, Supplier<HookRunner.Invoker> invokers) {
        HookRunner.Invoker invoker = invokers.get();
        Thread warm = warmUp(invoker);
        CompletableFuture<RuleCatalog> catalog = new CompletableFuture<>();
        CompletableFuture<ConfigEndpoint> embedded = options.endpoint() == null ? new CompletableFuture<>() : null;
        Thread t = new Thread(() -> {
            RuleCatalog c;
            try {
                c = options.endpoint() == null || options.rules() != null ? RulePacks.load(options.rules()) : bundledOrEmpty();
                catalog.complete(c);
            } catch (RuntimeException | Error e) {
                catalog.completeExceptionally(e);
                if (embedded != null) {
                    embedded.completeExceptionally(e);
                }
                return;
            }
            if (embedded != null) {
                try {
                    embedded.complete(ConfigEndpoint.builder().rules(c).region(options.region())
                            .batchWindow(Duration.ofMillis(BATCH_WINDOW_MILLIS))
                            .summaryHold(Duration.ofMillis(SUMMARY_HOLD_MILLIS)).start());
                } catch (RuntimeException | Error e) {
                    embedded.completeExceptionally(e);
                }
            }
        }, "lambda-hook-endpoint-start");
        t.setDaemon(true);
        t.start();
        return new Early(invoker, warm, catalog, embedded);
    }

    static void execute(CheckOptions options, CheckPlan plan, Early early, Report report, PrintStream err) {
        boolean anyFunction = plan.anyFunction();
        String endpointUrl = options.endpoint();
        ConfigEndpoint embedded = null;
        try {
            RuleCatalog catalog = join(early.catalog());
            for (RuleDefinition d : catalog.all()) {
                report.rules.add(new Report.RuleInfo(d.name(), d.title(), d.severity().name(), d.rationale(), d.fix(), d.link()));
            }
            String credentials;
            if (endpointUrl == null) {
                if (anyFunction) {
                    embedded = join(early.embedded());
                    endpointUrl = embedded.uri().toString();
                    embedded.evaluateAhead(expected(plan));
                }
                credentials = LOCAL_CREDENTIALS;
            } else {
                credentials = anyFunction ? RealCredentials.json(java.net.URI.create(endpointUrl), options.region(),
                        options.verbose() ? err : null) : "{}";
            }
            report.endpoint = endpointUrl == null ? "embedded" : endpointUrl;
            if (endpointUrl != null) {
                System.setProperty("lambdahook.config.endpoint", endpointUrl);
            }
            System.setProperty("aws.region", options.region());
            if (anyFunction) {
                early.warm().join();
            }
            HookRunner runner = new HookRunner(early.invoker(), options.hookModel(), options.region(), credentials);
            evaluate(report, plan, runner, options.jobs(), options.quiet(), options.verbose(), err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted");
        } finally {
            if (embedded != null) {
                if (options.verbose()) {
                    err.println("lambda-hook: embedded endpoint ran " + embedded.stats().evaluationsCreated()
                            + " evaluations in " + embedded.guardProcesses() + " cfn-guard processes ("
                            + embedded.evaluationsTakenAhead() + " evaluated ahead)");
                }
                embedded.close();
            } else {
                early.discardEndpoint();
            }
        }
    }

    /** The value, or the exception it failed with as thrown where it was computed. */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * What the hook will send for each planned function (the same property normalisation), so the embedded endpoint
     * can run cfn-guard on all of them at once, on every core, while the hook starts: a template's functions then
     * cost a few cfn-guard processes instead of one per batch of concurrent starts. A function whose configuration
     * turns out different simply misses and is evaluated when it arrives.
     */
    static List<ConfigEndpoint.Expected> expected(CheckPlan plan) {
        List<ConfigEndpoint.Expected> out = new ArrayList<>();
        for (CheckPlan.Work w : plan.work()) {
            if (w.skipReason() != null || w.properties() == null) {
                continue;
            }
            try {
                PropertyNormaliser.Normalised n = PropertyNormaliser.normalise(w.properties());
                if (n.fits()) {
                    out.add(new ConfigEndpoint.Expected("AWS::Lambda::Function", w.logicalId(), n.json()));
                }
            } catch (IllegalArgumentException e) {
                // the hook reports it for this function
            }
        }
        return out;
    }

    /** Loads the hook's classes while the templates are read and the endpoint starts. */
    private static Thread warmUp(HookRunner.Invoker invoker) {
        Thread warm = new Thread(() -> {
            try {
                invoker.warmUp();
            } catch (RuntimeException | LinkageError ignored) {
                // the first real invocation reports it
            }
        }, "lambda-hook-warm-up");
        warm.setDaemon(true);
        warm.start();
        return warm;
    }

    private static RuleCatalog bundledOrEmpty() {
        try {
            return RuleCatalog.bundled();
        } catch (RuntimeException e) {
            return new RuleCatalog(List.of());
        }
    }

    /** The properties as the hook's own log shows them: secret-shaped values masked. */
    private static String maskedJson(Map<String, Object> properties) {
        try {
            return JSON.writeValueAsString(Masking.maskProperties(properties));
        } catch (JsonProcessingException e) {
            return "(not printable: " + e.getOriginalMessage() + ")";
        }
    }

    private static void evaluate(Report report, CheckPlan plan, HookRunner runner, int jobs, boolean quiet,
                                 boolean verbose, PrintStream err) {
        List<CheckPlan.Work> work = plan.work();
        int templates = plan.files().size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, work.size())), r -> {
            Thread t = new Thread(r, "lambda-hook-check");
            t.setDaemon(true);
            return t;
        });
        try {
            int[] remaining = new int[templates];
            work.forEach(w -> remaining[w.template()]++);
            AtomicInteger doneTemplates = new AtomicInteger();
            boolean progress = !quiet && templates > 1;
            List<Future<Report.FunctionResult>> futures = new ArrayList<>();
            for (CheckPlan.Work w : work) {
                if (verbose && w.properties() != null) {
                    err.println("lambda-hook: " + CheckPlan.display(plan.files().get(w.template())) + ":" + w.line() + ": "
                            + w.logicalId() + " (" + w.type() + "): the hook receives " + maskedJson(w.properties()));
                }
                futures.add(pool.submit(() -> {
                    Report.FunctionResult r = w.skipReason() != null
                            ? new Report.FunctionResult(w.logicalId(), w.type(), w.line(), w.skipVerdict(),
                            null, null, w.skipReason(), List.of(), 0, 0)
                            : runner.run(w.stackName(), w.logicalId(), w.line(), w.properties()).withType(w.type());
                    synchronized (remaining) {
                        if (--remaining[w.template()] == 0 && progress) {
                            err.println("[" + doneTemplates.incrementAndGet() + "/" + templates + "] "
                                    + CheckPlan.display(plan.files().get(w.template())));
                        }
                    }
                    return r;
                }));
            }
            for (int i = 0; i < work.size(); i++) {
                Report.FunctionResult r;
                try {
                    r = futures.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UsageException("interrupted");
                } catch (ExecutionException e) {
                    CheckPlan.Work w = work.get(i);
                    r = new Report.FunctionResult(w.logicalId(), w.type(), w.line(), Report.Verdict.INDETERMINATE, null,
                            null, "Internal error: " + e.getCause(), List.of(), 0, 0);
                }
                report.templates.get(work.get(i).template()).functions().add(r);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
