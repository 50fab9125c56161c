package com.lambda.tracing.hook.cli;

import java.util.ArrayList;
import java.util.List;

/** What {@code check} found: per template, per function, the hook's verdict. */
final class Report {
    enum Verdict {
        /** The hook let the function through. */
        COMPLIANT,
        /** The hook blocked it: at least one rule failed. */
        NON_COMPLIANT,
        /** The hook blocked it without a failing rule (evaluation failed, timed out, error...). */
        INDETERMINATE,
        /** Not sent to the hook (e.g. AWS::Serverless::Function, or its Condition is false). */
        NOT_EVALUATED;

        boolean blocked() {
            return this == NON_COMPLIANT || this == INDETERMINATE;
        }
    }

    /**
     * One hook annotation (one rule's result).
     *
     * @param exemption set when the hook waived the rule's NON_COMPLIANT result by an exemption of the type
     *                  configuration (the annotation is then SKIPPED)
     */
    record Annotation(String name, String status, String statusMessage, String remediationMessage,
                      String remediationLink, String severity, Exemption exemption) {

        Annotation(String name, String status, String statusMessage, String remediationMessage, String remediationLink,
                   String severity) {
            this(name, status, statusMessage, remediationMessage, remediationLink, severity, null);
        }
    }

    /**
     * The exemption behind an exempted rule; {@code approvedBy} and {@code expires} are null when unknown.
     *
     * @param expiringInDays days left when it ends within two weeks, else null
     */
    record Exemption(String reason, String approvedBy, String expires, Long expiringInDays) {
    }

    /** One function's outcome. */
    record FunctionResult(String logicalId, String type, int line, Verdict verdict, String hookStatus,
                          String errorCode, String message, List<Annotation> annotations, int invocations,
                          long millis) {

        /** This result reported under another resource type (a SAM function under its SAM type). */
        FunctionResult withType(String resourceType) {
            return new FunctionResult(logicalId, resourceType, line, verdict, hookStatus, errorCode, message,
                    annotations, invocations, millis);
        }

        /** Rules the hook waived by an exemption, in annotation order. */
        List<Annotation> exempted() {
            return annotations.stream().filter(a -> a.exemption() != null).toList();
        }

        /** Failing rules, most severe first, as the hook's own message orders them. */
        List<Annotation> failed() {
            return annotations.stream().filter(a -> "FAILED".equals(a.status()))
                    .sorted(java.util.Comparator.comparingInt((Annotation a) -> severityRank(a.severity()))
                            .thenComparing(Annotation::name))
                    .toList();
        }

        private static int severityRank(String severity) {
            int rank = SEVERITY_ORDER.indexOf(severity == null ? "" : severity);
            return rank < 0 ? SEVERITY_ORDER.size() : rank;
        }

        private static final List<String> SEVERITY_ORDER = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL");
    }

    /** One template; {@code error} is set when it could not be read or resolved. */
    record TemplateResult(String path, List<FunctionResult> functions, String error) {
    }

    /** Metadata of a rule of the pack, for SARIF and JUnit. */
    record RuleInfo(String name, String title, String severity, String rationale, String fix, String link) {
    }

    /**
     * How the message of a NOT_EVALUATED function begins when OnIndeterminate=PASS let it through without a verdict
     * (a transform that cannot run offline): every format shows it as a warning.
     */
    static final String WARNING = "Warning: ";

    final List<TemplateResult> templates = new ArrayList<>();
    final List<RuleInfo> rules = new ArrayList<>();
    String endpoint;
    long millis;

    int count(Verdict v) {
        int n = 0;
        for (TemplateResult t : templates) {
            for (FunctionResult f : t.functions()) {
                if (f.verdict() == v) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Exempted rule results over every function. */
    int exemptedRules() {
        return templates.stream().flatMap(t -> t.functions().stream()).mapToInt(f -> f.exempted().size()).sum();
    }

    int functions() {
        return templates.stream().mapToInt(t -> t.functions().size()).sum();
    }

    boolean anyBlocked() {
        return count(Verdict.NON_COMPLIANT) + count(Verdict.INDETERMINATE) > 0;
    }

    boolean anyInputError() {
        return templates.stream().anyMatch(t -> t.error() != null);
    }

    /** The exit code {@code check --help} promises: 2 unreadable input, 1 a function blocked, 0 all compliant. */
    int exitCode() {
        if (anyInputError()) {
            return 2;
        }
        return anyBlocked() ? 1 : 0;
    }
}
