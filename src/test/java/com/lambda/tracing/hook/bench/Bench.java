package com.lambda.tracing.hook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.ClientBuilder;
import com.lambda.tracing.hook.HookHandlerWrapper;
import com.lambda.tracing.hook.common.JsonTrees;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.local.ConfigurationItems;
import com.lambda.tracing.hook.local.GuardRunner;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.EvaluationResult;

/**
 * The performance benchmark of issue 6, in one run: cold start, warm cost, added decision latency, the 100-function
 * {@code check} against raw cfn-guard, jar size and peak memory. Every figure is a median over repeated runs, next to
 * a baseline measured in the same run. {@code scripts/benchmark.sh} builds what it needs and runs this class.
 *
 * <p>Arguments: {@code --jar JAR --launcher LAMBDA_HOOK --bench-classes DIR --guard CFN_GUARD --rules DIR --work DIR --java-opts "..."
 * [--runs N] [--quick] [--only a,b,...]} (sections a-g, default all).
 */
public final class Bench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVALUATION_ID = Pattern.compile("AWS Config evaluation: (\\S+)");

    private final Path jar;
    private final Path benchClasses;
    private final Path guard;
    private final Path rules;
    private final Path work;
    private final Path launcher;
    private final List<String> javaOpts;
    private final int coldRuns;
    private final boolean quick;
    /** Sections to run (a..g); all when --only is not given. */
    private final Set<String> only;
    private final Map<String, String> results = new LinkedHashMap<>();
    private final List<String[]> table = new ArrayList<>();

    private Bench(Map<String, String> a) {
        jar = Path.of(a.get("--jar")).toAbsolutePath();
        benchClasses = Path.of(a.get("--bench-classes")).toAbsolutePath();
        guard = Path.of(a.get("--guard")).toAbsolutePath();
        rules = Path.of(a.get("--rules")).toAbsolutePath();
        work = Path.of(a.get("--work")).toAbsolutePath();
        launcher = Path.of(a.get("--launcher")).toAbsolutePath();
        javaOpts = List.of(a.getOrDefault("--java-opts", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto")
                .trim().split("\\s+"));
        quick = a.containsKey("--quick");
        only = a.containsKey("--only") ? Set.of(a.get("--only").split(",")) : Set.of("a", "b", "c", "d", "e", "f", "g");
        coldRuns = Integer.parseInt(a.getOrDefault("--runs", quick ? "5" : "15"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                a.put(args[i], "true");
            } else {
                a.put(args[i], args[++i]);
            }
        }
        new Bench(a).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        log("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, child JVM flags: " + String.join(" ", javaOpts));
        results.put("loadAverageBefore", loadAverage());
        if (loadAverage1() > Runtime.getRuntime().availableProcessors()) {
            log("WARNING: the 1-minute load average is " + loadAverage() + " on " + Runtime.getRuntime().availableProcessors()
                    + " CPUs: other work competes for the CPUs and wall-clock figures will be inflated (the CPU-time row"
                    + " and the ratios against same-run baselines are steadier)");
        }
        RuleCatalog catalog = RuleCatalog.load(rules);
        GuardRunner guardRunner = new GuardRunner(guard);
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(catalog).guard(guardRunner).start()) {
            if (only.contains("a") || only.contains("e")) {
                coldStart(endpoint);
            }
            if (only.contains("b")) {
                warm();
            }
            if (only.contains("c")) {
                decisionLatency(endpoint);
            }
        }
        PollingBench polling = new PollingBench(catalog, guardRunner);
        if (only.contains("f")) {
            section("f", () -> pollingCalls(polling));
        }
        if (only.contains("g")) {
            section("g", () -> stack(polling));
        }
        if (only.contains("d") || only.contains("e")) {
            check(catalog);
            samCheck();
        }
        if (only.contains("e")) {
            jarSize();
        }
        results.put("benchSeconds", String.valueOf((System.nanoTime() - t0) / 1_000_000_000));
        results.put("loadAverageAfter", loadAverage());
        String markdown = markdown();
        System.out.println();
        System.out.println(markdown);
        Files.writeString(work.resolve("results.md"), markdown);
        Files.writeString(work.resolve("results.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        log("results: " + work.resolve("results.md") + ", " + work.resolve("results.json"));
    }

    // ---------------------------------------------------------------- (a) cold start

    private void coldStart(ConfigEndpoint endpoint) throws Exception {
        Path request = work.resolve("cold-request.json");
        // One token for every run: after the first run the endpoint answers from its store (idempotent
        // StartResourceEvaluation), so the verdict is there at the first poll and only the hook is measured.
        Files.write(request, JSON.writeValueAsBytes(preCreateRequest("bench-cold-start-token")));
        List<String> hook = childCommand(List.of("-D" + ClientBuilder.ENDPOINT_PROPERTY + "=" + endpoint.uri()),
                ColdStartMain.class, request.toString());
        List<String> noop = childCommand(List.of("-D" + ClientBuilder.ENDPOINT_PROPERTY + "=" + endpoint.uri()),
                NoopMain.class);
        log("(a) cold start: priming, then " + coldRuns + " runs each of the hook and a no-op main, interleaved");
        Run prime = runChild(hook);
        if (!prime.firstLine.contains("\"hookStatus\":\"SUCCESS\"")) {
            throw new IllegalStateException("cold-start run did not succeed: " + prime.firstLine + "\n" + prime.stderr);
        }
        runChild(noop);
        long[] hookResponse = new long[coldRuns];
        long[] hookExit = new long[coldRuns];
        long[] noopResponse = new long[coldRuns];
        long[] hookRss = new long[coldRuns];
        long[] hookCpu = new long[coldRuns];
        long[] noopCpu = new long[coldRuns];
        long[] noopRss = new long[coldRuns];
        for (int i = 0; i < coldRuns; i++) {
            Run h = runChild(hook);
            Run n = runChild(noop);
            if (!h.firstLine.contains("\"hookStatus\":\"SUCCESS\"")) {
                throw new IllegalStateException("cold-start run did not succeed: " + h.firstLine);
            }
            hookResponse[i] = h.responseMillis;
            hookExit[i] = h.exitMillis;
            noopResponse[i] = n.responseMillis;
            hookRss[i] = ProcMemory.parse(h.memoryLine, "hwmKb");
            noopRss[i] = ProcMemory.parse(n.memoryLine, "hwmKb");
            hookCpu[i] = ProcMemory.parse(h.memoryLine, "cpuMs");
            noopCpu[i] = ProcMemory.parse(n.memoryLine, "cpuMs");
        }
        long hookMedian = median(hookResponse);
        long noopMedian = median(noopResponse);
        results.put("coldHookMedianMs", String.valueOf(hookMedian));
        results.put("coldHookMinMs", String.valueOf(Arrays.stream(hookResponse).min().orElse(0)));
        results.put("coldHookMaxMs", String.valueOf(Arrays.stream(hookResponse).max().orElse(0)));
        results.put("coldHookExitMedianMs", String.valueOf(median(hookExit)));
        results.put("coldNoopMedianMs", String.valueOf(noopMedian));
        results.put("coldHookCpuMs", String.valueOf(median(hookCpu)));
        results.put("coldNoopCpuMs", String.valueOf(median(noopCpu)));
        results.put("coldHookPeakRssMb", mb(median(hookRss)));
        results.put("coldNoopPeakRssMb", mb(median(noopRss)));
        log(String.format(Locale.ROOT, "    hook %d ms (min %d, max %d; CPU %d ms), no-op main %d ms (CPU %d ms)",
                hookMedian, Arrays.stream(hookResponse).min().orElse(0), Arrays.stream(hookResponse).max().orElse(0),
                median(hookCpu), noopMedian, median(noopCpu)));
        table.add(new String[] {"(a) cold start: new JVM, one preCreate to the written response", hookMedian + " ms",
                "no-op Java main: " + noopMedian + " ms", ratio(hookMedian, noopMedian), "≤ 1500 ms",
                met(hookMedian <= 1500)});
        table.add(new String[] {"(a) cold start, CPU time of that JVM (user + system, all threads)", median(hookCpu) + " ms",
                "no-op Java main: " + median(noopCpu) + " ms", ratio(median(hookCpu), median(noopCpu)), "(reported)", "—"});
    }

    // ---------------------------------------------------------------- (b) warm cost

    private void warm() throws Exception {
        Path request = work.resolve("warm-request.json");
        Files.write(request, JSON.writeValueAsBytes(preCreateRequest("bench-warm-token")));
        int warmup = quick ? 500 : 3000;
        int rounds = quick ? 500 : 3000;
        log("(b) warm cost: " + warmup + " warm-up + " + rounds + " measured invocations (canned instant endpoint in the"
                + " same JVM), interleaved with the bare Config calls");
        Run r = runChild(childCommand(List.of(), WarmMain.class, request.toString(), String.valueOf(warmup),
                String.valueOf(rounds)));
        String line = r.firstLine;
        if (!line.startsWith("warm ")) {
            throw new IllegalStateException("warm run failed: " + line + "\n" + r.stderr);
        }
        long hookUs = ProcMemory.parse(line, "hookMedianUs");
        long rawUs = ProcMemory.parse(line, "rawMedianUs");
        long overheadUs = hookUs - rawUs;
        results.put("warmHookMedianUs", String.valueOf(hookUs));
        results.put("warmHookP90Us", String.valueOf(ProcMemory.parse(line, "hookP90Us")));
        results.put("warmConfigCallsMedianUs", String.valueOf(rawUs));
        results.put("warmOverheadUs", String.valueOf(overheadUs));
        log(String.format(Locale.ROOT, "    hook %.2f ms, the three Config calls alone %.2f ms, overhead %.2f ms",
                hookUs / 1000.0, rawUs / 1000.0, overheadUs / 1000.0));
        table.add(new String[] {"(b) warm invocation (instant endpoint); overhead = hook − bare Config calls",
                String.format(Locale.ROOT, "%.2f ms (overhead %.2f ms)", hookUs / 1000.0, overheadUs / 1000.0),
                String.format(Locale.ROOT, "3 bare SDK calls: %.2f ms", rawUs / 1000.0), ratio(hookUs, rawUs),
                "overhead ≤ 2 ms", met(overheadUs <= 2000)});
    }

    // ---------------------------------------------------------------- (c) added decision latency

    private void decisionLatency(ConfigEndpoint endpoint) throws Exception {
        System.setProperty(ClientBuilder.ENDPOINT_PROPERTY, endpoint.uri().toString());
        HookHandlerWrapper wrapper = new HookHandlerWrapper();
        ConfigClient client = ConfigClient.builder().endpointOverride(endpoint.uri()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench")))
                .build();
        AtomicLong tokens = new AtomicLong();
        log("(c) added decision latency: the hook warm in the bench JVM, the embedded endpoint finishing each evaluation"
                + " 0.2 s, 1 s or 5 s after it started");
        endpoint.faults().evaluationDelay(Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            decide(wrapper, client, "bench-latency-warmup-" + tokens.incrementAndGet());
        }
        int[][] plan = quick ? new int[][] {{200, 3}, {1000, 2}, {5000, 1}} : new int[][] {{200, 7}, {1000, 5}, {5000, 3}};
        for (int[] step : plan) {
            endpoint.faults().evaluationDelay(Duration.ofMillis(step[0]));
            long[] added = new long[step[1]];
            for (int i = 0; i < step[1]; i++) {
                added[i] = decide(wrapper, client, "bench-latency-" + step[0] + "-" + tokens.incrementAndGet());
            }
            long m = median(added);
            String label = step[0] >= 1000 ? step[0] / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", step[0] / 1000.0);
            results.put("latencyAddedMs@" + step[0], String.valueOf(m));
            results.put("latencyAddedMaxMs@" + step[0], String.valueOf(Arrays.stream(added).max().orElse(0)));
            log(String.format(Locale.ROOT, "    Config done at %s: verdict %d ms later (max %d, %d runs)", label, m,
                    Arrays.stream(added).max().orElse(0), step[1]));
            // Issue 15 lets a 5 s evaluation take up to +700 ms, for far fewer calls; shorter ones keep +300 ms.
            long target = step[0] >= 5000 ? 700 : 300;
            table.add(new String[] {"(c) added decision latency, Config finishes at " + label,
                    "+" + m + " ms (max +" + Arrays.stream(added).max().orElse(0) + ")",
                    "Config's finish: " + label, ratio(step[0] + m, step[0]), "≤ +" + target + " ms", met(m <= target)});
        }
        endpoint.faults().evaluationDelay(Duration.ZERO);
        client.close();
    }

    /** Runs one invocation; returns how long after Config recorded its results the hook answered, in ms. */
    private long decide(HookHandlerWrapper wrapper, ConfigClient client, String token) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wrapper.processRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(preCreateRequest(token))), out);
        long answered = System.currentTimeMillis();
        JsonNode response = JSON.readTree(out.toByteArray());
        if (!"SUCCESS".equals(response.path("hookStatus").asText())) {
            throw new IllegalStateException("latency run did not succeed: " + response);
        }
        Matcher m = EVALUATION_ID.matcher(response.path("message").asText());
        if (!m.find()) {
            throw new IllegalStateException("no evaluation id in " + response);
        }
        long recorded = 0;
        for (EvaluationResult r : client.getComplianceDetailsByResource(b -> b.resourceEvaluationId(m.group(1)))
                .evaluationResults()) {
            recorded = Math.max(recorded, r.resultRecordedTime().toEpochMilli());
        }
        return answered - recorded;
    }

    private interface Section {
        void run() throws Exception;
    }

    /** Runs one section; if it fails, the table says so and the other sections still run. */
    private void section(String name, Section section) {
        try {
            section.run();
        } catch (Exception | AssertionError e) {
            log("(" + name + ") FAILED: " + e);
            table.add(new String[] {"(" + name + ") did not complete", "—", "—", "—", "—", "**failed**: " + e.getMessage()});
        }
    }

    // ---------------------------------------------------------------- (f) Config calls per decision, per schedule

    private void pollingCalls(PollingBench polling) throws Exception {
        long[] finish = {1000, 5000, 20000, PollingBench.shortDelay(20000), PollingBench.STUCK};
        int runs = quick ? 3 : 4;
        int stuckRuns = quick ? 1 : 2;
        log("(f) calls per decision: " + PollingBench.schedules().size() + " schedules x Config finishing at 1 s, 5 s,"
                + " 20 s (" + runs + " runs each; 20 s also with CallbackDelaySeconds 1) and never (" + stuckRuns
                + " runs), the runs of one finish time at once, one endpoint per run"
                + " (about 3 min)");
        Map<String, Map<Long, PollingBench.Figures>> figures = polling.run(finish, runs, stuckRuns);
        results.put("pollRunsWithoutVerdict", String.valueOf(polling.failed.get()));
        if (polling.failed.get() > 0) {
            log("    " + polling.failed.get() + " runs ended without Config's verdict and are left out of the figures");
        }
        List<String> names = new ArrayList<>(figures.keySet());
        Map<Long, PollingBench.Figures> ours = figures.get(names.get(0));
        long[][] targets = {{1000, 7, 300}, {5000, 15, 700}, {20000, 24, 2500}, {PollingBench.shortDelay(20000), 24, 2500}};
        for (long[] t : targets) {
            PollingBench.Figures f = ours.get(t[0]);
            String key = t[0] < 0 ? Math.abs(t[0]) + "-delay1" : String.valueOf(t[0]);
            StringBuilder baselines = new StringBuilder();
            for (String name : names.subList(1, names.size())) {
                PollingBench.Figures b = figures.get(name).get(t[0]);
                baselines.append(baselines.length() == 0 ? "" : "; ").append(name).append(": ").append(b.calls())
                        .append(" calls, +").append(b.addedMs()).append(" ms");
                results.put("pollCalls@" + key + "/" + name, String.valueOf(b.calls()));
                results.put("pollAddedMs@" + key + "/" + name, String.valueOf(b.addedMs()));
            }
            results.put("pollCalls@" + key, String.valueOf(f.calls()));
            results.put("pollCallsMax@" + key, String.valueOf(f.maxCalls()));
            results.put("pollAddedMs@" + key, String.valueOf(f.addedMs()));
            results.put("pollAddedMaxMs@" + key, String.valueOf(f.maxAddedMs()));
            long seconds = Math.abs(t[0]) / 1000;
            // At 20 s the first invocation's polling budget (20 s, the most CloudFormation's 30 s per invocation
            // leaves) ends before Config's finish, so the decision waits for the next invocation: CallbackDelaySeconds
            // later. With the default 30 s delay the +2.5 s target is out of reach by construction; the row with a
            // 1 s delay shows what the schedule itself adds.
            String point = t[0] < 0 ? seconds + " s, CallbackDelaySeconds 1" : seconds == 20 ? "20 s (default 30 s callback delay)"
                    : seconds + " s";
            String target = "≤ " + t[1] + " calls, ≤ +" + t[2] + " ms"
                    + (t[0] == 20000 ? " (out of reach with the default delay: the decision comes one callback delay later)" : "");
            log(String.format(Locale.ROOT, "    Config done at %s: %d calls (max %d), +%d ms (max +%d); %s", point,
                    f.calls(), f.maxCalls(), f.addedMs(), f.maxAddedMs(), baselines));
            table.add(new String[] {"(f) Config finishes at " + point + ": calls (start + polls + results), added latency",
                    f.calls() + " calls, +" + f.addedMs() + " ms", baselines.toString(),
                    ratio(f.calls(), figures.get(names.get(1)).get(t[0]).calls()) + " calls", target,
                    met(f.calls() <= t[1] && f.addedMs() <= t[2])});
        }
        PollingBench.Figures stuck = ours.get(PollingBench.STUCK);
        StringBuilder baselines = new StringBuilder();
        for (String name : names.subList(1, names.size())) {
            double rate = figures.get(name).get(PollingBench.STUCK).stuckPollsPerSecond();
            baselines.append(baselines.length() == 0 ? "" : "; ").append(name).append(": ")
                    .append(String.format(Locale.ROOT, "%.2f/s", rate));
            results.put("stuckPollsPerSecond/" + name, String.format(Locale.ROOT, "%.3f", rate));
        }
        results.put("stuckPollsPerSecond", String.format(Locale.ROOT, "%.3f", stuck.stuckPollsPerSecond()));
        log(String.format(Locale.ROOT, "    never finishes: %.2f polls/s from 30 s to 60 s; %s", stuck.stuckPollsPerSecond(), baselines));
        table.add(new String[] {"(f) evaluation that never finishes: summary polls per second, 30 s to 60 s after the start",
                String.format(Locale.ROOT, "%.2f/s", stuck.stuckPollsPerSecond()), baselines.toString(),
                String.format(Locale.ROOT, "%.2f×", stuck.stuckPollsPerSecond()
                        / Math.max(1e-9, figures.get(names.get(1)).get(PollingBench.STUCK).stuckPollsPerSecond())),
                "≤ 0.5/s", met(stuck.stuckPollsPerSecond() <= 0.5)});
    }

    // ---------------------------------------------------------------- (g) one stack of 50 functions, throttled

    private void stack(PollingBench polling) throws Exception {
        int rounds = quick ? 1 : 3;
        log("(g) 50 functions of one stack at once through the wrapper, Config taking 1 s: " + rounds + " rounds against"
                + " an endpoint that throttles above 20 requests/s, interleaved with " + rounds + " without a quota");
        List<PollingBench.StackFigures> throttled = new ArrayList<>();
        List<PollingBench.StackFigures> free = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            throttled.add(polling.stack(20, "q" + r));
            free.add(polling.stack(0, "f" + r));
            PollingBench.StackFigures t = throttled.get(r);
            log(String.format(Locale.ROOT, "    throttled: %d/%d Config verdicts, peak %.0f req/s, %d requests, p50 %d ms,"
                    + " p95 %d ms, max %d ms%s", t.rightDecisions(), t.functions(), t.peakRequestsPerSecond(), t.requests(),
                    t.p50Ms(), t.p95Ms(), t.maxMs(), t.wrong().isEmpty() ? "" : "; wrong: " + t.wrong().subList(0, Math.min(3, t.wrong().size()))));
            PollingBench.StackFigures f = free.get(r);
            log(String.format(Locale.ROOT, "    no quota:  %d/%d Config verdicts, peak %.0f req/s, %d requests, p50 %d ms,"
                    + " p95 %d ms", f.rightDecisions(), f.functions(), f.peakRequestsPerSecond(), f.requests(), f.p50Ms(), f.p95Ms()));
        }
        int right = throttled.stream().mapToInt(PollingBench.StackFigures::rightDecisions).sum();
        int all = throttled.stream().mapToInt(PollingBench.StackFigures::functions).sum();
        long p50 = median(throttled.stream().mapToLong(PollingBench.StackFigures::p50Ms).toArray());
        long p95 = median(throttled.stream().mapToLong(PollingBench.StackFigures::p95Ms).toArray());
        double peak = throttled.stream().mapToDouble(PollingBench.StackFigures::peakRequestsPerSecond).max().orElse(0);
        long freeP50 = median(free.stream().mapToLong(PollingBench.StackFigures::p50Ms).toArray());
        long freeP95 = median(free.stream().mapToLong(PollingBench.StackFigures::p95Ms).toArray());
        double freePeak = free.stream().mapToDouble(PollingBench.StackFigures::peakRequestsPerSecond).max().orElse(0);
        results.put("stackRightDecisions", right + "/" + all);
        results.put("stackP50Ms", String.valueOf(p50));
        results.put("stackP95Ms", String.valueOf(p95));
        results.put("stackPeakRequestsPerSecond", String.format(Locale.ROOT, "%.0f", peak));
        results.put("stackRequestsMedian", String.valueOf(median(throttled.stream().mapToLong(PollingBench.StackFigures::requests).toArray())));
        results.put("stackNoQuotaP50Ms", String.valueOf(freeP50));
        results.put("stackNoQuotaP95Ms", String.valueOf(freeP95));
        results.put("stackNoQuotaPeakRequestsPerSecond", String.format(Locale.ROOT, "%.0f", freePeak));
        table.add(new String[] {"(g) 50 functions of one stack at once, Config 1 s, endpoint throttling above 20 requests/s:"
                + " decision time p50 / p95, peak offered request rate",
                String.format(Locale.ROOT, "%.1f s / %.1f s, peak %.0f req/s; %d/%d Config's own verdict", p50 / 1000.0,
                        p95 / 1000.0, peak, right, all),
                String.format(Locale.ROOT, "same, no quota: %.1f s / %.1f s, peak %.0f req/s", freeP50 / 1000.0,
                        freeP95 / 1000.0, freePeak),
                ratio(p95, freeP95), "every decision Config's verdict (reported: times, rate)", met(right == all)});
    }

    // ---------------------------------------------------------------- (d) check on 100 functions vs cfn-guard

    private void check(RuleCatalog catalog) throws Exception {
        int functions = 100;
        Path template = work.resolve("template-100.json");
        Path documents = work.resolve("configuration-items");
        Files.createDirectories(documents);
        ObjectNode tpl = JSON.createObjectNode();
        tpl.put("AWSTemplateFormatVersion", "2010-09-09");
        ObjectNode resources = tpl.putObject("Resources");
        Map<String, String> parameters = new TreeMap<>();
        for (RuleDefinition d : catalog.all()) {
            parameters.putAll(d.defaultParameters());
        }
        for (int i = 1; i <= functions; i++) {
            String id = String.format(Locale.ROOT, "Function%03d", i);
            ObjectNode properties = functionProperties(i);
            resources.putObject(id).put("Type", "AWS::Lambda::Function").set("Properties", properties);
            ObjectNode item = ConfigurationItems.translate("AWS::Lambda::Function", id, properties);
            ObjectNode p = item.putObject("CONFIG_RULE_PARAMETERS");
            parameters.forEach(p::put);
            Files.write(documents.resolve(id + ".json"), JSON.writeValueAsBytes(item));
        }
        Files.write(template, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tpl));
        // The launcher exactly as a user runs it (it adds its JVM flags, a private temp directory and class-data
        // sharing); its first, unmeasured run below also records the launcher's AppCDS archive.
        List<String> checkCommand = List.of("bash", launcher.toString(), "check", "--quiet", "--format", "json",
                "--output", work.resolve("check-report.json").toString(), template.toString());
        List<String> guardCommand = new ArrayList<>(List.of(guard.toString(), "validate", "--data", documents.toString(),
                "--output-format", "json", "--show-summary", "none"));
        try (var files = Files.list(rules)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".guard")).sorted().toList()) {
                guardCommand.add("--rules");
                guardCommand.add(f.toString());
            }
        }
        int runs = quick ? 3 : 7;
        log("(d) check on " + functions + " functions: " + runs + " runs each of './lambda-hook check' and of"
                + " cfn-guard validate on the same " + functions + " configuration items, interleaved");
        Run firstCheck = runChild(checkCommand);
        JsonNode report = JSON.readTree(work.resolve("check-report.json").toFile());
        log("    check exit " + firstCheck.exitCode + ", report: " + summary(report));
        Run firstGuard = runChild(guardCommand);
        log("    cfn-guard exit " + firstGuard.exitCode + ", " + firstGuard.stdoutBytes + " bytes of JSON");
        long[] checkMs = new long[runs];
        long[] guardMs = new long[runs];
        long[] checkRss = new long[runs];
        for (int i = 0; i < runs; i++) {
            Run c = runChild(checkCommand);
            Run g = runChild(guardCommand);
            checkMs[i] = c.exitMillis;
            guardMs[i] = g.exitMillis;
            checkRss[i] = c.peakRssKb;
        }
        long c = median(checkMs);
        long g = median(guardMs);
        results.put("check100MedianMs", String.valueOf(c));
        results.put("guard100MedianMs", String.valueOf(g));
        results.put("check100PeakRssMb", mb(median(checkRss)));
        log(String.format(Locale.ROOT, "    check %d ms, cfn-guard %d ms, ratio %s", c, g, ratio(c, g)));
        table.add(new String[] {"(d) ./lambda-hook check, template with 100 functions (whole command)", c + " ms",
                "cfn-guard validate, same 100 items and rules: " + g + " ms", ratio(c, g), "≤ 1.5×",
                met(c <= 1.5 * g)});
    }

    /**
     * (d) The same 100 functions written as SAM (AWS::Serverless::Function, half of them with a generated role),
     * checked through the SAM transform, against the plain template, interleaved in the same run.
     */
    private void samCheck() throws Exception {
        int functions = 100;
        Path plain = work.resolve("template-100.json");
        Path sam = work.resolve("template-100-sam.json");
        ObjectNode tpl = JSON.createObjectNode();
        tpl.put("AWSTemplateFormatVersion", "2010-09-09");
        tpl.put("Transform", "AWS::Serverless-2016-10-31");
        ObjectNode resources = tpl.putObject("Resources");
        for (int i = 1; i <= functions; i++) {
            ObjectNode p = functionProperties(i);
            p.put("InlineCode", p.remove("Code").path("ZipFile").asText());
            JsonNode tracing = p.remove("TracingConfig");
            if (tracing != null) {
                p.put("Tracing", tracing.path("Mode").asText());
            }
            JsonNode dlq = p.remove("DeadLetterConfig");
            if (dlq != null) {
                p.putObject("DeadLetterQueue").put("Type", "SQS").set("TargetArn", dlq.path("TargetArn"));
            }
            ObjectNode tags = JSON.createObjectNode();
            p.remove("Tags").forEach(t -> tags.set(t.path("Key").asText(), t.path("Value")));
            p.set("Tags", tags);
            if (i % 2 == 0) {
                p.remove("Role");
            }
            resources.putObject(String.format(Locale.ROOT, "Function%03d", i))
                    .put("Type", "AWS::Serverless::Function").set("Properties", p);
        }
        Files.write(sam, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tpl));
        List<String> plainCommand = List.of("bash", launcher.toString(), "check", "--quiet", "--format", "json",
                "--output", work.resolve("check-report.json").toString(), plain.toString());
        List<String> samCommand = List.of("bash", launcher.toString(), "check", "--quiet", "--format", "json",
                "--output", work.resolve("check-sam-report.json").toString(), sam.toString());
        int runs = quick ? 3 : 7;
        log("(d) check on the same " + functions + " functions written as SAM: " + runs + " runs each, interleaved"
                + " with the plain template");
        Run first = runChild(samCommand);
        log("    SAM check exit " + first.exitCode + ", report: "
                + summary(JSON.readTree(work.resolve("check-sam-report.json").toFile())));
        long[] plainMs = new long[runs];
        long[] samMs = new long[runs];
        for (int i = 0; i < runs; i++) {
            samMs[i] = runChild(samCommand).exitMillis;
            plainMs[i] = runChild(plainCommand).exitMillis;
        }
        long c = median(plainMs);
        long s = median(samMs);
        results.put("checkSam100MedianMs", String.valueOf(s));
        log(String.format(Locale.ROOT, "    SAM check %d ms, plain check %d ms, ratio %s", s, c, ratio(s, c)));
        table.add(new String[] {"(d) ./lambda-hook check, the same 100 functions as SAM (transform included)",
                s + " ms", "plain template, same run: " + c + " ms", ratio(s, c), "≤ 1.1×", met(s <= 1.1 * c)});
    }

    private static String summary(JsonNode report) {
        Map<String, Integer> verdicts = new TreeMap<>();
        for (JsonNode t : report.path("templates")) {
            for (JsonNode f : t.path("functions")) {
                verdicts.merge(f.path("verdict").asText(), 1, Integer::sum);
            }
        }
        return verdicts.toString();
    }

    /** Four shapes of function, from one that meets the whole pack to one that breaks most of it. */
    static ObjectNode functionProperties(int i) {
        ObjectNode p = JSON.createObjectNode();
        p.put("FunctionName", String.format(Locale.ROOT, "bench-fn-%03d", i));
        p.put("Handler", "index.handler");
        p.put("Role", "arn:aws:iam::123456789012:role/bench-role");
        p.putObject("Code").put("ZipFile", "def handler(event, context):\n    return " + i + "\n");
        int shape = i % 4;
        p.put("Runtime", shape == 3 ? "python3.7" : "python3.12");
        p.put("MemorySize", 128 + 64 * (i % 8));
        p.put("Timeout", shape == 3 ? 900 : 30);
        if (shape != 3) {
            p.putObject("TracingConfig").put("Mode", shape == 2 ? "PassThrough" : "Active");
        }
        if (shape <= 1) {
            ObjectNode vpc = p.putObject("VpcConfig");
            vpc.putArray("SubnetIds").add("subnet-0123456789abcdef0").add("subnet-0123456789abcdef1");
            vpc.putArray("SecurityGroupIds").add("sg-0123456789abcdef0");
            p.putObject("DeadLetterConfig").put("TargetArn", "arn:aws:sqs:us-east-1:123456789012:bench-dlq");
            p.put("KmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555");
            p.putObject("LoggingConfig").put("LogFormat", "JSON");
            p.put("ReservedConcurrentExecutions", 10);
            p.put("CodeSigningConfigArn", "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0");
        }
        ObjectNode vars = p.putObject("Environment").putObject("Variables");
        vars.put("STAGE", "prod");
        if (shape == 3) {
            vars.put("DB_PASSWORD", "hunter2");
        }
        ArrayNode tags = p.putArray("Tags");
        tags.addObject().put("Key", "team").put("Value", "bench");
        return p;
    }

    // ---------------------------------------------------------------- (e) jar size and memory

    private void jarSize() throws IOException {
        long bytes = Files.size(jar);
        results.put("jarBytes", String.valueOf(bytes));
        double mb = bytes / 1_000_000.0;
        table.add(new String[] {"(e) shaded jar size", String.format(Locale.ROOT, "%.1f MB", mb), "—", "—", "≤ 30 MB",
                met(mb <= 30.0)});
        table.add(new String[] {"(e) peak RSS, cold-start JVM (VmHWM)", results.get("coldHookPeakRssMb") + " MB",
                "no-op main: " + results.get("coldNoopPeakRssMb") + " MB",
                ratio(Math.round(Double.parseDouble(results.get("coldHookPeakRssMb")) * 10),
                        Math.round(Double.parseDouble(results.get("coldNoopPeakRssMb")) * 10)), "(reported)", "—"});
        table.add(new String[] {"(e) peak RSS, check of 100 functions (largest process: the JVM)",
                results.get("check100PeakRssMb") + " MB", "—", "—", "(reported)", "—"});
    }

    // ---------------------------------------------------------------- plumbing

    static ObjectMapper json() {
        return JSON;
    }

    /** A HookInvocationRequest as CloudFormation sends it at preCreate (scalars as strings). */
    static ObjectNode preCreateRequest(String token) {
        // A function that meets the whole rule pack, with scalars as strings the way CloudFormation sends them.
        ObjectNode p = (ObjectNode) JsonTrees.scalarsAsText(functionProperties(0));
        p.put("FunctionName", "orders-api");
        return hookRequest(token, "CREATE_PRE_PROVISION", null, JSON.createObjectNode().set("resourceProperties", p));
    }

    /**
     * A HookInvocationRequest as CloudFormation sends it for function OrdersFunction of stack orders-stack: this type
     * configuration (EvaluationTimeoutSeconds 60 unless it says otherwise) and target model, placeholder credentials.
     */
    public static ObjectNode hookRequest(String token, String invocationPoint, ObjectNode hookModel, JsonNode targetModel) {
        ObjectNode request = JSON.createObjectNode();
        request.put("clientRequestToken", token);
        request.put("awsAccountId", "123456789012");
        request.put("stackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/orders-stack/"
                + "5b918d10-cd98-11ea-90d5-0a9cd3354c10");
        request.put("hookTypeName", "Lambda::Tracing::Hook");
        request.put("hookTypeVersion", "00000001");
        ObjectNode model = hookModel != null ? hookModel.deepCopy() : JSON.createObjectNode();
        if (!model.has("EvaluationTimeoutSeconds")) {
            model.put("EvaluationTimeoutSeconds", "60");
        }
        request.set("hookModel", model);
        request.put("actionInvocationPoint", invocationPoint);
        ObjectNode data = request.putObject("requestData");
        data.put("targetName", "AWS::Lambda::Function");
        data.put("targetType", "RESOURCE");
        data.put("targetLogicalId", "OrdersFunction");
        data.set("targetModel", targetModel);
        data.put("callerCredentials",
                "{\"accessKeyId\":\"PLACEHOLDERKEY\",\"secretAccessKey\":\"placeholder\",\"sessionToken\":\"placeholder\"}");
        ObjectNode context = request.putObject("requestContext");
        context.put("invocation", 1);
        context.putNull("callbackContext");
        return request;
    }

    private List<String> childCommand(List<String> extraOpts, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(javaOpts);
        Path scratch = Files.createDirectories(work.resolve("child-tmp"));
        cmd.add("-Djava.io.tmpdir=" + scratch);
        cmd.addAll(extraOpts);
        cmd.add("-cp");
        cmd.add(jar + File.pathSeparator + benchClasses);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** What one child process did, timed from just before it was started. */
    private record Run(long responseMillis, long exitMillis, int exitCode, String firstLine, String memoryLine,
                       String stderr, long stdoutBytes, long peakRssKb) {
    }

    /**
     * Starts a process, reads its first stdout line (the response: {@code responseMillis}), drains the rest, waits for
     * it to end ({@code exitMillis}) and samples its peak RSS (VmHWM) every 5 ms while it runs.
     */
    private Run runChild(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        Path err = work.resolve("child-stderr.log");
        pb.redirectError(err.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        AtomicLong peak = new AtomicLong(-1);
        Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
        Thread sampler = new Thread(() -> {
            while (p.isAlive()) {
                long v = ProcMemory.peakRssKb(status);
                if (v > 0) {
                    peak.accumulateAndGet(v, Math::max);
                }
                // a launcher script: the JVM it starts is a descendant (cfn-guard processes are far smaller)
                p.descendants().forEach(d -> {
                    long dv = ProcMemory.peakRssKb(Path.of("/proc", String.valueOf(d.pid()), "status"));
                    if (dv > 0) {
                        peak.accumulateAndGet(dv, Math::max);
                    }
                });
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        String first;
        long bytes;
        long response;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            first = out.readLine();
            response = (System.nanoTime() - start) / 1_000_000;
            bytes = first == null ? 0 : first.length();
            char[] buf = new char[8192];
            for (int n; (n = out.read(buf)) >= 0; ) {
                bytes += n;
            }
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("child timed out: " + command);
        }
        long exit = (System.nanoTime() - start) / 1_000_000;
        sampler.interrupt();
        String stderr = Files.readString(err);
        String memory = stderr.lines().filter(l -> l.startsWith(ProcMemory.PREFIX)).findFirst().orElse("");
        return new Run(response, exit, p.exitValue(), first == null ? "" : first, memory, stderr, bytes, peak.get());
    }

    private String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| measure | median | baseline (same run) | ratio | target | met? |\n");
        b.append("| --- | --- | --- | --- | --- | --- |\n");
        for (String[] row : table) {
            b.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        b.append("\n").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ")
                .append(System.getProperty("java.version")).append(", child JVM flags `").append(String.join(" ", javaOpts))
                .append("`, cold-start runs: ").append(coldRuns).append(quick ? " (quick mode)" : "")
                .append(", benchmark took ").append(results.get("benchSeconds")).append(" s; load average (1/5/15 min) ")
                .append(results.get("loadAverageBefore")).append(" before, ").append(results.get("loadAverageAfter"))
                .append(" after.\n");
        return b.toString();
    }

    /** The first three fields of /proc/loadavg, or "n/a". */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static double loadAverage1() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String ratio(long value, long baseline) {
        return baseline <= 0 ? "—" : String.format(Locale.ROOT, "%.2f×", (double) value / baseline);
    }

    private static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", kb / 1024.0);
    }

    static void log(String line) {
        System.err.println("[bench] " + line);
    }
}
