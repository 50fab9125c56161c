package com.lambda.tracing.hook.evaluation;

import com.lambda.tracing.hook.rules.RuleCatalog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One exemption of the type configuration: the platform team waives {@code rule} for the functions whose stack
 * name and logical id match the globs, for the reason given, until the end of {@code expires} (UTC).
 *
 * @param rule       a rule name as the catalog or {@code RequiredRules} spell it; a conformance-pack copy matches too
 * @param stacks     stack-name globs ({@link NameGlob#STACK_NAME}); {@code ["*"]} when the entry names none
 * @param logicalIds logical-id globs ({@link NameGlob#LOGICAL_ID}); {@code ["*"]} when the entry names none
 * @param expires    the last day (UTC) on which the exemption applies
 */
public record RuleExemption(
        String rule,
        List<String> stacks,
        List<String> logicalIds,
        String reason,
        String approvedBy,
        LocalDate expires) {

    /** Every stack, every logical id. */
    public static final List<String> ALL = List.of("*");
    /** How an exempted rule's annotation begins, so a reader (and {@code check}) can tell it from "not applicable". */
    public static final String ANNOTATION_PREFIX = "Exempted until the end of ";
    /** An exemption ending within this many days is called out as expiring. */
    public static final int EXPIRING_DAYS = 14;

    public RuleExemption {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(approvedBy, "approvedBy");
        Objects.requireNonNull(expires, "expires");
        stacks = stacks == null || stacks.isEmpty() ? ALL : List.copyOf(stacks);
        logicalIds = logicalIds == null || logicalIds.isEmpty() ? ALL : List.copyOf(logicalIds);
    }

    /** Whether this exemption is about the Config rule that reported {@code configRuleName}. */
    public boolean coversRule(String configRuleName) {
        return RuleCatalog.sameRule(rule, configRuleName);
    }

    /** Whether the function {@code logicalId} of the stack {@code stackName} is one of the exempted functions. */
    public boolean coversFunction(String stackName, String logicalId) {
        return stacks.stream().anyMatch(g -> NameGlob.matches(g, stackName))
                && logicalIds.stream().anyMatch(g -> NameGlob.matches(g, logicalId));
    }

    /** Whether this exemption waives {@code configRuleName} for that function, expired or not. */
    public boolean covers(String configRuleName, String stackName, String logicalId) {
        return coversRule(configRuleName) && coversFunction(stackName, logicalId);
    }

    /** The first instant the exemption no longer applies: midnight UTC after its Expires day. */
    public Instant end() {
        return expires.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(end());
    }

    /**
     * Whole days from {@code now}'s UTC day to the Expires day (0: it ends tonight) when that is at most
     * {@link #EXPIRING_DAYS}, so the people relying on it hear in time; null when it lasts longer.
     */
    public Long expiringInDays(Instant now) {
        long days = ChronoUnit.DAYS.between(LocalDate.ofInstant(now, ZoneOffset.UTC), expires);
        return days <= EXPIRING_DAYS ? days : null;
    }

    /** "today", "tomorrow" or "in N days". */
    public static String inDays(long days) {
        return days <= 0 ? "today" : days == 1 ? "tomorrow" : "in " + days + " days";
    }

    /** "until the end of 2026-12-31 (UTC), approved by ...: reason", the words every message uses. */
    public String terms() {
        return expires + " (UTC), approved by " + approvedBy + ": " + reason;
    }

    /** The status message of the waived rule's annotation: the exemption first, then what the rule reported. */
    public String annotation(String reported) {
        String text = ANNOTATION_PREFIX + terms();
        return reported == null || reported.isBlank() ? text : text + (endsWithStop(reason) ? " " : ". ")
                + "Waived result: " + reported;
    }

    private static boolean endsWithStop(String text) {
        return text.endsWith(".") || text.endsWith("!") || text.endsWith("?");
    }
}
