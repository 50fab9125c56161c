package com.lambda.tracing.hook.evaluation;

import com.lambda.tracing.hook.common.Text;
import com.lambda.tracing.hook.evaluation.Outcome.Decision;
import com.lambda.tracing.hook.evaluation.Outcome.Verdict;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;
import com.lambda.tracing.hook.rules.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.EvaluationResult;
import software.amazon.awssdk.services.config.model.EvaluationResultIdentifier;
import software.amazon.awssdk.services.config.model.EvaluationResultQualifier;

/** Turns Config's answer into the hook's decision: verdict, message, and one rule result per rule. */
public final class Verdicts {
    /**
     * The status message of the FAILED annotation that stands for a required rule without a result. It marks an
     * indeterminate outcome, not a rule failure, so readers of the annotations (the CLI's report) can tell the two apart.
     */
    public static final String MISSING_RULE_MESSAGE =
            "Required rule reported no result: deploy it with the PROACTIVE evaluation mode for AWS::Lambda::Function.";

    /** CloudFormation's limit on a hook message. */
    public static final int MAX_MESSAGE_CHARS = 4096;
    /** One rule's line never takes more than this, so one verbose rule cannot crowd out the others. */
    static final int MAX_LINE_CHARS = 1024;

    private final RuleCatalog catalog;

    public Verdicts(RuleCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Decides on a finished (SUCCEEDED) evaluation. Only a definite COMPLIANT or NOT_APPLICABLE answer with results
     * lets the function through; everything else is blocked or indeterminate. An exemption of the type configuration
     * that covers the function waives a NON_COMPLIANT rule result until it expires, and nothing else: it never turns
     * an indeterminate outcome into a pass.
     *
     * @param stackName the stack's name, which exemptions match (null when unknown)
     * @param now       the time exemptions are judged at
     */
    public Decision decide(String stackName, String logicalId, String evaluationId, ComplianceType summary,
                           List<EvaluationResult> evaluationResults, EvaluationSettings settings, Instant now) {
        List<RuleResult> results = new ArrayList<>();
        List<RuleResult> failing = new ArrayList<>();
        List<ExemptionUse> exemptions = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (EvaluationResult result : evaluationResults) {
            RuleResult ruleResult = ruleResult(result);
            ComplianceType type = result.complianceType();
            if (type == ComplianceType.NON_COMPLIANT) {
                ExemptionUse use = ExemptionUse.find(settings.exemptions(), ruleResult.ruleName(), stackName, logicalId, now);
                if (use != null) {
                    exemptions.add(use);
                    ruleResult = use.expired() ? expired(ruleResult, use.exemption()) : waived(ruleResult, use.exemption());
                }
                if (use == null || use.expired()) {
                    failing.add(ruleResult);
                }
            } else if (type != ComplianceType.COMPLIANT && type != ComplianceType.NOT_APPLICABLE) {
                // A rule result is only ever COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE; anything else proves nothing.
                unreadable.add(ruleResult.ruleName() + "=" + result.complianceTypeAsString());
            }
            results.add(ruleResult);
        }
        long waived = exemptions.stream().filter(e -> !e.expired()).count();
        // Config's summary is NON_COMPLIANT when any rule is; with every failing rule waived, that is explained.
        if (!failing.isEmpty() || (summary == ComplianceType.NON_COMPLIANT && waived == 0)) {
            return new Decision(Verdict.NON_COMPLIANT, false,
                    nonCompliantMessage(logicalId, evaluationId, failing, results.size(), (int) waived), results,
                    evaluationId, null, null, exemptions);
        }
        if (!unreadable.isEmpty()) {
            return indeterminate(logicalId, evaluationId, IndeterminateCause.MALFORMED_RESPONSE,
                    "rule results without a usable compliance type: " + String.join(", ", unreadable), results, settings)
                    .withExemptions(exemptions);
        }
        if (summary == ComplianceType.INSUFFICIENT_DATA) {
            return indeterminate(logicalId, evaluationId, IndeterminateCause.INSUFFICIENT_DATA,
                    "deploy the rule pack with the PROACTIVE evaluation mode for AWS::Lambda::Function", results, settings)
                    .withExemptions(exemptions);
        }
        if (results.isEmpty()) {
            return indeterminate(logicalId, evaluationId, IndeterminateCause.NO_RESULTS,
                    "Config answered " + summary + " without any rule result; check that the proactive rules exist in this account and Region",
                    results, settings);
        }
        List<String> missing = missingRequiredRules(results, settings.requiredRules());
        if (!missing.isEmpty()) {
            for (String rule : missing) {
                results.add(missingRuleResult(rule));
            }
            return indeterminate(logicalId, evaluationId, IndeterminateCause.REQUIRED_RULE_MISSING,
                    "no result from " + String.join(", ", missing), results, settings).withExemptions(exemptions);
        }
        boolean explained = summary == ComplianceType.NON_COMPLIANT && waived > 0;
        if (summary != ComplianceType.COMPLIANT && summary != ComplianceType.NOT_APPLICABLE && !explained) {
            return indeterminate(logicalId, evaluationId, IndeterminateCause.MALFORMED_RESPONSE,
                    "unexpected compliance '" + summary + "' in the evaluation summary", results, settings);
        }
        return new Decision(Verdict.COMPLIANT, true, compliantMessage(logicalId, evaluationId, results, exemptions, now),
                results, evaluationId, null, null, exemptions);
    }

    private static RuleResult waived(RuleResult r, RuleExemption e) {
        return new RuleResult(r.ruleName(), RuleResult.Status.SKIPPED, r.severity(), e.annotation(r.statusMessage()),
                r.remediation(), r.link());
    }

    /** The failing result says first that its exemption is over, so nobody hunts for why the waiver stopped working. */
    private static RuleResult expired(RuleResult r, RuleExemption e) {
        String note = "The exemption approved by " + e.approvedBy() + " expired at the end of " + e.expires()
                + " (UTC). ";
        return new RuleResult(r.ruleName(), r.status(), r.severity(), note + r.statusMessage(), r.remediation(), r.link());
    }

    /** An evaluation without a definite answer: OnIndeterminate decides, and the message names the cause. */
    public Decision indeterminate(String logicalId, String evaluationId, IndeterminateCause cause, String detail,
                                  List<RuleResult> results, EvaluationSettings settings) {
        boolean allowed = settings.onIndeterminate() == OnIndeterminate.PASS;
        StringBuilder text = new StringBuilder();
        text.append("Lambda function '").append(name(logicalId)).append("' ")
                .append(allowed ? "is allowed without a compliance verdict: " : "is blocked because its compliance could not be established: ")
                .append(cause.description());
        if (detail != null && !detail.isBlank()) {
            text.append(" (").append(Masking.maskText(detail.strip())).append(')');
        }
        text.append(allowed
                ? ". The type configuration sets OnIndeterminate=PASS."
                : ". The hook fails closed (OnIndeterminate=FAIL).");
        return new Decision(Verdict.INDETERMINATE, allowed, withEvaluationId(text.toString(), evaluationId), results,
                evaluationId, cause, detail);
    }

    RuleResult ruleResult(EvaluationResult result) {
        String ruleName = ruleName(result);
        Optional<RuleDefinition> rule = catalog.find(ruleName);
        RuleResult.Status status = switch (result.complianceType() == null ? ComplianceType.UNKNOWN_TO_SDK_VERSION : result.complianceType()) {
            case COMPLIANT -> RuleResult.Status.PASSED;
            case NOT_APPLICABLE -> RuleResult.Status.SKIPPED;
            // NON_COMPLIANT, and anything a rule result should never carry, fails closed.
            default -> RuleResult.Status.FAILED;
        };
        String annotation = Masking.maskText(result.annotation());
        String statusMessage;
        if (annotation != null && !annotation.isBlank()) {
            statusMessage = annotation.strip();
        } else {
            String subject = rule.map(RuleDefinition::title).orElse(ruleName);
            statusMessage = switch (status) {
                case PASSED -> "Compliant: " + subject;
                case SKIPPED -> "Not applicable: " + subject;
                case FAILED -> result.complianceType() == ComplianceType.NON_COMPLIANT
                        ? "Non-compliant: " + subject
                        : "No usable result (" + result.complianceTypeAsString() + "): " + subject;
            };
        }
        return new RuleResult(ruleName, status, rule.map(RuleDefinition::severity).orElse(null), statusMessage,
                rule.map(RuleDefinition::fix).orElse(null), rule.map(RuleDefinition::link).orElse(null));
    }

    private RuleResult missingRuleResult(String ruleName) {
        Optional<RuleDefinition> rule = catalog.find(ruleName);
        return new RuleResult(ruleName, RuleResult.Status.FAILED, rule.map(RuleDefinition::severity).orElse(null),
                MISSING_RULE_MESSAGE,
                rule.map(RuleDefinition::fix).orElse(null), rule.map(RuleDefinition::link).orElse(null));
    }

    static String ruleName(EvaluationResult result) {
        EvaluationResultIdentifier id = result.evaluationResultIdentifier();
        EvaluationResultQualifier qualifier = id == null ? null : id.evaluationResultQualifier();
        String name = qualifier == null ? null : qualifier.configRuleName();
        return name == null || name.isBlank() ? "(unnamed rule)" : name;
    }

    /** Required rules match exactly, or as the name a conformance pack gives them. */
    static List<String> missingRequiredRules(List<RuleResult> results, List<String> required) {
        List<String> missing = new ArrayList<>();
        for (String rule : required) {
            boolean present = results.stream().anyMatch(r -> RuleCatalog.sameRule(rule, r.ruleName()));
            if (!present) {
                missing.add(rule);
            }
        }
        return missing;
    }

    private String compliantMessage(String logicalId, String evaluationId, List<RuleResult> results,
                                    List<ExemptionUse> exemptions, Instant now) {
        List<ExemptionUse> applied = exemptions.stream().filter(e -> !e.expired()).toList();
        long skipped = results.stream().filter(r -> r.status() == RuleResult.Status.SKIPPED).count() - applied.size();
        long passed = results.size() - skipped - applied.size();
        StringBuilder text = new StringBuilder("Lambda function '").append(name(logicalId));
        if (applied.isEmpty()) {
            text.append("' complies with the AWS Config rules: ").append(passed).append(" passed, ").append(skipped)
                    .append(" not applicable.");
            return withEvaluationId(text.toString(), evaluationId);
        }
        text.append("' is allowed by ").append(applied.size()).append(applied.size() == 1 ? " exemption" : " exemptions")
                .append(" of the type configuration: ").append(passed).append(" passed, ").append(skipped)
                .append(" not applicable, ").append(applied.size()).append(" exempted.");
        for (ExemptionUse use : applied) {
            RuleExemption e = use.exemption();
            StringBuilder line = new StringBuilder("\n- ").append(use.ruleName()).append(": exempted until the end of ")
                    .append(e.terms());
            Long days = e.expiringInDays(now);
            if (days != null) {
                line.append(endsWithStop(e.reason()) ? " " : ". ").append("EXPIRING ").append(RuleExemption.inDays(days))
                        .append(": renew the exemption or fix the function.");
            }
            text.append(Text.shorten(line.toString(), MAX_LINE_CHARS));
        }
        return withEvaluationId(text.toString(), evaluationId);
    }

    /**
     * Names every failing rule with its annotation and fix, most severe first (then shortest first, so as many
     * rules as possible fit), within CloudFormation's 4,096 characters, ending with the evaluation id.
     */
    String nonCompliantMessage(String logicalId, String evaluationId, List<RuleResult> failing, int total, int waived) {
        String suffix = evaluationId == null ? "" : "\nAWS Config evaluation: " + evaluationId;
        int budget = MAX_MESSAGE_CHARS - suffix.length();
        StringBuilder text = new StringBuilder();
        if (failing.isEmpty()) {
            text.append("Lambda function '").append(name(logicalId))
                    .append("' is NON_COMPLIANT according to AWS Config, which named no failing rule.");
            return Text.shorten(text.toString(), budget) + suffix;
        }
        text.append("Lambda function '").append(name(logicalId)).append("' breaks ").append(failing.size())
                .append(" of ").append(total).append(" AWS Config rule").append(total == 1 ? "" : "s");
        if (waived > 0) {
            text.append(" (").append(waived).append(" more ").append(waived == 1 ? "is" : "are")
                    .append(" exempted by the type configuration)");
        }
        text.append(':');
        List<RuleResult> ordered = failing.stream()
                .sorted(Comparator.comparingInt((RuleResult r) -> severityRank(r.severity()))
                        .thenComparingInt(r -> line(r).length())
                        .thenComparing(RuleResult::ruleName))
                .toList();
        for (int i = 0; i < ordered.size(); i++) {
            String line = "\n" + line(ordered.get(i));
            List<RuleResult> rest = ordered.subList(i + 1, ordered.size());
            // Keep room to at least name the rules that come after this one.
            String restNames = rest.isEmpty() ? "" : moreRules(rest);
            if (text.length() + line.length() + restNames.length() <= budget) {
                text.append(line);
                continue;
            }
            text.append(moreRules(ordered.subList(i, ordered.size())));
            break;
        }
        return Text.shorten(text.toString(), budget) + suffix;
    }

    private static String moreRules(List<RuleResult> rest) {
        StringBuilder names = new StringBuilder("\n- ").append(rest.size()).append(" more failing rule")
                .append(rest.size() == 1 ? "" : "s").append(" (details in the hook annotations): ");
        for (int i = 0; i < rest.size(); i++) {
            names.append(i == 0 ? "" : ", ").append(rest.get(i).ruleName());
        }
        return names.toString();
    }

    private static String line(RuleResult r) {
        StringBuilder line = new StringBuilder("- [").append(r.severity() == null ? "UNRATED" : r.severity().name())
                .append("] ").append(r.ruleName()).append(": ").append(r.statusMessage());
        if (r.remediation() != null && !r.remediation().isBlank()) {
            line.append(endsWithStop(r.statusMessage()) ? " " : ". ").append("Fix: ").append(r.remediation().strip());
        }
        return Text.shorten(line.toString(), MAX_LINE_CHARS);
    }

    private static boolean endsWithStop(String text) {
        return text != null && (text.endsWith(".") || text.endsWith("!") || text.endsWith("?"));
    }

    static int severityRank(Severity severity) {
        return severity == null ? Severity.values().length : severity.ordinal();
    }

    private static String withEvaluationId(String text, String evaluationId) {
        String suffix = evaluationId == null ? "" : "\nAWS Config evaluation: " + evaluationId;
        return Text.shorten(text, MAX_MESSAGE_CHARS - suffix.length()) + suffix;
    }

    private static String name(String logicalId) {
        return logicalId == null ? "(unknown)" : logicalId;
    }
}
