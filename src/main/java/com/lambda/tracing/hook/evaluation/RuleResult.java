package com.lambda.tracing.hook.evaluation;

import com.lambda.tracing.hook.rules.Severity;

/**
 * One Config rule's result for the function, with what the rule catalog knows about the rule. It becomes one hook
 * annotation.
 *
 * @param severity    null when the rule is not in the catalog
 * @param remediation the catalog's fix text, null when unknown
 * @param link        the catalog's link, null when unknown
 */
public record RuleResult(
        String ruleName,
        Status status,
        Severity severity,
        String statusMessage,
        String remediation,
        String link) {

    /** The annotation status a rule result maps to. */
    public enum Status { PASSED, FAILED, SKIPPED }
}
