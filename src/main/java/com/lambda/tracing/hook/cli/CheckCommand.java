package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** {@code lambda-hook check}: every AWS::Lambda::Function of each template through the real hook. */
final class CheckCommand {
    static final String USAGE = String.join("\n",
            "usage: lambda-hook check [options] TEMPLATE|DIR...",
            "",
            "Runs the hook on every AWS::Lambda::Function of each CloudFormation template (YAML or JSON), as",
            "CloudFormation calls it at preCreate, against the embedded AWS Config endpoint (or a real one).",
            "Exit code: 0 every function compliant, 1 at least one blocked, 2 bad usage or unreadable input.",
            "",
            "  --format text|json|sarif|junit    report format (default text)",
            "  --output FILE                     write the report to FILE instead of stdout",
            "  --endpoint URL                    use this AWS Config endpoint (real AWS: your credentials) instead of",
            "                                    the embedded one",
            "  --region R                        Region (default: AWS_REGION, else us-east-1)",
            "  --parameter-overrides K=V ...     template parameter values",
            "  --rules DIR                       rule pack for the embedded endpoint (default: the pack in the jar)",
            "  --type-configuration JSON|FILE    the hook's type configuration (hookModel), e.g.",
            "                                    '{\"OnIndeterminate\":\"FAIL\",\"MaxWaitPerInvocationSeconds\":5}'",
            "  --jobs N                          functions evaluated at once (default 16)",
            "  --quiet                           no progress on stderr",
            "  --verbose                         the hook's own log lines on stderr",
            "  --no-color                        no colour in text output (also NO_COLOR=1)");

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The embedded endpoint answers a summary poll as soon as the evaluation ends, waiting at most this long, so a
     * function's verdict does not wait out the hook's poll interval (25 ms doubling to 250 ms). Below the SDK's
     * 4 s attempt timeout, and the hook's own deadline still bounds the polling.
     */
    static final long SUMMARY_HOLD_MILLIS = 200;
    private static final Set<String> EXTENSIONS = Set.of(".yaml", ".yml", ".json", ".template");

    private CheckCommand() {
    }

    /** One function (or skipped resource) to report on. */
    record Work(int template, String logicalId, String type, int line, String stackName,
                        Map<String, Object> properties, String skipReason) {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err, Supplier<HookRunner.Invoker> invokers) {
        Args a = Args.parse(argv, Set.of("--format", "--output", "--endpoint", "--region", "--rules",
                "--type-configuration", "--jobs"), Set.of("--quiet", "--verbose", "--no-color", "--help", "-h"),
                Set.of("--parameter-overrides"));
        if (a.flag("--help") || a.flag("-h")) {
            out.println(USAGE);
            return 0;
        }
        String format = a.value("--format") == null ? "text" : a.value("--format").toLowerCase(Locale.ROOT);
        if (!List.of("text", "json", "sarif", "junit").contains(format)) {
            throw new UsageException("--format must be text, json, sarif or junit (not '" + format + "')");
        }
        if (a.positional.isEmpty()) {
            throw new UsageException("check needs at least one template (see lambda-hook check --help)");
        }
        String region = a.value("--region") != null ? a.value("--region")
                : System.getenv("AWS_REGION") != null && !System.getenv("AWS_REGION").isBlank() ? System.getenv("AWS_REGION")
                : "us-east-1";
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new UsageException("--region: '" + region + "' is not a Region name");
        }
        Map<String, String> overrides = overrides(a.values("--parameter-overrides"));
        JsonNode hookModel = typeConfiguration(a.value("--type-configuration"));
        int jobs = a.intValue("--jobs", 16, 1, 256);
        String endpointUrl = a.value("--endpoint");
        if (endpointUrl != null) {
            try {
                URI u = URI.create(endpointUrl);
                if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("--endpoint: '" + endpointUrl + "' is not an http(s) URL");
            }
        }
        Path output = a.value("--output") == null ? null : Paths.get(a.value("--output"));
        if (output != null && output.getParent() != null && !Files.isDirectory(output.getParent())) {
            throw new UsageException("--output: directory " + output.getParent() + " does not exist");
        }
        boolean quiet = a.flag("--quiet");
        if (!a.flag("--verbose") && System.getProperty("lambdahook.log.level") == null) {
            System.setProperty("lambdahook.log.level", "WARN");
        }

        List<Path> files = expand(a.positional);
        long t0 = System.nanoTime();
        Report report = new Report();
        List<Work> work = new ArrayList<>();
        Set<String> knownParameters = new java.util.HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            try {
                work.addAll(plan(i, file, region, overrides, knownParameters));
                report.templates.add(new Report.TemplateResult(display(file), new ArrayList<>(), null));
            } catch (UsageException e) {
                report.templates.add(new Report.TemplateResult(display(file), new ArrayList<>(), e.getMessage()));
                err.println("lambda-hook: " + e.getMessage());
            }
        }
        for (String key : overrides.keySet()) {
            if (!knownParameters.contains(key) && !report.anyInputError()) {
                throw new UsageException("--parameter-overrides names " + key + ", which no template declares as a parameter");
            }
        }
        boolean anyFunction = work.stream().anyMatch(w -> w.skipReason() == null);
        RuleCatalog catalog = endpointUrl == null || a.value("--rules") != null ? RulePacks.load(a.value("--rules")) : bundledOrEmpty();
        for (RuleDefinition d : catalog.all()) {
            report.rules.add(new Report.RuleInfo(d.name(), d.title(), d.severity().name(), d.rationale(), d.fix(), d.link()));
        }
        ConfigEndpoint embedded = null;
        HookRunner.Invoker invoker = invokers.get();
        Thread warm = null;
        if (anyFunction) {
            warm = new Thread(() -> {
                try {
                    invoker.warmUp();
                } catch (RuntimeException | LinkageError ignored) {
                    // the first real invocation reports it
                }
            }, "lambda-hook-warm-up");
            warm.setDaemon(true);
            warm.start();
        }
        try {
            String credentials;
            if (endpointUrl == null) {
                if (anyFunction) {
                    embedded = ConfigEndpoint.builder().rules(catalog).region(region)
                            .batchWindow(java.time.Duration.ofMillis(work.size() > 1 ? 10 : 0))
                            .summaryHold(java.time.Duration.ofMillis(SUMMARY_HOLD_MILLIS)).start();
                    endpointUrl = embedded.uri().toString();
                }
                credentials = "{\"accessKeyId\":\"AKIDLOCALCHECK\",\"secretAccessKey\":\"local-check-secret\",\"sessionToken\":\"local-check-session\"}";
            } else {
                credentials = anyFunction ? RealCredentials.json(URI.create(endpointUrl), region,
                        a.flag("--verbose") ? err : null) : "{}";
            }
            report.endpoint = endpointUrl == null ? "embedded" : endpointUrl;
            if (endpointUrl != null) {
                System.setProperty("lambdahook.config.endpoint", endpointUrl);
            }
            System.setProperty("aws.region", region);
            if (warm != null) {
                warm.join();
            }
            HookRunner runner = new HookRunner(invoker, hookModel, region, credentials);
            evaluate(report, files, work, runner, jobs, quiet, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted");
        } finally {
            if (embedded != null) {
                if (a.flag("--verbose")) {
                    err.println("lambda-hook: embedded endpoint ran " + embedded.stats().evaluationsCreated()
                            + " evaluations in " + embedded.guardProcesses() + " cfn-guard processes");
                }
                embedded.close();
            }
        }
        report.millis = (System.nanoTime() - t0) / 1_000_000;
        boolean colour = output == null && format.equals("text") && !a.flag("--no-color")
                && System.getenv("NO_COLOR") == null && System.console() != null && !"dumb".equals(System.getenv("TERM"));
        String rendered = ReportWriter.render(report, format, colour);
        if (output != null) {
            try {
                Files.writeString(output, rendered, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("--output: cannot write " + output + " (" + e.getMessage() + ")");
            }
            if (!quiet) {
                err.println(summaryLine(report) + " Report: " + output);
            }
        } else {
            out.print(rendered);
            out.flush();
        }
        return report.exitCode();
    }

    private static RuleCatalog bundledOrEmpty() {
        try {
            return RuleCatalog.bundled();
        } catch (RuntimeException e) {
            return new RuleCatalog(List.of());
        }
    }

    static String summaryLine(Report report) {
        return report.functions() + " functions: " + report.count(Report.Verdict.COMPLIANT) + " compliant, "
                + (report.count(Report.Verdict.NON_COMPLIANT) + report.count(Report.Verdict.INDETERMINATE)) + " blocked, "
                + report.count(Report.Verdict.NOT_EVALUATED) + " not evaluated.";
    }

    private static void evaluate(Report report, List<Path> files, List<Work> work, HookRunner runner, int jobs,
                                 boolean quiet, PrintStream err) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, work.size())), r -> {
            Thread t = new Thread(r, "lambda-hook-check");
            t.setDaemon(true);
            return t;
        });
        try {
            int[] remaining = new int[files.size()];
            work.forEach(w -> remaining[w.template()]++);
            AtomicInteger doneTemplates = new AtomicInteger();
            boolean progress = !quiet && files.size() > 1;
            List<Future<Report.FunctionResult>> futures = new ArrayList<>();
            for (Work w : work) {
                futures.add(pool.submit(() -> {
                    Report.FunctionResult r = w.skipReason() != null
                            ? new Report.FunctionResult(w.logicalId(), w.type(), w.line(), Report.Verdict.NOT_EVALUATED,
                            null, null, w.skipReason(), List.of(), 0, 0)
                            : runner.run(w.stackName(), w.logicalId(), w.line(), w.properties());
                    synchronized (remaining) {
                        if (--remaining[w.template()] == 0 && progress) {
                            err.println("[" + doneTemplates.incrementAndGet() + "/" + files.size() + "] "
                                    + display(files.get(w.template())));
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
                } catch (java.util.concurrent.ExecutionException e) {
                    Work w = work.get(i);
                    r = new Report.FunctionResult(w.logicalId(), w.type(), w.line(), Report.Verdict.INDETERMINATE, null,
                            null, "Internal error: " + e.getCause(), List.of(), 0, 0);
                }
                report.templates.get(work.get(i).template()).functions().add(r);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads and resolves one template into its functions (and the resources reported as not evaluated). */
    static List<Work> plan(int index, Path file, String region, Map<String, String> overrides,
                                   Set<String> knownParameters) {
        Template template = TemplateLoader.load(file);
        Map<String, String> own = new LinkedHashMap<>();
        Object params = template.document().get("Parameters");
        if (params instanceof Map) {
            ((Map<?, ?>) params).keySet().forEach(k -> knownParameters.add(String.valueOf(k)));
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (params instanceof Map && ((Map<?, ?>) params).containsKey(e.getKey())) {
                own.put(e.getKey(), e.getValue());
            }
        }
        String stackName = IntrinsicResolver.stackNameFor(file);
        IntrinsicResolver resolver = new IntrinsicResolver(template, region, stackName, own);
        List<Work> out = new ArrayList<>();
        Map<?, ?> resources = (Map<?, ?>) template.document().get("Resources");
        for (Map.Entry<?, ?> e : resources.entrySet()) {
            String id = String.valueOf(e.getKey());
            String type = (String) ((Map<?, ?>) e.getValue()).get("Type");
            int line = template.line(id);
            if (type.equals("AWS::Serverless::Function")) {
                out.add(new Work(index, id, type, line, stackName, null, "AWS::Serverless::Function is a SAM resource: "
                        + "CloudFormation turns it into an AWS::Lambda::Function when it expands the "
                        + "AWS::Serverless-2016-10-31 transform, and the hook evaluates that function at deploy time. "
                        + "Check the processed template (aws cloudformation get-template --template-stage Processed) "
                        + "to see its verdict offline."));
                continue;
            }
            if (!type.equals("AWS::Lambda::Function")) {
                continue;
            }
            if (!resolver.created(id)) {
                out.add(new Work(index, id, type, line, stackName, null, "Its Condition "
                        + ((Map<?, ?>) e.getValue()).get("Condition") + " is false with these parameters, so "
                        + "CloudFormation would not create it."));
                continue;
            }
            Map<String, Object> props;
            try {
                props = resolver.properties(id);
            } catch (UsageException ex) {
                throw new UsageException(ex.getMessage().replaceFirst(java.util.regex.Pattern.quote(file + ": "),
                        file + ":" + line + ": " + id + ": "));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> stringified = (Map<String, Object>) IntrinsicResolver.stringify(props);
            out.add(new Work(index, id, type, line, stackName, stringified, null));
        }
        return out;
    }

    static Map<String, String> overrides(List<String> values) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--parameter-overrides takes KEY=VALUE, not '" + v + "'");
            }
            m.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return m;
    }

    /** Inline JSON or a file holding it; scalars become strings, as CloudFormation sends the type configuration. */
    static JsonNode typeConfiguration(String value) {
        if (value == null) {
            return JSON.createObjectNode();
        }
        String text = value.strip();
        if (!text.startsWith("{")) {
            Path p = Paths.get(value.startsWith("@") ? value.substring(1) : value);
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("--type-configuration: neither JSON nor a readable file: " + value);
            }
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new UsageException("--type-configuration: invalid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (node == null || !node.isObject()) {
            throw new UsageException("--type-configuration must be a JSON object");
        }
        // accept the CloudFormation SetTypeConfiguration shape too
        JsonNode nested = node.at("/CloudFormationConfiguration/HookConfiguration/Properties");
        if (nested.isObject()) {
            node = nested;
        }
        return stringifyScalars(node);
    }

    private static JsonNode stringifyScalars(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> o.set(e.getKey(), stringifyScalars(e.getValue())));
            return o;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode arr = JSON.createArrayNode();
            node.forEach(n -> arr.add(stringifyScalars(n)));
            return arr;
        }
        if (node.isNumber() || node.isBoolean()) {
            return JSON.getNodeFactory().textNode(node.asText());
        }
        return node;
    }

    /** Files as given; directories contribute their *.yaml, *.yml, *.json and *.template files, sorted. */
    static List<Path> expand(List<String> args) {
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            Path p = Paths.get(arg);
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p, 8)) {
                    walk.filter(Files::isRegularFile).filter(f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return EXTENSIONS.stream().anyMatch(n::endsWith);
                    }).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UsageException(arg + ": cannot list directory (" + e.getMessage() + ")");
                }
            } else if (!Files.exists(p)) {
                throw new UsageException(arg + ": no such file or directory");
            } else {
                files.add(p);
            }
        }
        if (files.isEmpty()) {
            throw new UsageException("no template found in " + String.join(" ", args));
        }
        return files;
    }

    static String display(Path p) {
        return p.normalize().toString().replace('\\', '/');
    }
}
