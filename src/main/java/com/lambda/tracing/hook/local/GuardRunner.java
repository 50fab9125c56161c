package com.lambda.tracing.hook.local;

import com.lambda.tracing.hook.common.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Guard policies with the real cfn-guard binary. Nothing touches the file system: rules and documents go to
 * {@code cfn-guard validate --payload} on stdin, results come back as structured JSON on stdout ({@code -o json -z}).
 * So the plugin wrapper emptying {@code java.io.tmpdir} in the same JVM cannot disturb a run.
 *
 * <p>One call evaluates many documents against many policies in as few processes as possible: policies share a
 * process when their Guard rule names do not collide and their parameters agree (each document then carries one
 * merged {@code CONFIG_RULE_PARAMETERS} map, values as strings like Config). Results are attributed back to each
 * policy by its Guard rule names ({@code RULES_STDIN[k]/default} for clauses outside named rules).
 */
public final class GuardRunner {
    /** One Config rule: its name, Guard text and input parameters (may be empty). */
    public record Policy(String name, String text, Map<String, String> parameters) {
        public Policy {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }

    public enum Outcome { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, ERROR }

    /** One rule's verdict on one document; annotation is set for NON_COMPLIANT (≤256 chars) and ERROR. */
    public record RuleOutcome(String ruleName, Outcome outcome, String annotation) {
    }

    private static final Pattern RULE_DECL = Pattern.compile("(?m)^[ \\t]*rule[ \\t]+([A-Za-z0-9_]+)");
    private static final Pattern DEFAULT_RULE = Pattern.compile("RULES_STDIN\\[(\\d+)]/default");
    private static final int MAX_DOCUMENTS_PER_PROCESS = 400;
    private static final long PROCESS_TIMEOUT_SECONDS = 120;
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cfn-guard-io");
        t.setDaemon(true);
        return t;
    });

    private final Path binary;
    private final AtomicLong processes = new AtomicLong();

    public GuardRunner(Path binary) {
        this.binary = binary;
    }

    /**
     * Finds cfn-guard: system property {@code cfnguard.path}, environment {@code CFN_GUARD},
     * {@code .tools/bin/cfn-guard} under {@code lambdahook.home} / {@code project.basedir} / the working directory,
     * then {@code PATH}.
     */
    public static GuardRunner locate() {
        List<Path> candidates = new ArrayList<>();
        addIfSet(candidates, System.getProperty("cfnguard.path"));
        addIfSet(candidates, System.getenv("CFN_GUARD"));
        for (String base : new String[] {System.getProperty("lambdahook.home"), System.getProperty("project.basedir"),
                System.getProperty("user.dir")}) {
            if (base != null && !base.isBlank()) {
                candidates.add(Paths.get(base, ".tools", "bin", "cfn-guard"));
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Paths.get(dir, "cfn-guard"));
                }
            }
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return new GuardRunner(p.toAbsolutePath());
            }
        }
        throw new IllegalStateException("cfn-guard not found (set -Dcfnguard.path or CFN_GUARD, put it on PATH, "
                + "or run scripts/install-cfn-guard.sh)");
    }

    private static void addIfSet(List<Path> list, String value) {
        if (value != null && !value.isBlank()) {
            list.add(Paths.get(value));
        }
    }

    public Path binary() {
        return binary;
    }

    /** cfn-guard processes started so far. */
    public long processesStarted() {
        return processes.get();
    }

    /**
     * Checks many policies with one cfn-guard process; returns, per policy, null when it parses or cfn-guard's
     * error line. A run that cannot be attributed falls back to one process per policy.
     */
    public List<String> syntaxErrors(List<String> texts) {
        List<String> out = new ArrayList<>(Collections.nCopies(texts.size(), null));
        if (texts.isEmpty()) {
            return out;
        }
        ObjectNode payload = Json.object();
        ArrayNode rules = payload.putArray("rules");
        texts.forEach(rules::add);
        payload.putArray("data").add("{}");
        ProcessResult r = run(payload);
        if (r.stdout.strip().startsWith("[") && !r.stderr.contains("Pars")) {
            return out;
        }
        for (int i = 0; i < texts.size(); i++) {
            out.set(i, syntaxError(texts.get(i)));
        }
        return out;
    }

    /** Null when {@code text} parses as Guard; otherwise cfn-guard's first error line. */
    public String syntaxError(String text) {
        ObjectNode payload = Json.object();
        payload.putArray("rules").add(text);
        payload.putArray("data").add("{}");
        ProcessResult r = run(payload);
        String err = r.stderr.strip();
        if (err.contains("Parsing error") || err.contains("Parser Error") || (r.exitCode != 0 && r.exitCode != 19
                && r.exitCode != 20 && !r.stdout.strip().startsWith("["))) {
            String first = err.isEmpty() ? "cfn-guard exit code " + r.exitCode : err.lines().findFirst().orElse(err);
            return first.length() > 400 ? first.substring(0, 400) : first;
        }
        return null;
    }

    /**
     * Evaluates every document against every policy. Returns, per document (same order), one outcome per policy
     * (same order as {@code policies}). Documents are configuration items without CONFIG_RULE_PARAMETERS.
     */
    public List<List<RuleOutcome>> evaluate(List<Policy> policies, List<ObjectNode> documents) {
        List<List<RuleOutcome>> results = new ArrayList<>(documents.size());
        for (int d = 0; d < documents.size(); d++) {
            results.add(new ArrayList<>(Collections.nCopies(policies.size(), null)));
        }
        if (policies.isEmpty() || documents.isEmpty()) {
            return results;
        }
        for (List<Integer> group : groups(policies)) {
            for (int from = 0; from < documents.size(); from += MAX_DOCUMENTS_PER_PROCESS) {
                int to = Math.min(documents.size(), from + MAX_DOCUMENTS_PER_PROCESS);
                runGroup(policies, group, documents, from, to, results);
            }
        }
        return results;
    }

    /** Packs policies into as few processes as possible: disjoint Guard rule names, agreeing parameters. */
    static List<List<Integer>> groups(List<Policy> policies) {
        List<List<Integer>> groups = new ArrayList<>();
        List<Set<String>> names = new ArrayList<>();
        List<Map<String, String>> params = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            Policy p = policies.get(i);
            Set<String> ruleNames = ruleNames(p.text());
            int chosen = -1;
            for (int g = 0; g < groups.size() && chosen < 0; g++) {
                if (Collections.disjoint(names.get(g), ruleNames) && agree(params.get(g), p.parameters())) {
                    chosen = g;
                }
            }
            if (chosen < 0) {
                groups.add(new ArrayList<>());
                names.add(new LinkedHashSet<>());
                params.add(new LinkedHashMap<>());
                chosen = groups.size() - 1;
            }
            groups.get(chosen).add(i);
            names.get(chosen).addAll(ruleNames);
            params.get(chosen).putAll(p.parameters());
        }
        return groups;
    }

    private static boolean agree(Map<String, String> a, Map<String, String> b) {
        for (Map.Entry<String, String> e : b.entrySet()) {
            String other = a.get(e.getKey());
            if (other != null && !other.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    static Set<String> ruleNames(String text) {
        Set<String> names = new LinkedHashSet<>();
        StringBuilder code = new StringBuilder(text.length());
        for (String line : text.split("\\R")) {
            String t = line.stripLeading();
            if (!t.startsWith("#")) {
                code.append(line).append('\n');
            }
        }
        Matcher m = RULE_DECL.matcher(code);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private void runGroup(List<Policy> policies, List<Integer> group, List<ObjectNode> documents, int from, int to,
                          List<List<RuleOutcome>> results) {
        Map<String, String> merged = new LinkedHashMap<>();
        Map<String, Integer> byRuleName = new HashMap<>();
        ObjectNode payload = Json.object();
        ArrayNode rules = payload.putArray("rules");
        for (int k = 0; k < group.size(); k++) {
            Policy p = policies.get(group.get(k));
            merged.putAll(p.parameters());
            rules.add(p.text());
            for (String n : ruleNames(p.text())) {
                byRuleName.put(n, group.get(k));
            }
        }
        ArrayNode data = payload.putArray("data");
        for (int d = from; d < to; d++) {
            ObjectNode doc = documents.get(d);
            if (!merged.isEmpty()) {
                doc = doc.deepCopy();
                ObjectNode params = doc.putObject("CONFIG_RULE_PARAMETERS");
                merged.forEach(params::put);
            }
            data.add(Json.write(doc));
        }
        ProcessResult r = run(payload);
        JsonNode out = null;
        try {
            String stdout = r.stdout.strip();
            if (stdout.startsWith("[")) {
                out = Json.MAPPER.readTree(stdout);
            }
        } catch (IOException e) {
            out = null;
        }
        String failure = out == null ? "cfn-guard failed (exit " + r.exitCode + "): " + firstLine(r.stderr) : null;
        Map<Integer, String> statuses = new HashMap<>();
        for (int d = from; d < to; d++) {
            JsonNode record = out == null ? null : findRecord(out, d - from + 1);
            // per policy: worst status so far (FAIL > PASS > SKIP) and the first failing annotation
            statuses.clear();
            Map<Integer, String> annotations = new HashMap<>();
            if (record != null) {
                for (JsonNode n : record.path("compliant")) {
                    mark(statuses, policyOf(n.asText(), group, byRuleName), "PASS");
                }
                for (JsonNode n : record.path("not_applicable")) {
                    mark(statuses, policyOf(n.asText(), group, byRuleName), "SKIP");
                }
                for (JsonNode n : record.path("not_compliant")) {
                    JsonNode rule = n.path("Rule");
                    Integer p = policyOf(rule.path("name").asText(), group, byRuleName);
                    mark(statuses, p, "FAIL");
                    if (p != null && !annotations.containsKey(p)) {
                        annotations.put(p, annotation(rule));
                    }
                }
            }
            for (int idx : group) {
                String name = policies.get(idx).name();
                String status = statuses.get(idx);
                RuleOutcome outcome;
                if (status == null) {
                    String why = failure != null ? failure
                            : "rule " + name + " produced no result (cfn-guard: " + firstLine(r.stderr) + ")";
                    outcome = new RuleOutcome(name, Outcome.ERROR, Text.shorten(why, 1024));
                } else if (status.equals("FAIL")) {
                    outcome = new RuleOutcome(name, Outcome.NON_COMPLIANT, annotations.get(idx));
                } else if (status.equals("PASS")) {
                    outcome = new RuleOutcome(name, Outcome.COMPLIANT, null);
                } else {
                    outcome = new RuleOutcome(name, Outcome.NOT_APPLICABLE, null);
                }
                results.get(d).set(idx, outcome);
            }
        }
    }

    private static JsonNode findRecord(JsonNode out, int oneBased) {
        String name = "DATA_STDIN[" + oneBased + "]";
        JsonNode byPosition = out.get(oneBased - 1);
        if (byPosition != null && name.equals(byPosition.path("name").asText())) {
            return byPosition;
        }
        for (JsonNode n : out) {
            if (name.equals(n.path("name").asText())) {
                return n;
            }
        }
        return null;
    }

    private static Integer policyOf(String guardRuleName, List<Integer> group, Map<String, Integer> byRuleName) {
        Matcher m = DEFAULT_RULE.matcher(guardRuleName);
        if (m.matches()) {
            int k = Integer.parseInt(m.group(1)) - 1;
            return k >= 0 && k < group.size() ? group.get(k) : null;
        }
        return byRuleName.get(guardRuleName);
    }

    private static void mark(Map<Integer, String> statuses, Integer policy, String status) {
        if (policy == null) {
            return;
        }
        statuses.merge(policy, status, (a, b) -> rank(a) >= rank(b) ? a : b);
    }

    private static int rank(String status) {
        return status.equals("FAIL") ? 2 : status.equals("PASS") ? 1 : 0;
    }

    /**
     * First line of the first custom message inside a failing rule, ≤256. Without one, the Guard rule's name and the
     * path that failed — never cfn-guard's own error message, which quotes the value (an environment variable, say).
     */
    static String annotation(JsonNode failingRule) {
        String custom = firstText(failingRule, "custom_message");
        if (custom != null) {
            return Text.shorten(firstLine(custom), 256);
        }
        String path = firstText(failingRule, "path");
        return Text.shorten("Guard rule " + failingRule.path("name").asText() + " failed"
                + (path == null ? "." : " at " + path + "."), 256);
    }

    private static String firstText(JsonNode node, String field) {
        if (node.isObject()) {
            JsonNode v = node.get(field);
            if (v != null && v.isTextual() && !v.textValue().isBlank()) {
                return v.textValue();
            }
            for (JsonNode child : node) {
                String found = firstText(child, field);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                String found = firstText(child, field);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }

    private record ProcessResult(int exitCode, String stdout, String stderr) {
    }

    private ProcessResult run(ObjectNode payload) {
        byte[] input = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "validate", "--payload", "-o", "json", "-z",
                "-S", "none");
        pb.environment().put("NO_COLOR", "1");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        processes.incrementAndGet();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException ignored) {
                // cfn-guard exited early; its stderr says why
            }
        }, IO);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), IO);
        String out = drain(process.getInputStream());
        try {
            if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new ProcessResult(-1, "", "cfn-guard timed out after " + PROCESS_TIMEOUT_SECONDS + " s");
            }
            writer.join();
            return new ProcessResult(process.exitValue(), out, err.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new ProcessResult(-1, "", "interrupted");
        } catch (Exception e) {
            return new ProcessResult(process.exitValue(), out, "");
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
