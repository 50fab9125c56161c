package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The embedded AWS Config endpoint: AWS JSON 1.1 on {@code http://127.0.0.1:<port>/}, serving StartResourceEvaluation,
 * GetResourceEvaluationSummary, GetComplianceDetailsByResource, ListResourceEvaluations, PutConfigRule,
 * DescribeConfigRules, DeleteConfigRule and GetCustomRulePolicy, evaluating proactive Guard rules with the real
 * cfn-guard. Any AWS SDK or the AWS CLI works against {@link #uri()} with dummy credentials.
 *
 * <pre>
 * try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(RuleCatalog.load(dir)).start()) {
 *     endpoint.faults().throttle(Trigger.everyNth(3), "StartResourceEvaluation");
 *     ... ConfigClient.builder().endpointOverride(endpoint.uri()) ...
 *     endpoint.stats().startCalls("MyFunction");
 * }
 * </pre>
 */
public final class ConfigEndpoint implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";

    private final HttpCore http;
    private final EvaluationEngine engine;
    private final EvaluationStore store;
    private final ConfigRules rules;
    private final ConfigService service;
    private final GuardRunner guard;
    private final Faults faults;
    private final EndpointStats stats;
    private final URI uri;

    private ConfigEndpoint(Builder b) throws IOException {
        this.faults = b.faults;
        this.stats = new EndpointStats();
        this.guard = b.guard != null ? b.guard : GuardRunner.locate();
        if (b.schemaCheck) {
            RegistrySchema.preload(); // while the rules load and the first function is prepared
        }
        this.store = new EvaluationStore(b.maxEvaluations, b.maxStoredBytes, b.retention);
        this.rules = new ConfigRules(b.region, ACCOUNT, b.maxRules);
        this.engine = new EvaluationEngine(guard, faults, b.workers, b.batchWindow.toMillis());
        this.service = new ConfigService(new EndpointSettings(b.schemaCheck, b.compliancePageSize, b.rulesPageSize, b.summaryHold.toMillis()),
                store, rules, engine, guard, faults, stats);
        loadRules(b.rules);
        this.http = new HttpCore(b.port, b.maxConnections, b.idleTimeoutMillis, service);
        this.uri = URI.create("http://127.0.0.1:" + http.port());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI uri() {
        return uri;
    }

    public int port() {
        return http.port();
    }

    /** Live fault settings (off by default). */
    public Faults faults() {
        return faults;
    }

    public EndpointStats stats() {
        return stats;
    }

    public int storedEvaluations() {
        return store.size();
    }

    /** Approximate bytes the stored evaluations hold. */
    public long storedBytes() {
        return store.bytes();
    }

    public long guardProcesses() {
        return guard.processesStarted();
    }

    /** A StartResourceEvaluation the caller expects to make: its ResourceDetails. */
    public record Expected(String resourceType, String resourceId, String resourceConfiguration) {
    }

    /**
     * Starts evaluating, in the background and in one cfn-guard process per two cores, the resources the caller is
     * about to ask for; evaluations that then arrive with the same configuration take those results instead of
     * running cfn-guard again. The API is unchanged: every evaluation is still started, polled and read over HTTP, and
     * one that matches nothing evaluated ahead (other properties, other rules by then) is evaluated as usual.
     * Entries that are not valid JSON objects or not proactive types are ignored.
     */
    public void evaluateAhead(List<Expected> expected) {
        Map<String, List<ObjectNode>> documents = new java.util.LinkedHashMap<>();
        Map<String, List<ConfigRules.StoredRule>> ruleSets = new java.util.HashMap<>();
        for (Expected x : expected) {
            com.fasterxml.jackson.databind.JsonNode properties;
            try {
                properties = x.resourceConfiguration() == null ? null : Json.MAPPER.readTree(x.resourceConfiguration());
            } catch (IOException e) {
                continue;
            }
            if (properties == null || !properties.isObject() || x.resourceType() == null || x.resourceId() == null) {
                continue;
            }
            List<ConfigRules.StoredRule> applicable = rules.applicable(x.resourceType(), x.resourceId(), properties);
            String key = EvaluationEngine.ruleSetKey(applicable);
            ruleSets.putIfAbsent(key, applicable);
            documents.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(ConfigurationItems.translate(x.resourceType(), x.resourceId(), properties));
        }
        // One process at a time per two cores, in two halves: the caller's own work (the hook invocations) needs the
        // other cores, and it can start on the first half's results while the second half runs. Measured on 2 cores
        // (doc/performance.md): two processes at once on half the documents each took 2.3 times the CPU of one
        // process on all of them, and finished later.
        int processes = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        documents.forEach((key, docs) -> engine.evaluateAhead(ruleSets.get(key), docs, 2 * processes));
    }

    /** Evaluations that took the results of {@link #evaluateAhead}. */
    public long evaluationsTakenAhead() {
        return engine.aheadTaken();
    }

    public GuardRunner guard() {
        return guard;
    }

    /** Forgets every evaluation (rules stay). */
    public void clearEvaluations() {
        store.clear();
    }

    /**
     * Stores one rule of the pack the way a conformance pack deploys it: CUSTOM_POLICY, guard-2.x.x, PROACTIVE (and
     * DETECTIVE), scoped to AWS::Lambda::Function, with the header's parameter defaults as InputParameters.
     */
    public void putRule(RuleDefinition rule) {
        ObjectNode request = Json.object();
        ObjectNode r = request.putObject("ConfigRule");
        r.put("ConfigRuleName", rule.name());
        String description = rule.title();
        r.put("Description", description.length() > 256 ? description.substring(0, 256) : description);
        r.putObject("Scope").putArray("ComplianceResourceTypes").add("AWS::Lambda::Function");
        ObjectNode source = r.putObject("Source");
        source.put("Owner", "CUSTOM_POLICY");
        ArrayNode details = source.putArray("SourceDetails");
        details.addObject().put("EventSource", "aws.config").put("MessageType", "ConfigurationItemChangeNotification");
        details.addObject().put("EventSource", "aws.config").put("MessageType", "OversizedConfigurationItemChangeNotification");
        ObjectNode policy = source.putObject("CustomPolicyDetails");
        policy.put("PolicyRuntime", "guard-2.x.x");
        policy.put("PolicyText", rule.policyText());
        policy.put("EnableDebugLogDelivery", false);
        Map<String, String> params = rule.defaultParameters();
        if (!params.isEmpty()) {
            ObjectNode p = Json.object();
            params.forEach(p::put);
            r.put("InputParameters", Json.write(p));
        }
        ArrayNode modes = r.putArray("EvaluationModes");
        modes.addObject().put("Mode", "DETECTIVE");
        modes.addObject().put("Mode", "PROACTIVE");
        HttpCore.Reply reply = service.handle(new HttpCore.Request("POST", "/",
                Map.of("x-amz-target", ConfigService.TARGET_PREFIX + "PutConfigRule"),
                Json.write(request).getBytes(StandardCharsets.UTF_8)));
        if (reply.status() != 200) {
            throw new IllegalArgumentException("rule " + rule.name() + " was rejected: "
                    + new String(reply.body(), StandardCharsets.UTF_8));
        }
    }

    /** Removes a rule (as DeleteConfigRule does); false when there was none of that name. */
    public boolean deleteRule(String name) {
        HttpCore.Reply reply = service.handle(new HttpCore.Request("POST", "/",
                Map.of("x-amz-target", ConfigService.TARGET_PREFIX + "DeleteConfigRule"),
                Json.write(Json.object().put("ConfigRuleName", name)).getBytes(StandardCharsets.UTF_8)));
        return reply.status() == 200;
    }

    private void loadRules(RuleCatalog catalog) {
        if (catalog == null) {
            return;
        }
        List<RuleDefinition> all = catalog.all();
        List<String> texts = all.stream().map(RuleDefinition::policyText).toList();
        List<String> syntax = guard.syntaxErrors(texts);
        for (int i = 0; i < all.size(); i++) {
            if (syntax.get(i) != null) {
                throw new IllegalArgumentException("rule " + all.get(i).name() + " is not valid Guard: " + syntax.get(i));
            }
        }
        service.prevalidated(texts);
        List<RuntimeException> problems = new ArrayList<>();
        all.parallelStream().forEach(rule -> {
            try {
                putRule(rule);
            } catch (RuntimeException e) {
                synchronized (problems) {
                    problems.add(e);
                }
            }
        });
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    @Override
    public void close() {
        http.close();
        engine.close();
    }

    /** Settings of a new endpoint; every one has a sensible default. */
    public static final class Builder {
        private int port;
        private RuleCatalog rules;
        private GuardRunner guard;
        private String region = "us-east-1";
        private int maxEvaluations = 5000;
        private long maxStoredBytes = 64L * 1024 * 1024;
        private Duration retention = Duration.ofHours(6);
        private int maxRules = 1000;
        private int compliancePageSize = 25;
        private int rulesPageSize = 25;
        private boolean schemaCheck = true;
        private int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int maxConnections = 512;
        private int idleTimeoutMillis = 75_000;
        private Faults faults = new Faults();
        private Duration batchWindow = Duration.ZERO;
        private Duration summaryHold = Duration.ZERO;

        /** 0 (default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The rule pack to load at start (see {@link ConfigEndpoint#putRule}); none by default. */
        public Builder rules(RuleCatalog rules) {
            this.rules = rules;
            return this;
        }

        public Builder guard(GuardRunner guard) {
            this.guard = guard;
            return this;
        }

        /** Region used in rule ARNs. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** At most this many evaluations are kept; the oldest are evicted first. */
        public Builder maxEvaluations(int max) {
            this.maxEvaluations = max;
            return this;
        }

        /** At most about this many bytes of stored ResourceConfiguration text are kept. */
        public Builder maxStoredBytes(long max) {
            this.maxStoredBytes = max;
            return this;
        }

        /** Evaluations older than this are forgotten. */
        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        public Builder maxRules(int max) {
            this.maxRules = max;
            return this;
        }

        /** Results per GetComplianceDetailsByResource page (the model has no Limit; the endpoint also accepts one). */
        public Builder compliancePageSize(int size) {
            this.compliancePageSize = size;
            return this;
        }

        public Builder rulesPageSize(int size) {
            this.rulesPageSize = size;
            return this;
        }

        /**
         * Whether StartResourceEvaluation checks the Lambda properties against the CloudFormation schema (required
         * Code and Role, JSON types such as MemorySize being an integer) like Config does; on by default.
         */
        public Builder schemaCheck(boolean check) {
            this.schemaCheck = check;
            return this;
        }

        /** Evaluation worker threads (each runs one batch of evaluations at a time). */
        public Builder workers(int workers) {
            this.workers = Math.max(1, workers);
            return this;
        }

        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        /** How long an idle keep-alive connection stays open (default 75 s, longer than SDK clients keep them). */
        public Builder idleTimeout(Duration idle) {
            this.idleTimeoutMillis = (int) idle.toMillis();
            return this;
        }

        /**
         * How long a worker waits for more evaluations to arrive before it starts cfn-guard on a lone one (default 0).
         * A few milliseconds let a burst of starts (a whole template) share one process.
         */
        public Builder batchWindow(Duration window) {
            this.batchWindow = window;
            return this;
        }

        public Builder faults(Faults faults) {
            this.faults = faults;
            return this;
        }

        /** When evaluations finish, counted from their start; the rules run meanwhile (a fault setting; changeable later). */
        public Builder evaluationDelay(Duration delay) {
            this.faults.evaluationDelay(delay);
            return this;
        }

        /**
         * Long polling: a GetResourceEvaluationSummary for an evaluation in progress waits up to this long for it to
         * end and then answers at once (default zero: answer at once, like Config). {@code check} uses it so the
         * hook's next poll does not wait out its interval.
         */
        public Builder summaryHold(Duration hold) {
            this.summaryHold = hold == null || hold.isNegative() ? Duration.ZERO : hold;
            return this;
        }

        public ConfigEndpoint start() {
            try {
                return new ConfigEndpoint(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the Config endpoint on 127.0.0.1:" + port, e);
            }
        }
    }
}
