package com.lambda.tracing.hook.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.local.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, item 5: 200 function evaluations at once through the real wrapper against one endpoint that throttles a
 * share of all requests: no wrong decision (compliant ones pass, non-compliant ones fail, nothing is indeterminate),
 * every one within its budget, and the endpoint's evaluation store stays within its cap while more evaluations than
 * the cap pass through it. Figures go to target/reliability/load.txt.
 */
class LoadTest {
    static final int FUNCTIONS = 200;
    static final int STORE_CAP = 250;
    static final double THROTTLE_RATE = 0.30;
    private ConfigEndpoint endpoint;

    @AfterEach
    void stop() {
        HookDriver.stop(endpoint);
    }

    record Outcome(int index, boolean compliant, HookDriver.Run run) {
    }

    @Test
    void twoHundredConcurrentEvaluationsUnderThrottling() throws Exception {
        endpoint = HookDriver.endpoint(ConfigEndpoint.builder().rules(HookDriver.rulePack()).maxEvaluations(STORE_CAP));
        endpoint.faults().throttle(Trigger.rate(THROTTLE_RATE, 7L));
        long heapBefore = HostilePayloadTest.usedHeapAfterGc();
        SdkCallCounter.Counts sdkBefore = SdkCallCounter.now();

        List<Outcome> first = round("a", FUNCTIONS);
        List<Outcome> second = round("b", FUNCTIONS);

        List<Outcome> all = new ArrayList<>(first);
        all.addAll(second);
        List<String> wrong = new ArrayList<>();
        for (Outcome o : all) {
            String expected = o.compliant() ? "SUCCESS" : "FAILED";
            boolean right = expected.equals(o.run().status())
                    && (o.compliant() || o.run().message().contains("lambda-tracing-active"));
            if (!right) {
                wrong.add("#" + o.index() + (o.compliant() ? " compliant" : " non-compliant") + " -> " + o.run().status()
                        + ": " + o.run().message());
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong decisions, e.g. " + wrong.subList(0, Math.min(3, wrong.size())));

        ObjectNode defaults = HookDriver.typeConfiguration();
        long budget = 20_000 + 4_000;
        for (Outcome o : all) {
            assertTrue(o.run().maxInvocationMillis() <= budget, "#" + o.index() + " invocation took " + o.run().maxInvocationMillis());
            assertTrue(o.run().inProgressAnswers() <= 10, "#" + o.index() + " IN_PROGRESS answers " + o.run().inProgressAnswers());
        }
        assertTrue(endpoint.storedEvaluations() <= STORE_CAP, "stored " + endpoint.storedEvaluations());
        assertTrue(endpoint.stats().peakStoredEvaluations() <= STORE_CAP, "peak " + endpoint.stats().peakStoredEvaluations());
        assertEquals(2L * FUNCTIONS, endpoint.stats().evaluationsCreated(), "one evaluation per function");
        assertTrue(endpoint.storedEvaluations() < endpoint.stats().evaluationsCreated(), "old evaluations were evicted");
        long heapAfter = HostilePayloadTest.usedHeapAfterGc();
        SdkCallCounter.Counts sdk = SdkCallCounter.now().minus(sdkBefore);
        writeFigures(first, second, heapBefore, heapAfter, sdk);
        assertTrue(sdk.throttled() > 0 && sdk.retries() > 0, "throttling was on and the SDK retried: " + sdk);
        assertTrue(heapAfter - heapBefore < 256L * 1024 * 1024, "heap grew by " + (heapAfter - heapBefore) / 1_048_576 + " MB");
        assertTrue(defaults.isEmpty());
    }

    /** {@code n} functions (every other one non-compliant) evaluated at once, each through its own re-invocations. */
    private List<Outcome> round(String name, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int index = i;
            boolean compliant = i % 2 == 0;
            futures.add(pool.submit(() -> {
                go.await();
                String fn = "load-" + name + "-" + index;
                ObjectNode request = HookDriver.request("load-" + name + "-" + index, "load-stack-" + name, "Fn" + index,
                        compliant ? Functions.compliant(fn) : Functions.nonCompliant(fn),
                        HookDriver.typeConfiguration("CallbackDelaySeconds", "1"));
                return new Outcome(index, compliant, HookDriver.drive(request, 0.2));
            }));
        }
        go.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        ROUND_MILLIS.add((System.nanoTime() - t0) / 1_000_000);
        return outcomes;
    }

    private static final List<Long> ROUND_MILLIS = Collections.synchronizedList(new ArrayList<>());

    private void writeFigures(List<Outcome> first, List<Outcome> second, long heapBefore, long heapAfter,
                              SdkCallCounter.Counts sdk) throws IOException {
        List<Outcome> all = new ArrayList<>(first);
        all.addAll(second);
        List<Long> times = all.stream().map(o -> o.run().totalMillis()).sorted().toList();
        long requests = 0;
        for (String op : List.of("StartResourceEvaluation", "GetResourceEvaluationSummary", "GetComplianceDetailsByResource")) {
            requests += endpoint.stats().requests(op);
        }
        long inProgress = all.stream().mapToLong(o -> o.run().inProgressAnswers()).sum();
        String figures = String.format(Locale.ROOT, "functions: %d in two rounds of %d at once, throttle rate %.0f%% of all requests%n"
                        + "round wall time: %s ms; throughput %.1f decisions/s%n"
                        + "decision time (first invocation to final answer): p50 %d ms, p95 %d ms, max %d ms%n"
                        + "longest single invocation: %d ms; IN_PROGRESS answers: %d in total%n"
                        + "HTTP requests to the endpoint: %d (Start %d, Summary %d, Details %d)%n"
                        + "the hook's SDK client: %d API calls, %d HTTP attempts, %d retries, %d ThrottlingException answers%n"
                        + "evaluations created: %d; stored at the end: %d (cap %d); peak stored: %d%n"
                        + "heap after GC: %d MB before, %d MB after%n",
                all.size(), FUNCTIONS, THROTTLE_RATE * 100, ROUND_MILLIS,
                all.size() * 1000.0 / ROUND_MILLIS.stream().mapToLong(Long::longValue).sum(),
                percentile(times, 50), percentile(times, 95), times.get(times.size() - 1),
                all.stream().mapToLong(o -> o.run().maxInvocationMillis()).max().orElse(0), inProgress,
                requests, endpoint.stats().requests("StartResourceEvaluation"), endpoint.stats().requests("GetResourceEvaluationSummary"),
                endpoint.stats().requests("GetComplianceDetailsByResource"),
                sdk.calls(), sdk.attempts(), sdk.retries(), sdk.throttled(),
                endpoint.stats().evaluationsCreated(), endpoint.storedEvaluations(), STORE_CAP, endpoint.stats().peakStoredEvaluations(),
                heapBefore / 1_048_576, heapAfter / 1_048_576);
        Path out = HookDriver.ROOT.resolve("target/reliability/load.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, figures);
        System.out.print(figures);
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
