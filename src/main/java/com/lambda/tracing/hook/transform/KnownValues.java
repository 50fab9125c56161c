package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the {@code AWS::LanguageExtensions} transform can know before CloudFormation creates anything: parameter
 * values, Mappings, the Region's pseudo parameters, Conditions, and the intrinsic functions over them. A value that
 * depends on a resource, an import, an SSM parameter or the account is not known: {@link #value} answers null for it.
 */
final class KnownValues {
    /** {@code Ref: AWS::NoValue}: the key or list item disappears. */
    static final JsonNode NO_VALUE = MissingNode.getInstance();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 100;

    /** A template error found while evaluating; the caller adds where it is. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, JsonNode> parameters = new HashMap<>();
    private final Set<String> noEcho = new HashSet<>();
    private final Set<String> withoutValue = new HashSet<>();
    private String missing;
    private final KnownFunctions functions;
    private final String region;
    private ConditionValues conditions;

    KnownValues(ObjectNode template, Map<String, String> parameterValues, String region) {
        this.region = region;
        this.functions = new KnownFunctions(this, template.path("Mappings"));
        JsonNode defs = template.path("Parameters");
        for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode def = e.getValue();
            if ("true".equalsIgnoreCase(def.path("NoEcho").asText())) {
                noEcho.add(e.getKey());
            }
            String type = def.path("Type").asText("String");
            String value = parameterValues.containsKey(e.getKey()) ? parameterValues.get(e.getKey())
                    : def.path("Default").isValueNode() ? def.path("Default").asText() : null;
            if (value == null && !type.startsWith("AWS::SSM::Parameter::Value<")) {
                withoutValue.add(e.getKey());
            }
            if (value == null || type.startsWith("AWS::SSM::Parameter::Value<")) {
                continue; // known only at deploy time
            }
            if (TemplateFunctions.isListType(type)) {
                ArrayNode items = NODES.arrayNode();
                TemplateFunctions.listItems(type, value).forEach(items::add);
                parameters.put(e.getKey(), items);
            } else {
                parameters.put(e.getKey(), NODES.textNode(value));
            }
        }
        conditions(null);
    }

    /** The Conditions section to evaluate {@code Fn::If} and {@code Condition} with (once its loops are expanded). */
    void conditions(JsonNode definitions) {
        JsonNode defined = definitions == null ? NODES.objectNode() : definitions;
        conditions = new ConditionValues(defined::has, name -> {
            JsonNode v = value(defined.get(name), 1);
            return v == null ? null : v.isBoolean() ? (Object) v.asBoolean() : v;
        }, Problem::new);
    }

    /** The last parameter without a value (no Default, none given) an evaluation needed since the last call. */
    String takeMissing() {
        String m = missing;
        missing = null;
        return m;
    }

    boolean isNoEcho(String parameter) {
        return noEcho.contains(parameter);
    }

    boolean isParameter(String name) {
        return parameters.containsKey(name);
    }

    /** The name of the intrinsic function this node is ({@code Ref}, {@code Fn::Sub}, ...), or null. */
    static String function(JsonNode node) {
        if (node instanceof ObjectNode && node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Ref") || key.equals("Condition") || (key.startsWith("Fn::") && !key.startsWith("Fn::ForEach::"))) {
                return key;
            }
        }
        return null;
    }

    /** The value of {@code node} with every function applied, {@link #NO_VALUE}, or null when it is not known. */
    JsonNode value(JsonNode node) {
        return value(node, 0);
    }

    /** The text of a scalar value, null when not known; a list or mapping is a {@link Problem}. */
    String text(JsonNode node, String what) {
        return text(node, what, 0);
    }

    String text(JsonNode node, String what, int depth) {
        JsonNode v = value(node, depth + 1);
        if (v == null) {
            return null;
        }
        if (!v.isValueNode() || v.isNull()) {
            throw new Problem(what + " needs a string, got " + describe(v));
        }
        return v.asText();
    }

    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "nothing";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            List<String> keys = new java.util.ArrayList<>();
            v.fieldNames().forEachRemaining(keys::add);
            return "a mapping " + keys;
        }
        return "'" + v.asText() + "'";
    }

    JsonNode value(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Problem("intrinsic functions nested too deeply");
        }
        if (node == null || node.isValueNode()) {
            return node;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode item : node) {
                JsonNode v = value(item, depth + 1);
                if (v == null) {
                    return null;
                }
                if (v != NO_VALUE) {
                    out.add(v);
                }
            }
            return out;
        }
        String fn = function(node);
        if (fn == null) {
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = value(e.getValue(), depth + 1);
                if (v == null) {
                    return null;
                }
                if (v != NO_VALUE) {
                    out.set(e.getKey(), v);
                }
            }
            return out;
        }
        return functions.apply(fn, node.get(fn), depth);
    }

    /** {@code Fn::Length} of a list: its items count even when they are not known yet (AWS::NoValue ones do not). */
    JsonNode length(JsonNode arg, int depth) {
        return functions.length(arg, depth);
    }

    static String json(JsonNode v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new Problem("Fn::ToJsonString: " + e.getOriginalMessage());
        }
    }

    JsonNode ref(String name) {
        if (name == null) {
            return null;
        }
        switch (name) {
            case "AWS::Region":
                return NODES.textNode(region);
            case "AWS::Partition":
                return NODES.textNode(TemplateFunctions.partition(region));
            case "AWS::URLSuffix":
                return NODES.textNode(TemplateFunctions.urlSuffix(region));
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                if (withoutValue.contains(name)) {
                    missing = name;
                }
                JsonNode p = parameters.get(name);
                return p == null ? null : p.deepCopy(); // a resource, the account, the stack: deploy time
        }
    }

    /** The value of a condition, null when it depends on something not known. */
    Boolean condition(String name) {
        return name == null ? null : conditions.value(name);
    }
}
