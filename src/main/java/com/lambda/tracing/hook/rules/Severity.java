package com.lambda.tracing.hook.rules;

/** How much a failing rule matters; the names match the hook annotation severity levels. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW;

    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + text + "' (expected LOW, MEDIUM, HIGH or CRITICAL)");
        }
    }
}
