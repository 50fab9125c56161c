package com.lambda.tracing.hook.rules;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * One Config custom policy rule of the pack: its header (what the hook tells a developer) and its Guard policy text.
 * {@code name} is the Config rule name.
 */
public record RuleDefinition(
        String name,
        String title,
        Severity severity,
        String rationale,
        String fix,
        String link,
        List<RuleParameter> parameters,
        String policyText) {

    public RuleDefinition {
        parameters = List.copyOf(parameters);
    }

    /** Parameter name → default value, in header order. */
    public Map<String, String> defaultParameters() {
        Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach(p -> values.put(p.name(), p.defaultValue()));
        return values;
    }
}
