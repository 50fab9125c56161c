package com.lambda.tracing.hook.local;

import com.lambda.tracing.hook.common.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Guard policies with the real cfn-guard binary. Nothing touches the file system: rules and documents go to
 * {@code cfn-guard validate --payload} on stdin, results come back as structured JSON on stdout ({@code -o json -z}).
 * So the plugin wrapper emptying {@code java.io.tmpdir} in the same JVM cannot disturb a run.
 *
 * <p>One call evaluates many documents against many policies in as few processes as possible: policies share a
 * process when their Guard rule names do not collide and their parameters agree (each document then carries one
 * merged {@code CONFIG_RULE_PARAMETERS} map, values as strings like Config). Results are attributed back to each
 * policy by its Guard rule names ({@code RULES_STDIN[k]/default} for clauses outside named rules). The grouping is
 * {@link PolicyGroups}, the process {@link GuardProcess}, the reading of its output {@link GuardOutput}.
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

    private static final int MAX_DOCUMENTS_PER_PROCESS = 400;

    private final Path binary;
    private final GuardProcess guard;

    public GuardRunner(Path binary) {
        this.binary = binary;
        this.guard = new GuardProcess(binary);
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
        return guard.started();
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
        GuardProcess.Result r = guard.run(payload);
        if (r.stdout().strip().startsWith("[") && !r.stderr().contains("Pars")) {
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
        GuardProcess.Result r = guard.run(payload);
        String err = r.stderr().strip();
        if (err.contains("Parsing error") || err.contains("Parser Error") || (r.exitCode() != 0 && r.exitCode() != 19
                && r.exitCode() != 20 && !r.stdout().strip().startsWith("["))) {
            String first = err.isEmpty() ? "cfn-guard exit code " + r.exitCode() : err.lines().findFirst().orElse(err);
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
        for (List<Integer> group : PolicyGroups.of(policies)) {
            for (int from = 0; from < documents.size(); from += MAX_DOCUMENTS_PER_PROCESS) {
                int to = Math.min(documents.size(), from + MAX_DOCUMENTS_PER_PROCESS);
                runGroup(policies, group, documents, from, to, results);
            }
        }
        return results;
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
            for (String n : PolicyGroups.ruleNames(p.text())) {
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
        GuardProcess.Result r = guard.run(payload);
        JsonNode out = null;
        try {
            String stdout = r.stdout().strip();
            if (stdout.startsWith("[")) {
                out = Json.MAPPER.readTree(stdout);
            }
        } catch (IOException e) {
            out = null;
        }
        String failure = out == null ? "cfn-guard failed (exit " + r.exitCode() + "): " + GuardOutput.firstLine(r.stderr()) : null;
        Map<Integer, String> statuses = new HashMap<>();
        for (int d = from; d < to; d++) {
            JsonNode record = out == null ? null : GuardOutput.findRecord(out, d - from + 1);
            // per policy: worst status so far (FAIL > PASS > SKIP) and the first failing annotation
            statuses.clear();
            Map<Integer, String> annotations = new HashMap<>();
            if (record != null) {
                for (JsonNode n : record.path("compliant")) {
                    GuardOutput.mark(statuses, GuardOutput.policyOf(n.asText(), group, byRuleName), "PASS");
                }
                for (JsonNode n : record.path("not_applicable")) {
                    GuardOutput.mark(statuses, GuardOutput.policyOf(n.asText(), group, byRuleName), "SKIP");
                }
                for (JsonNode n : record.path("not_compliant")) {
                    JsonNode rule = n.path("Rule");
                    Integer p = GuardOutput.policyOf(rule.path("name").asText(), group, byRuleName);
                    GuardOutput.mark(statuses, p, "FAIL");
                    if (p != null && !annotations.containsKey(p)) {
                        annotations.put(p, GuardOutput.annotation(rule));
                    }
                }
            }
            for (int idx : group) {
                String name = policies.get(idx).name();
                String status = statuses.get(idx);
                RuleOutcome outcome;
                if (status == null) {
                    String why = failure != null ? failure
                            : "rule " + name + " produced no result (cfn-guard: " + GuardOutput.firstLine(r.stderr()) + ")";
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


}
