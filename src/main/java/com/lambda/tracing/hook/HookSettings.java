package com.lambda.tracing.hook;

import com.lambda.tracing.hook.common.Text;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.evaluation.EvaluationSettings;
import com.lambda.tracing.hook.evaluation.NameGlob;
import com.lambda.tracing.hook.evaluation.OnIndeterminate;
import com.lambda.tracing.hook.evaluation.RuleExemption;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates the type configuration and turns it into {@link EvaluationSettings}. Every field is optional; a missing
 * configuration means the defaults. CloudFormation may send scalars as strings, so {@code "20"} is read as 20.
 * Public so that {@code lambda-hook check} reads the exemptions exactly as the hook does, to report what it waived.
 */
public final class HookSettings {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String EVALUATION_TIMEOUT = "EvaluationTimeoutSeconds";
    static final String ON_INDETERMINATE = "OnIndeterminate";
    static final String REQUIRED_RULES = "RequiredRules";
    static final String MAX_REINVOCATIONS = "MaxReinvocations";
    static final String MAX_WAIT = "MaxWaitPerInvocationSeconds";
    static final String CALLBACK_DELAY = "CallbackDelaySeconds";
    static final String EXEMPTIONS = "Exemptions";
    /** The schema's maxItems for Exemptions. */
    static final int MAX_EXEMPTIONS = 100;
    static final int MAX_REASON = 1024;
    static final int MAX_APPROVED_BY = 256;
    static final int MAX_GLOBS = 50;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final String MEMBERS = "Rule, Stacks, LogicalIds, Reason, ApprovedBy, Expires";

    /** A type configuration value the hook cannot use; the message names the field. */
    public static final class InvalidSetting extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidSetting(String message) {
            super(message);
        }
    }

    private HookSettings() {
    }

    public static EvaluationSettings from(TypeConfigurationModel model) throws InvalidSetting {
        if (model == null) {
            return EvaluationSettings.defaults();
        }
        int timeout = integer(EVALUATION_TIMEOUT, model.getEvaluationTimeoutSeconds(),
                EvaluationSettings.DEFAULT_EVALUATION_TIMEOUT_SECONDS, 1, 3600);
        OnIndeterminate onIndeterminate = onIndeterminate(model.getOnIndeterminate());
        List<String> required = ruleNames(model.getRequiredRules());
        int maxReinvocations;
        try {
            maxReinvocations = integer(MAX_REINVOCATIONS, model.getMaxReinvocations(),
                    EvaluationSettings.DEFAULT_MAX_REINVOCATIONS, 0, EvaluationSettings.MAX_REINVOCATIONS);
        } catch (InvalidSetting e) {
            throw new InvalidSetting(e.getMessage() + " (CloudFormation accepts at most "
                    + EvaluationSettings.MAX_REINVOCATIONS + " IN_PROGRESS answers and then fails the hook with its own message)");
        }
        int maxWait = integer(MAX_WAIT, model.getMaxWaitPerInvocationSeconds(),
                EvaluationSettings.DEFAULT_MAX_WAIT_PER_INVOCATION_SECONDS, 1, EvaluationSettings.MAX_WAIT_PER_INVOCATION_SECONDS);
        int callbackDelay = integer(CALLBACK_DELAY, model.getCallbackDelaySeconds(),
                EvaluationSettings.DEFAULT_CALLBACK_DELAY_SECONDS, 1, EvaluationSettings.MAX_CALLBACK_DELAY_SECONDS);
        List<RuleExemption> exemptions = exemptions(model.getExemptions());
        return new EvaluationSettings(timeout, onIndeterminate, required, maxReinvocations,
                Duration.ofSeconds(maxWait), callbackDelay).withExemptions(exemptions);
    }

    private static int integer(String field, Object value, int defaultValue, int min, int max) throws InvalidSetting {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return defaultValue;
        }
        BigDecimal number;
        try {
            if (value instanceof Number n) {
                number = new BigDecimal(n.toString());
            } else if (value instanceof String s) {
                number = new BigDecimal(s.strip());
            } else {
                throw new InvalidSetting(field + " must be an integer from " + min + " to " + max + ", got " + describe(value));
            }
        } catch (NumberFormatException e) {
            throw new InvalidSetting(field + " must be an integer from " + min + " to " + max + ", got " + describe(value));
        }
        if (number.stripTrailingZeros().scale() > 0
                || number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new InvalidSetting(field + " must be an integer from " + min + " to " + max + ", got " + describe(value));
        }
        return number.intValueExact();
    }

    private static OnIndeterminate onIndeterminate(Object value) throws InvalidSetting {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return OnIndeterminate.FAIL;
        }
        if (value instanceof String s) {
            try {
                return OnIndeterminate.valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through to the error below
            }
        }
        throw new InvalidSetting(ON_INDETERMINATE + " must be FAIL or PASS, got " + describe(value));
    }

    /** A JSON list of names; a comma-separated string is accepted too (how some tools flatten lists). */
    private static List<String> ruleNames(Object value) throws InvalidSetting {
        if (value == null) {
            return List.of();
        }
        List<Object> items = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            items.addAll(list);
        } else if (value instanceof String s) {
            if (s.isBlank()) {
                return List.of();
            }
            if (s.strip().startsWith("[")) {
                // A list that was stringified on its way ("[\"a\",\"b\"]").
                try {
                    items.addAll(JSON.readValue(s, JSON.getTypeFactory().constructCollectionType(List.class, Object.class)));
                } catch (java.io.IOException e) {
                    throw new InvalidSetting(REQUIRED_RULES + " must be a list of AWS Config rule names, got " + describe(value));
                }
            } else {
                items.addAll(List.of((Object[]) s.split(",")));
            }
        } else {
            throw new InvalidSetting(REQUIRED_RULES + " must be a list of AWS Config rule names, got " + describe(value));
        }
        List<String> names = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String name) || name.isBlank() || name.strip().length() > 128) {
                throw new InvalidSetting(REQUIRED_RULES + " must hold AWS Config rule names (1 to 128 characters), got "
                        + describe(item));
            }
            if (!names.contains(name.strip())) {
                names.add(name.strip());
            }
        }
        return names;
    }

    /**
     * The Exemptions list: every entry checked whole, so a typo can neither widen an exemption (an unknown member is
     * an error, not ignored) nor leave it silently useless (a glob that cannot match anything is an error too).
     */
    private static List<RuleExemption> exemptions(Object value) throws InvalidSetting {
        List<Object> items = list(EXEMPTIONS, value, "a list of exemptions ({\"Rule\", \"Reason\", \"ApprovedBy\", \"Expires\"})");
        if (items.size() > MAX_EXEMPTIONS) {
            throw new InvalidSetting(EXEMPTIONS + " holds " + items.size() + " entries; at most " + MAX_EXEMPTIONS
                    + " are allowed");
        }
        List<RuleExemption> exemptions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = EXEMPTIONS + "[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?>)) {
                throw new InvalidSetting(at + " must be an object with " + MEMBERS + ", got " + describe(items.get(i)));
            }
            Exemption entry = JSON.convertValue(items.get(i), Exemption.class);
            if (!entry.getUnknownMembers().isEmpty()) {
                throw new InvalidSetting(at + "." + entry.getUnknownMembers().get(0) + " is not a member of an exemption ("
                        + MEMBERS + ")");
            }
            String rule = text(at, "Rule", entry.getRule(), 128, "an AWS Config rule name");
            List<String> stacks = globs(at, "Stacks", entry.getStacks(), NameGlob.STACK_NAME);
            List<String> logicalIds = globs(at, "LogicalIds", entry.getLogicalIds(), NameGlob.LOGICAL_ID);
            String reason = text(at, "Reason", entry.getReason(), MAX_REASON, "why the rule is waived");
            String approvedBy = text(at, "ApprovedBy", entry.getApprovedBy(), MAX_APPROVED_BY, "who approved the exemption");
            LocalDate expires = date(at, entry.getExpires());
            exemptions.add(new RuleExemption(rule, stacks, logicalIds, reason, approvedBy, expires));
        }
        return exemptions;
    }

    /** A JSON list, a list that was stringified on its way, or nothing (an empty list). */
    private static List<Object> list(String field, Object value, String expected) throws InvalidSetting {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return List.of();
        }
        if (value instanceof Collection<?> list) {
            return new ArrayList<>(list);
        }
        if (value instanceof String s && s.strip().startsWith("[")) {
            try {
                return JSON.readValue(s, JSON.getTypeFactory().constructCollectionType(List.class, Object.class));
            } catch (java.io.IOException e) {
                // reported below
            }
        }
        throw new InvalidSetting(field + " must be " + expected + ", got " + describe(value));
    }

    private static String text(String at, String member, Object value, int max, String what) throws InvalidSetting {
        if (value == null) {
            throw new InvalidSetting(at + "." + member + " is required (" + what + ")");
        }
        if (!(value instanceof String s) || s.isBlank() || s.strip().length() > max) {
            throw new InvalidSetting(at + "." + member + " must be " + what + " (1 to " + max + " characters), got "
                    + describe(value));
        }
        return s.strip();
    }

    /** Stacks or LogicalIds: absent means every one; present, each glob must be able to match a real name. */
    private static List<String> globs(String at, String member, Object value, NameGlob kind) throws InvalidSetting {
        if (value == null) {
            return RuleExemption.ALL;
        }
        List<Object> items = list(at + "." + member, value, "a list of " + kind.name().toLowerCase(Locale.ROOT)
                .replace('_', ' ') + " globs (* and ? wildcards)");
        if (items.isEmpty()) {
            throw new InvalidSetting(at + "." + member + " is empty, so the exemption could never apply; leave it out "
                    + "to mean every one, or name at least one glob");
        }
        if (items.size() > MAX_GLOBS) {
            throw new InvalidSetting(at + "." + member + " holds " + items.size() + " globs; at most " + MAX_GLOBS
                    + " are allowed");
        }
        List<String> globs = new ArrayList<>();
        for (int j = 0; j < items.size(); j++) {
            String where = at + "." + member + "[" + j + "]";
            if (!(items.get(j) instanceof String glob)) {
                throw new InvalidSetting(where + " must be a string glob, got " + describe(items.get(j)));
            }
            String problem = kind.problem(glob.strip());
            if (problem != null) {
                throw new InvalidSetting(where + " " + describe(glob) + " " + problem);
            }
            globs.add(glob.strip());
        }
        return globs;
    }

    private static LocalDate date(String at, Object value) throws InvalidSetting {
        if (value == null) {
            throw new InvalidSetting(at + ".Expires is required (the last day the exemption applies, YYYY-MM-DD, UTC)");
        }
        if (value instanceof String s && DATE.matcher(s.strip()).matches()) {
            try {
                return LocalDate.parse(s.strip());
            } catch (DateTimeParseException e) {
                // reported below: the shape is right but the day does not exist (2026-02-30)
            }
        }
        throw new InvalidSetting(at + ".Expires must be a calendar date YYYY-MM-DD (UTC), got " + describe(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return Text.shorten(text, 80);
    }
}
