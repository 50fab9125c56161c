package com.lambda.tracing.hook.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the header block every rule file opens with:
 * <pre>
 * # rule: lambda-tracing-active
 * # title: X-Ray tracing is active
 * # severity: MEDIUM
 * # rationale: ...
 * # fix: ...
 * # link: https://...
 * # parameter: maxTimeout = 900 | Largest allowed Timeout, in seconds | 3,10,30,60,300,900
 * </pre>
 * A parameter line reads {@code name = default | description}, optionally followed by {@code | v1,v2,...}: the only
 * values the rule understands (the default must be one of them).
 * A value may continue on following comment lines that start with more than one space after '#'.
 * The header ends at the first line that is not a comment.
 */
final class RuleHeader {
    private static final List<String> REQUIRED = List.of("rule", "title", "severity", "rationale", "fix", "link");

    private RuleHeader() {
    }

    static RuleDefinition parse(String source, String policyText) {
        Map<String, StringBuilder> fields = new LinkedHashMap<>();
        List<String> parameterLines = new ArrayList<>();
        StringBuilder current = null;
        for (String raw : policyText.split("\\R", -1)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                current = null;
                continue;
            }
            if (!line.startsWith("#")) {
                break;
            }
            String body = raw.substring(raw.indexOf('#') + 1);
            if (current != null && body.startsWith("  ") && !body.isBlank()) {
                current.append(' ').append(body.strip());
                continue;
            }
            String text = body.strip();
            int colon = text.indexOf(':');
            if (colon <= 0) {
                current = null;
                continue;
            }
            String key = text.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
            String value = text.substring(colon + 1).strip();
            if (key.equals("parameter")) {
                parameterLines.add(value);
                current = null;
            } else if (key.matches("[a-z]+")) {
                current = new StringBuilder(value);
                fields.put(key, current);
            } else {
                current = null;
            }
        }
        for (String key : REQUIRED) {
            if (!fields.containsKey(key) || fields.get(key).isEmpty()) {
                throw new IllegalArgumentException(source + ": header field '" + key + "' is missing");
            }
        }
        List<RuleParameter> parameters = new ArrayList<>();
        for (String p : parameterLines) {
            parameters.add(parameter(source, p));
        }
        return new RuleDefinition(
                fields.get("rule").toString(),
                fields.get("title").toString(),
                Severity.parse(fields.get("severity").toString()),
                fields.get("rationale").toString(),
                fields.get("fix").toString(),
                fields.get("link").toString(),
                parameters,
                policyText);
    }

    private static RuleParameter parameter(String source, String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(source + ": parameter line '" + text + "' must read 'name = default | description'");
        }
        String name = text.substring(0, eq).strip();
        if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException(source + ": parameter name '" + name + "' must be alphanumeric");
        }
        String[] parts = text.substring(eq + 1).split("\\|", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException(source + ": parameter line '" + text + "' has more than three '|' parts");
        }
        String value = parts[0].strip();
        String description = parts.length > 1 ? parts[1].strip() : "";
        List<String> allowed = new ArrayList<>();
        if (parts.length > 2) {
            for (String v : parts[2].split(",")) {
                if (!v.isBlank()) {
                    allowed.add(v.strip());
                }
            }
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException(source + ": parameter " + name + " lists no allowed values");
            }
            if (!allowed.contains(value)) {
                throw new IllegalArgumentException(source + ": default '" + value + "' of parameter " + name
                        + " is not one of its allowed values " + allowed);
            }
        }
        return new RuleParameter(name, value, description, allowed);
    }
}
