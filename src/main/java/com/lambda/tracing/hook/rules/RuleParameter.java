package com.lambda.tracing.hook.rules;

import java.util.List;

/**
 * One input parameter of a rule, with the default the conformance pack and the local endpoint use.
 * {@code allowedValues} is empty when any string is accepted; otherwise the rule only understands these values
 * (Guard 2 cannot turn a string parameter into a number, so numeric bounds are a fixed set of steps).
 */
public record RuleParameter(String name, String defaultValue, String description, List<String> allowedValues) {

    public RuleParameter {
        allowedValues = List.copyOf(allowedValues);
    }

    public RuleParameter(String name, String defaultValue, String description) {
        this(name, defaultValue, description, List.of());
    }
}
