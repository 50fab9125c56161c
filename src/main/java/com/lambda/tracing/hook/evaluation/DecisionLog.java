package com.lambda.tracing.hook.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.evaluation.Outcome.Decision;
import com.lambda.tracing.hook.evaluation.Outcome.Pending;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON line per hook decision, for CloudWatch Logs Insights and for people on call. Built from values that are
 * masked first: resource properties never appear raw.
 */
public final class DecisionLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionLog() {
    }

    /**
     * @param verdict  COMPLIANT / NON_COMPLIANT / INDETERMINATE / IN_PROGRESS, or the hook's own outcome
     *                 (UNSUPPORTED_TARGET, INVALID_CONFIGURATION, NO_CREDENTIALS, ERROR)
     * @param allowed  whether the deployment may continue (null while IN_PROGRESS)
     */
    public record Entry(
            String stackId,
            String logicalId,
            String invocationPoint,
            String targetType,
            String evaluationId,
            String verdict,
            Boolean allowed,
            String cause,
            String detail,
            List<RuleResult> results,
            int reinvocations,
            long durationMillis,
            Boolean codeShortened,
            Integer configurationChars,
            Map<String, Object> properties,
            List<ExemptionUse> exemptions) {

        public Entry {
            exemptions = exemptions == null ? List.of() : List.copyOf(exemptions);
        }

        /** An entry no exemption took part in. */
        public Entry(String stackId, String logicalId, String invocationPoint, String targetType, String evaluationId,
                     String verdict, Boolean allowed, String cause, String detail, List<RuleResult> results,
                     int reinvocations, long durationMillis, Boolean codeShortened, Integer configurationChars,
                     Map<String, Object> properties) {
            this(stackId, logicalId, invocationPoint, targetType, evaluationId, verdict, allowed, cause, detail, results,
                    reinvocations, durationMillis, codeShortened, configurationChars, properties, List.of());
        }
    }

    public static Entry of(EvaluationTarget target, Outcome outcome, int reinvocations, long durationMillis,
                           Boolean codeShortened, Integer configurationChars) {
        Map<String, Object> masked = Masking.maskProperties(target.properties());
        if (outcome instanceof Decision d) {
            return new Entry(target.stackId(), target.logicalId(), target.invocationPoint(), target.resourceType(),
                    d.evaluationId(), d.verdict().name(), d.allowed(), d.cause() == null ? null : d.cause().name(),
                    d.causeDetail(), d.results(), reinvocations, durationMillis, codeShortened, configurationChars, masked,
                    d.exemptions());
        }
        Pending p = (Pending) outcome;
        return new Entry(target.stackId(), target.logicalId(), target.invocationPoint(), target.resourceType(),
                p.progress().evaluationId(), "IN_PROGRESS", null, null, null, List.of(), p.progress().reinvocations(),
                durationMillis, codeShortened, configurationChars, masked);
    }

    /** The single-line JSON text of an entry. */
    public static String line(Entry entry) {
        return line(entry, null);
    }

    /**
     * The line of an evaluation's entry with its budget: invocations allowed, total wait, and the EvaluationTimeout
     * sent to Config, with the one asked for when the budget clamped it.
     */
    public static String line(Entry entry, EvaluationBudget budget) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", "lambda-tracing-hook.decision");
        out.put("stackId", entry.stackId());
        out.put("logicalId", entry.logicalId());
        out.put("invocationPoint", entry.invocationPoint());
        out.put("targetType", entry.targetType());
        out.put("evaluationId", entry.evaluationId());
        out.put("verdict", entry.verdict());
        out.put("allowed", entry.allowed());
        if (entry.cause() != null) {
            out.put("cause", entry.cause());
        }
        if (entry.detail() != null) {
            out.put("detail", Masking.maskText(entry.detail()));
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleResult r : entry.results()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("rule", r.ruleName());
            rule.put("status", r.status().name());
            rule.put("severity", r.severity() == null ? null : r.severity().name());
            rule.put("message", Masking.maskText(r.statusMessage()));
            rules.add(rule);
        }
        out.put("rules", rules);
        if (!entry.exemptions().isEmpty()) {
            List<Map<String, Object>> exemptions = new ArrayList<>();
            for (ExemptionUse use : entry.exemptions()) {
                RuleExemption e = use.exemption();
                Map<String, Object> exemption = new LinkedHashMap<>();
                exemption.put("rule", use.ruleName());
                exemption.put("expired", use.expired());
                exemption.put("expires", e.expires().toString());
                exemption.put("approvedBy", Masking.maskText(e.approvedBy()));
                exemption.put("reason", Masking.maskText(e.reason()));
                exemptions.add(exemption);
            }
            out.put("exemptions", exemptions);
        }
        out.put("reinvocations", entry.reinvocations());
        if (budget != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("invocations", budget.invocations());
            b.put("totalSeconds", budget.totalSeconds());
            b.put("evaluationTimeoutSeconds", budget.configTimeoutSeconds());
            if (budget.clamped()) {
                b.put("requestedEvaluationTimeoutSeconds", budget.requestedTimeoutSeconds());
                b.put("note", "EvaluationTimeoutSeconds " + budget.requestedTimeoutSeconds() + " is longer than the hook can wait ("
                        + budget.totalSeconds() + " s over " + budget.invocations() + " invocations); AWS Config was asked for "
                        + budget.configTimeoutSeconds() + " s");
            }
            out.put("budget", b);
        }
        out.put("durationMs", entry.durationMillis());
        if (entry.codeShortened() != null) {
            out.put("codeShortened", entry.codeShortened());
        }
        if (entry.configurationChars() != null) {
            out.put("configurationChars", entry.configurationChars());
        }
        if (entry.properties() != null) {
            out.put("properties", entry.properties());
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            // Every value above is a string, number, boolean, list or map; this cannot happen with valid input.
            return "{\"event\":\"lambda-tracing-hook.decision\",\"error\":\"decision could not be written as JSON\"}";
        }
    }
}
