package com.lambda.tracing.hook.rules;

/** One input parameter of a rule, with the default the conformance pack and the local endpoint use. */
public record RuleParameter(String name, String defaultValue, String description) {
}
