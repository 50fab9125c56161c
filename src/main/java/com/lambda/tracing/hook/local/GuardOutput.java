package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.lambda.tracing.hook.common.Text;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading what {@code cfn-guard validate -o json} wrote: the record of each document, the policy each Guard rule
 * name belongs to ({@code RULES_STDIN[k]/default} for clauses outside named rules), each policy's worst status, and
 * the annotation of a failing rule.
 */
final class GuardOutput {
    private static final Pattern DEFAULT_RULE = Pattern.compile("RULES_STDIN\\[(\\d+)]/default");

    private GuardOutput() {
    }

    /** The record cfn-guard wrote for the {@code oneBased}-th document of its payload, or null. */
    static JsonNode findRecord(JsonNode out, int oneBased) {
        String name = "DATA_STDIN[" + oneBased + "]";
        JsonNode byPosition = out.get(oneBased - 1);
        if (byPosition != null && name.equals(byPosition.path("name").asText())) {
            return byPosition;
        }
        for (JsonNode n : out) {
            if (name.equals(n.path("name").asText())) {
                return n;
            }
        }
        return null;
    }

    /** The policy (its index) a Guard rule name in the output belongs to, or null. */
    static Integer policyOf(String guardRuleName, List<Integer> group, Map<String, Integer> byRuleName) {
        Matcher m = DEFAULT_RULE.matcher(guardRuleName);
        if (m.matches()) {
            int k = Integer.parseInt(m.group(1)) - 1;
            return k >= 0 && k < group.size() ? group.get(k) : null;
        }
        return byRuleName.get(guardRuleName);
    }

    /** Records {@code status} for a policy, keeping the worst so far (FAIL over PASS over SKIP). */
    static void mark(Map<Integer, String> statuses, Integer policy, String status) {
        if (policy == null) {
            return;
        }
        statuses.merge(policy, status, (a, b) -> rank(a) >= rank(b) ? a : b);
    }

    private static int rank(String status) {
        return status.equals("FAIL") ? 2 : status.equals("PASS") ? 1 : 0;
    }

    /**
     * First line of the first custom message inside a failing rule, ≤256. Without one, the Guard rule's name and the
     * path that failed — never cfn-guard's own error message, which quotes the value (an environment variable, say).
     */
    static String annotation(JsonNode failingRule) {
        String custom = firstText(failingRule, "custom_message");
        if (custom != null) {
            return Text.shorten(firstLine(custom), 256);
        }
        String path = firstText(failingRule, "path");
        return Text.shorten("Guard rule " + failingRule.path("name").asText() + " failed"
                + (path == null ? "." : " at " + path + "."), 256);
    }

    private static String firstText(JsonNode node, String field) {
        if (node.isObject()) {
            JsonNode v = node.get(field);
            if (v != null && v.isTextual() && !v.textValue().isBlank()) {
                return v.textValue();
            }
            for (JsonNode child : node) {
                String found = firstText(child, field);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                String found = firstText(child, field);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static String firstLine(String text) {
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }
}
