package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
    private final JsonNode mappings;
    private final String region;
    private JsonNode conditionDefinitions = NODES.objectNode();
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    KnownValues(ObjectNode template, Map<String, String> parameterValues, String region) {
        this.region = region;
        this.mappings = template.path("Mappings");
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
            if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
                ArrayNode items = NODES.arrayNode();
                for (String part : value.split(",", -1)) {
                    items.add(type.equals("CommaDelimitedList") ? part : part.trim());
                }
                parameters.put(e.getKey(), items);
            } else {
                parameters.put(e.getKey(), NODES.textNode(value));
            }
        }
    }

    /** The Conditions section to evaluate {@code Fn::If} and {@code Condition} with (once its loops are expanded). */
    void conditions(JsonNode definitions) {
        conditionDefinitions = definitions == null ? NODES.objectNode() : definitions;
        conditions.clear();
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

    private String text(JsonNode node, String what, int depth) {
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

    private List<JsonNode> args(String fn, JsonNode arg, int min, int max) {
        if (arg == null || !arg.isArray() || arg.size() < min || arg.size() > max) {
            throw new Problem(fn + " needs a list of " + (min == max ? String.valueOf(min) : min + " to " + max) + " arguments");
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        arg.forEach(out::add);
        return out;
    }

    private JsonNode value(JsonNode node, int depth) {
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
        return function(fn, node.get(fn), depth);
    }

    private JsonNode function(String fn, JsonNode arg, int depth) {
        switch (fn) {
            case "Ref":
                return ref(text(arg, "Ref", depth));
            case "Condition": {
                Boolean b = condition(text(arg, "Condition", depth));
                return b == null ? null : NODES.booleanNode(b);
            }
            case "Fn::Sub":
                return sub(arg, depth);
            case "Fn::Join": {
                List<JsonNode> a = args(fn, arg, 2, 2);
                String delimiter = text(a.get(0), fn, depth);
                JsonNode items = value(a.get(1), depth + 1);
                if (delimiter == null || items == null) {
                    return null;
                }
                List<String> parts = new java.util.ArrayList<>();
                for (JsonNode item : list(fn, items)) {
                    parts.add(text(item, fn, depth));
                }
                return NODES.textNode(String.join(delimiter, parts));
            }
            case "Fn::Select": {
                List<JsonNode> a = args(fn, arg, 2, 2);
                String index = text(a.get(0), fn, depth);
                JsonNode items = value(a.get(1), depth + 1);
                if (index == null || items == null) {
                    return null;
                }
                int i;
                try {
                    i = Integer.parseInt(index.trim());
                } catch (NumberFormatException e) {
                    throw new Problem("Fn::Select index '" + index + "' is not a number");
                }
                if (i < 0 || i >= list(fn, items).size()) {
                    throw new Problem("Fn::Select index " + i + " is outside the list of " + items.size());
                }
                return items.get(i);
            }
            case "Fn::Split": {
                List<JsonNode> a = args(fn, arg, 2, 2);
                String delimiter = text(a.get(0), fn, depth);
                String source = text(a.get(1), fn, depth);
                if (delimiter == null || source == null) {
                    return null;
                }
                if (delimiter.isEmpty()) {
                    throw new Problem("Fn::Split needs a delimiter");
                }
                ArrayNode out = NODES.arrayNode();
                for (String part : source.split(java.util.regex.Pattern.quote(delimiter), -1)) {
                    out.add(part);
                }
                return out;
            }
            case "Fn::FindInMap":
                return findInMap(arg, depth);
            case "Fn::If": {
                List<JsonNode> a = args(fn, arg, 3, 3);
                Boolean c = condition(text(a.get(0), fn, depth));
                return c == null ? null : value(c ? a.get(1) : a.get(2), depth + 1);
            }
            case "Fn::Equals": {
                List<JsonNode> a = args(fn, arg, 2, 2);
                JsonNode x = value(a.get(0), depth + 1);
                JsonNode y = value(a.get(1), depth + 1);
                if (x == null || y == null) {
                    return null;
                }
                boolean same = x.isValueNode() && y.isValueNode() ? x.asText().equals(y.asText()) : x.equals(y);
                return NODES.booleanNode(same);
            }
            case "Fn::And":
            case "Fn::Or": {
                boolean and = fn.equals("Fn::And");
                boolean unknown = false;
                for (JsonNode o : args(fn, arg, 2, 10)) {
                    Boolean b = bool(fn, value(o, depth + 1));
                    if (b == null) {
                        unknown = true;
                    } else if (b != and) {
                        return NODES.booleanNode(!and);
                    }
                }
                return unknown ? null : NODES.booleanNode(and);
            }
            case "Fn::Not": {
                Boolean b = bool(fn, value(args(fn, arg, 1, 1).get(0), depth + 1));
                return b == null ? null : NODES.booleanNode(!b);
            }
            case "Fn::Length":
                return length(arg, depth);
            case "Fn::ToJsonString": {
                JsonNode v = value(arg, depth + 1);
                return v == null ? null : NODES.textNode(json(v));
            }
            case "Fn::Base64": {
                String s = text(arg, fn, depth);
                return s == null ? null : NODES.textNode(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
            }
            default:
                // Fn::GetAtt, Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform, ...: only known at deploy time
                return null;
        }
    }

    /** {@code Fn::Length} of a list: its items count even when they are not known yet (AWS::NoValue ones do not). */
    JsonNode length(JsonNode arg, int depth) {
        if (arg != null && arg.isArray()) {
            int n = 0;
            for (JsonNode item : arg) {
                if (function(item) == null || value(item, depth + 1) != NO_VALUE) {
                    n++;
                }
            }
            return NODES.numberNode(n);
        }
        JsonNode v = value(arg, depth + 1);
        if (v == null) {
            return null;
        }
        return NODES.numberNode(list("Fn::Length", v).size());
    }

    private static JsonNode list(String fn, JsonNode v) {
        if (!v.isArray()) {
            throw new Problem(fn + " needs a list, got " + describe(v));
        }
        return v;
    }

    private static Boolean bool(String fn, JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isBoolean() || (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false")))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw new Problem(fn + " needs conditions, got " + describe(v));
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
                return NODES.textNode(region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws");
            case "AWS::URLSuffix":
                return NODES.textNode(region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com");
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
        if (name == null) {
            return null;
        }
        if (conditions.containsKey(name)) {
            return conditions.get(name);
        }
        if (!conditionDefinitions.has(name)) {
            throw new Problem("condition " + name + " is not defined in Conditions");
        }
        if (!evaluating.add(name)) {
            throw new Problem("condition " + name + " refers to itself");
        }
        try {
            JsonNode v = value(conditionDefinitions.get(name), 1);
            if (v == null) {
                return null;
            }
            if (!v.isBoolean()) {
                throw new Problem("condition " + name + " does not evaluate to true or false");
            }
            conditions.put(name, v.asBoolean());
            return v.asBoolean();
        } finally {
            evaluating.remove(name);
        }
    }

    private JsonNode sub(JsonNode arg, int depth) {
        String text;
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        if (arg != null && arg.isTextual()) {
            text = arg.asText();
        } else {
            List<JsonNode> a = args("Fn::Sub", arg, 1, 2);
            if (!a.get(0).isTextual()) {
                throw new Problem("Fn::Sub needs a string first, got " + describe(a.get(0)));
            }
            text = a.get(0).asText();
            if (a.size() == 2) {
                if (!a.get(1).isObject()) {
                    throw new Problem("Fn::Sub variables must be a mapping");
                }
                a.get(1).fields().forEachRemaining(e -> variables.put(e.getKey(), value(e.getValue(), depth + 1)));
            }
        }
        try {
            String out = SubTemplate.render(text, name -> {
                JsonNode v = variables.containsKey(name) ? variables.get(name)
                        : name.contains(".") && !name.startsWith("AWS::") ? null : ref(name);
                if (v == null) {
                    return null;
                }
                if (!v.isValueNode() || v == NO_VALUE) {
                    throw new Problem("Fn::Sub: ${" + name + "} is " + describe(v) + ", not a string");
                }
                return v.asText();
            });
            return out == null ? null : NODES.textNode(out);
        } catch (SubTemplate.UnclosedException e) {
            throw new Problem(e.getMessage());
        }
    }

    private JsonNode findInMap(JsonNode arg, int depth) {
        List<JsonNode> a = args("Fn::FindInMap", arg, 3, 4);
        JsonNode defaultValue = null;
        if (a.size() == 4) {
            JsonNode d = a.get(3);
            if (!d.isObject() || d.size() != 1 || !d.has("DefaultValue")) {
                throw new Problem("Fn::FindInMap takes a mapping {DefaultValue: ...} as its fourth argument, got " + describe(d));
            }
            defaultValue = d.get("DefaultValue");
        }
        String map = text(a.get(0), "Fn::FindInMap", depth);
        String top = text(a.get(1), "Fn::FindInMap", depth);
        String second = text(a.get(2), "Fn::FindInMap", depth);
        if (map == null || top == null || second == null) {
            return null;
        }
        JsonNode found = mappings.path(map).path(top).path(second);
        if (found.isMissingNode()) {
            if (defaultValue == null) {
                throw new Problem("Fn::FindInMap: Mappings has no " + map + "/" + top + "/" + second + " and there is no DefaultValue");
            }
            return value(defaultValue, depth + 1);
        }
        return value(found, depth + 1);
    }
}
