package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.lambda.tracing.hook.common.JsonTrees;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What SAM resolves itself before CloudFormation sees a template: {@code Ref} to a parameter and {@code ${Param}} in
 * {@code Fn::Sub}, with the user's value, else the parameter's Default, plus {@code AWS::Region} and
 * {@code AWS::Partition}. Every other intrinsic is left for CloudFormation.
 */
final class Intrinsics {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, JsonNode> values;

    private Intrinsics(Map<String, JsonNode> values) {
        this.values = values;
    }

    static Intrinsics of(JsonNode template, TransformOptions options) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        JsonNode parameters = template.path("Parameters");
        parameters.fields().forEachRemaining(e -> {
            if (e.getValue().has("Default")) {
                values.put(e.getKey(), e.getValue().get("Default"));
            }
        });
        options.parameterValues().forEach((k, v) -> values.put(k, TextNode.valueOf(v)));
        values.put("AWS::Region", TextNode.valueOf(options.region()));
        values.put("AWS::Partition", TextNode.valueOf(options.partition()));
        return new Intrinsics(values);
    }

    /** A one-key mapping whose key is {@code Ref}, {@code Condition} or {@code Fn::*}. */
    static boolean isIntrinsic(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
    }

    static boolean isIntrinsic(JsonNode node, String name) {
        return isIntrinsic(node) && node.has(name);
    }

    static boolean isNoValue(JsonNode node) {
        return isIntrinsic(node, "Ref") && "AWS::NoValue".equals(node.get("Ref").asText());
    }

    /** A copy of {@code node} with parameter {@code Ref}s and {@code Fn::Sub} parameter variables resolved. */
    JsonNode resolveParameters(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (isIntrinsic(node, "Ref") && node.get("Ref").isTextual()) {
            JsonNode v = values.get(node.get("Ref").asText());
            return v != null ? v.deepCopy() : node.deepCopy();
        }
        if (isIntrinsic(node, "Fn::Sub")) {
            return sub(node);
        }
        return JsonTrees.mapChildren(node, this::resolveParameters);
    }

    private JsonNode sub(JsonNode node) {
        JsonNode arg = node.get("Fn::Sub");
        if (arg.isTextual()) {
            ObjectNode o = NODES.objectNode();
            o.put("Fn::Sub", substitute(arg.asText(), Map.of()));
            return o;
        }
        if (arg.isArray() && arg.size() == 2 && arg.get(0).isTextual() && arg.get(1).isObject()) {
            Map<String, Boolean> local = new LinkedHashMap<>();
            arg.get(1).fieldNames().forEachRemaining(k -> local.put(k, true));
            ObjectNode o = NODES.objectNode();
            var a = o.putArray("Fn::Sub");
            a.add(substitute(arg.get(0).asText(), local));
            a.add(resolveParameters(arg.get(1)));
            return o;
        }
        return node.deepCopy();
    }

    private String substitute(String text, Map<String, Boolean> local) {
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            JsonNode v = local.containsKey(name) ? null : values.get(name);
            m.appendReplacement(b, Matcher.quoteReplacement(v != null && v.isValueNode() ? v.asText() : m.group()));
        }
        m.appendTail(b);
        return b.toString();
    }
}
