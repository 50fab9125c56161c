package com.lambda.tracing.hook.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.ClientBuilder;
import com.lambda.tracing.hook.HookHandlerWrapper;
import com.lambda.tracing.hook.common.JsonTrees;
import com.lambda.tracing.hook.evaluation.EvaluationProgress;
import com.lambda.tracing.hook.evaluation.EvaluationSettings;
import com.lambda.tracing.hook.evaluation.EvaluationTarget;
import com.lambda.tracing.hook.evaluation.GrowingPollSchedule;
import com.lambda.tracing.hook.evaluation.Outcome;
import com.lambda.tracing.hook.evaluation.Outcome.Decision;
import com.lambda.tracing.hook.evaluation.Outcome.Pending;
import com.lambda.tracing.hook.evaluation.PollSchedule;
import com.lambda.tracing.hook.evaluation.ProactiveEvaluator;
import com.lambda.tracing.hook.evaluation.Sleeper;
import com.lambda.tracing.hook.evaluation.Verdicts;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.local.EndpointStats;
import com.lambda.tracing.hook.local.GuardRunner;
import com.lambda.tracing.hook.local.Trigger;
import com.lambda.tracing.hook.rules.RuleCatalog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.EvaluationResult;
import software.amazon.cloudformation.HookAbstractWrapper;

/**
 * Issue 15, items 1 and 2: how many Config calls a decision costs and how long after Config's finish it comes, for
 * the hook's poll schedule and two baselines in the same run; and 50 functions of one stack at once against an
 * endpoint that throttles above 20 requests per second.
 *
 * <p>Calls are counted at the endpoint: every run has an embedded endpoint of its own, so its request counters are
 * that run's calls (start + summaries + results, throttled or not). The evaluator is the hook's
 * {@link ProactiveEvaluator} over real HTTP, driven the way CloudFormation drives the hook: an {@code IN_PROGRESS}
 * answer is followed, after the callback delay, by the next invocation with the progress it returned.
 */
final class PollingBench {
    /** Config's finish times measured, and the stuck case (-1). */
    static final long STUCK = -1;

    /**
     * The key of a finish time measured with {@code CallbackDelaySeconds} 1 instead of the default 30: Config finishing
     * at 20 s misses the first invocation's 20 s polling budget (its start comes after the invocation's own start), so
     * the decision comes from the second invocation, one callback delay later.
     */
    static long shortDelay(long finishMillis) {
        return -finishMillis;
    }

    private static long finishOf(long key) {
        return key == STUCK ? STUCK : Math.abs(key);
    }

    private static EvaluationSettings settings(long key) {
        EvaluationSettings d = EvaluationSettings.defaults();
        return key < STUCK ? new EvaluationSettings(d.evaluationTimeoutSeconds(), d.onIndeterminate(), d.requiredRules(),
                d.maxReinvocations(), d.maxWaitPerInvocation(), 1) : d;
    }
    private static final long STUCK_FROM_MS = 30_000;
    private static final long STUCK_TO_MS = 60_000;
    private static final int STACK_FUNCTIONS = 50;
    private static final int STACK_QUOTA_PER_SECOND = 20;
    private static final Duration STACK_CONFIG_TIME = Duration.ofSeconds(1);

    /** One schedule's figures for one finish time. */
    record Figures(long calls, long maxCalls, long addedMs, long maxAddedMs, double stuckPollsPerSecond) {
    }

    /** The stack row: decisions right, peak offered request rate, decision time percentiles. */
    record StackFigures(int functions, int rightDecisions, List<String> wrong, double peakRequestsPerSecond,
                        long requests, long p50Ms, long p95Ms, long maxMs) {
    }

    private final RuleCatalog catalog;
    private final GuardRunner guard;
    /** Runs of the last {@link #run} that ended without Config's verdict (left out of the figures). */
    final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
    private final StaticCredentialsProvider credentials =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench"));

    PollingBench(RuleCatalog catalog, GuardRunner guard) {
        this.catalog = catalog;
        this.guard = guard;
    }

    /** The schedules compared, by the name the table shows. */
    static Map<String, Supplier<PollSchedule>> schedules() {
        Map<String, Supplier<PollSchedule>> m = new LinkedHashMap<>();
        m.put("this hook", GrowingPollSchedule::unseeded);
        m.put("25 ms→250 ms (before)", () -> Schedules.DOUBLING_TO_250_MS);
        m.put("fixed 2 s sleep (peer)", () -> Schedules.FIXED_2_S);
        return m;
    }

    private record Task(String schedule, long finishMillis, int run) {
    }

    /**
     * Runs every schedule x run of one finish time at once, one finish time after the other, each run on its own
     * endpoint, their starts spread over 3 s in a shuffled order so that no schedule gets the quieter moments. Mostly
     * sleeping threads: the CPU they need is a few hook invocations and one cfn-guard process per evaluation.
     */
    Map<String, Map<Long, Figures>> run(long[] finishTimes, int runs, int stuckRuns) throws Exception {
        List<Task> tasks = new ArrayList<>();
        for (String s : schedules().keySet()) {
            for (long f : finishTimes) {
                for (int r = 0; r < (f == STUCK ? stuckRuns : runs); r++) {
                    tasks.add(new Task(s, f, r));
                }
            }
        }
        Collections.shuffle(tasks, new Random(15));
        // Warm the path first (SDK, evaluator, endpoint, JIT): one instant decision per schedule, not measured.
        try (ConfigEndpoint warm = ConfigEndpoint.builder().rules(catalog).guard(guard).start();
             ConfigClient client = client(warm)) {
            for (String s : schedules().keySet()) {
                for (int i = 0; i < 3; i++) {
                    drive(evaluator(client, s), target("bench-poll-warm-" + s.hashCode() + "-" + i, "OrdersFunction",
                            Bench.functionProperties(0)), EvaluationSettings.defaults());
                }
            }
        }
        Map<Task, long[]> results = Collections.synchronizedMap(new LinkedHashMap<>());
        failed.set(0);
        // One finish time at a time: each batch's cfn-guard runs and first polls then compete only with each other,
        // not with the starts of every other batch (all at once, the 1 s runs fell in the busiest seconds).
        for (long f : finishTimes) {
            runAtOnce(tasks.stream().filter(t -> t.finishMillis() == f).toList(), results);
        }
        Map<String, Map<Long, Figures>> out = new LinkedHashMap<>();
        for (String s : schedules().keySet()) {
            Map<Long, Figures> bySchedule = new LinkedHashMap<>();
            for (long f : finishTimes) {
                List<long[]> rs = results.entrySet().stream()
                        .filter(en -> en.getKey().schedule().equals(s) && en.getKey().finishMillis() == f)
                        .map(Map.Entry::getValue).toList();
                if (rs.isEmpty()) {
                    bySchedule.put(f, new Figures(-1, -1, -1, -1, Double.NaN));
                    continue;
                }
                long[] calls = rs.stream().mapToLong(r -> r[0]).toArray();
                long[] added = rs.stream().mapToLong(r -> r[1]).toArray();
                double stuckRate = f == STUCK
                        ? Bench.median(rs.stream().mapToLong(r -> r[2]).toArray()) * 1000.0 / (STUCK_TO_MS - STUCK_FROM_MS)
                        : Double.NaN;
                bySchedule.put(f, new Figures(Bench.median(calls), Arrays.stream(calls).max().orElse(0),
                        Bench.median(added), Arrays.stream(added).max().orElse(0), stuckRate));
            }
            out.put(s, bySchedule);
        }
        return out;
    }

    /** Runs the tasks at once, each on its own endpoint, their starts spread over 3 s in the shuffled order. */
    private void runAtOnce(List<Task> tasks, Map<Task, long[]> results) throws Exception {
        List<ConfigEndpoint> endpoints = new ArrayList<>();
        List<ConfigClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            for (Task t : tasks) {
                ConfigEndpoint e = ConfigEndpoint.builder().rules(catalog).guard(guard).workers(1).start();
                if (t.finishMillis() == STUCK) {
                    e.faults().neverFinish(Trigger.always());
                } else {
                    e.faults().evaluationDelay(Duration.ofMillis(finishOf(t.finishMillis())));
                }
                endpoints.add(e);
                clients.add(client(e));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                Task t = tasks.get(i);
                ConfigEndpoint e = endpoints.get(i);
                ConfigClient client = clients.get(i);
                ProactiveEvaluator evaluator = evaluator(client, t.schedule());
                long offset = 3_000L * i / tasks.size();
                futures.add(pool.submit(() -> {
                    go.await();
                    Thread.sleep(offset);
                    long[] r = runOne(t, e, client, evaluator);
                    if (r != null) {
                        results.put(t, r);
                    } else {
                        failed.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(ConfigClient::close);
            endpoints.forEach(ConfigEndpoint::close);
        }
    }

    /** {calls, ms from Config's recorded results to the decision, summary polls between 30 s and 60 s}. */
    private long[] runOne(Task t, ConfigEndpoint endpoint, ConfigClient client, ProactiveEvaluator evaluator)
            throws Exception {
        {
            EvaluationSettings settings = settings(t.finishMillis());
            EvaluationTarget target = target("bench-poll-" + t.schedule().hashCode() + "-" + t.finishMillis() + "-" + t.run(),
                    "OrdersFunction", Bench.functionProperties(0));
            EndpointStats stats = endpoint.stats();
            long started = System.currentTimeMillis();
            if (t.finishMillis() == STUCK) {
                Thread driver = new Thread(() -> drive(evaluator, target, settings), "bench-stuck");
                driver.setDaemon(true);
                driver.start();
                Thread.sleep(Math.max(0, started + STUCK_FROM_MS - System.currentTimeMillis()));
                long at30 = stats.requests("GetResourceEvaluationSummary");
                Thread.sleep(Math.max(0, started + STUCK_TO_MS - System.currentTimeMillis()));
                long at60 = stats.requests("GetResourceEvaluationSummary");
                driver.interrupt();
                driver.join(10_000);
                return new long[] {calls(stats), 0, at60 - at30};
            }
            Outcome outcome = drive(evaluator, target, settings);
            long answered = System.currentTimeMillis();
            long calls = calls(stats);
            if (!(outcome instanceof Decision d) || d.verdict() != Outcome.Verdict.COMPLIANT) {
                // Not Config's verdict (on a starved machine a call can outlast the client's 8 s limit): the run is
                // left out of the figures and counted as failed, rather than ending the benchmark.
                Bench.log("    run " + t + " ended without Config's verdict, left out: "
                        + (outcome instanceof Decision x ? x.causeDetail() : outcome));
                return null;
            }
            long recorded = 0;
            for (EvaluationResult r : client.getComplianceDetailsByResource(b -> b.resourceEvaluationId(d.evaluationId()))
                    .evaluationResults()) {
                recorded = Math.max(recorded, r.resultRecordedTime().toEpochMilli());
            }
            return new long[] {calls, answered - recorded, 0};
        }
    }

    /** Invocations as CloudFormation makes them: again after the callback delay while the answer is IN_PROGRESS. */
    private static Outcome drive(ProactiveEvaluator evaluator, EvaluationTarget target, EvaluationSettings settings) {
        EvaluationProgress progress = null;
        while (true) {
            Outcome outcome = evaluator.evaluate(target, progress, settings).outcome();
            if (!(outcome instanceof Pending p) || Thread.currentThread().isInterrupted()) {
                return outcome;
            }
            progress = p.progress();
            try {
                Thread.sleep(settings.callbackDelaySeconds() * 1000L);
            } catch (InterruptedException e) {
                return outcome;
            }
        }
    }

    private ProactiveEvaluator evaluator(ConfigClient client, String schedule) {
        return new ProactiveEvaluator(client, PollingBench::direct, Clock.systemUTC(), Sleeper.SYSTEM,
                new Verdicts(catalog), schedules().get(schedule).get());
    }

    private static long calls(EndpointStats stats) {
        return stats.requests("StartResourceEvaluation") + stats.requests("GetResourceEvaluationSummary")
                + stats.requests("GetComplianceDetailsByResource");
    }

    private ConfigClient client(ConfigEndpoint endpoint) {
        return ConfigClient.builder().endpointOverride(endpoint.uri()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(HookAbstractWrapper.HTTP_CLIENT).build();
    }

    private static <Q extends software.amazon.awssdk.awscore.AwsRequest, R extends software.amazon.awssdk.awscore.AwsResponse>
            R direct(Q request, java.util.function.Function<Q, R> call) {
        return call.apply(request);
    }

    private static EvaluationTarget target(String token, String logicalId, ObjectNode properties) {
        Map<String, Object> p = Bench.json().convertValue(JsonTrees.scalarsAsText(properties), new TypeReference<Map<String, Object>>() { });
        return new EvaluationTarget(token, "arn:aws:cloudformation:us-east-1:123456789012:stack/orders-stack/"
                + "5b918d10-cd98-11ea-90d5-0a9cd3354c10", logicalId, "preCreate", "AWS::Lambda::Function", p);
    }

    // ---------------------------------------------------------------- the stack: 50 functions at once, throttled

    /**
     * One round: 50 functions (the four shapes of the check template, half compliant) through the real wrapper at
     * once, each on its own thread as CloudFormation invokes the hook for every function of a stack, against one
     * endpoint that lets at most {@code quotaPerSecond} requests through per second (0: no quota) and evaluates for
     * 1 s. The request counters are sampled every 20 ms for the peak one-second rate.
     */
    StackFigures stack(int quotaPerSecond, String round) throws Exception {
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(catalog).guard(guard).start()) {
            String previous = System.getProperty(ClientBuilder.ENDPOINT_PROPERTY);
            System.setProperty(ClientBuilder.ENDPOINT_PROPERTY, endpoint.uri().toString());
            ExecutorService pool = Executors.newFixedThreadPool(STACK_FUNCTIONS);
            List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    samples.add(new long[] {System.nanoTime(), calls(endpoint.stats())});
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-rate-sampler");
            try {
                // One wrapper per function, as each Lambda container has its own, warmed by one instant decision
                // (not measured) so that the round measures polling and throttling rather than class loading.
                List<HookHandlerWrapper> wrappers = new ArrayList<>();
                for (int i = 0; i < STACK_FUNCTIONS; i++) {
                    wrappers.add(new HookHandlerWrapper());
                    String[] warm = decideThroughTheWrapper(wrappers.get(i), round + "-warm", i);
                    if (warm != null) {
                        Bench.log("    warm-up decision of " + warm[0] + " went wrong (not measured): " + warm[1]);
                    }
                }
                endpoint.faults().evaluationDelay(STACK_CONFIG_TIME);
                if (quotaPerSecond > 0) {
                    endpoint.faults().throttle(Trigger.above(quotaPerSecond));
                }
                endpoint.stats().reset();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String[]>> futures = new ArrayList<>();
                long[] elapsed = new long[STACK_FUNCTIONS];
                for (int i = 0; i < STACK_FUNCTIONS; i++) {
                    int index = i;
                    futures.add(pool.submit(() -> {
                        go.await();
                        long t0 = System.nanoTime();
                        String[] verdict = decideThroughTheWrapper(wrappers.get(index), round, index);
                        elapsed[index] = (System.nanoTime() - t0) / 1_000_000;
                        return verdict;
                    }));
                }
                sampler.setDaemon(true);
                sampler.start();
                go.countDown();
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < STACK_FUNCTIONS; i++) {
                    String[] v = futures.get(i).get();
                    if (v != null) {
                        wrong.add(v[0] + ": " + v[1]);
                    }
                }
                sampler.interrupt();
                sampler.join();
                long requests = calls(endpoint.stats());
                return new StackFigures(STACK_FUNCTIONS, STACK_FUNCTIONS - wrong.size(), wrong, peakRate(samples),
                        requests, Bench.percentile(elapsed, 50), Bench.percentile(elapsed, 95),
                        Arrays.stream(elapsed).max().orElse(0));
            } finally {
                pool.shutdownNow();
                if (previous == null) {
                    System.clearProperty(ClientBuilder.ENDPOINT_PROPERTY);
                } else {
                    System.setProperty(ClientBuilder.ENDPOINT_PROPERTY, previous);
                }
            }
        }
    }

    /** Null when the hook gave Config's own verdict for function {@code index}; else {logical id, what it said}. */
    private static String[] decideThroughTheWrapper(HookHandlerWrapper wrapper, String round, int index) throws Exception {
        String logicalId = String.format(Locale.ROOT, "Function%02d", index);
        ObjectNode request = Bench.preCreateRequest("bench-stack-" + round + "-" + index);
        ObjectNode data = (ObjectNode) request.get("requestData");
        data.put("targetLogicalId", logicalId);
        ((ObjectNode) data.get("targetModel")).set("resourceProperties", JsonTrees.scalarsAsText(Bench.functionProperties(index)));
        boolean compliant = index % 4 <= 1;
        JsonNode response;
        while (true) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wrapper.processRequest(new ByteArrayInputStream(Bench.json().writeValueAsBytes(request)), out);
            response = Bench.json().readTree(out.toByteArray());
            if (!"IN_PROGRESS".equals(response.path("hookStatus").asText())) {
                break;
            }
            ObjectNode context = (ObjectNode) request.get("requestContext");
            context.put("invocation", context.path("invocation").asInt(1) + 1);
            context.set("callbackContext", response.get("callbackContext"));
            Thread.sleep(response.path("callbackDelaySeconds").asLong(0) * 1000L);
        }
        String status = response.path("hookStatus").asText();
        boolean ruleFailed = false;
        for (JsonNode a : response.path("annotations")) {
            ruleFailed |= "FAILED".equals(a.path("status").asText());
        }
        boolean right = compliant ? "SUCCESS".equals(status) : "FAILED".equals(status) && ruleFailed;
        return right ? null : new String[] {logicalId, status + " " + response.path("message").asText()};
    }

    /** The most requests seen within any one second of the samples. */
    private static double peakRate(List<long[]> samples) {
        long peak = 0;
        int from = 0;
        for (int i = 0; i < samples.size(); i++) {
            while (samples.get(i)[0] - samples.get(from)[0] > 1_000_000_000L) {
                from++;
            }
            peak = Math.max(peak, samples.get(i)[1] - samples.get(from)[1]);
        }
        return peak;
    }
}
