package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The intrinsic functions {@link KnownValues} evaluates before deployment ({@code Fn::Sub}, {@code Fn::Join},
 * {@code Fn::Select}, {@code Fn::Split}, {@code Fn::FindInMap}, the condition functions, {@code Fn::Length},
 * {@code Fn::ToJsonString}, {@code Fn::Base64}); each answers null when an argument is not known yet.
 */
final class KnownFunctions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final KnownValues values;
    private final JsonNode mappings;

    KnownFunctions(KnownValues values, JsonNode mappings) {
        this.values = values;
        this.mappings = mappings;
    }

    private List<JsonNode> args(String fn, JsonNode arg, int min, int max) {
        if (arg == null || !arg.isArray() || arg.size() < min || arg.size() > max) {
            throw new KnownValues.Problem(TemplateFunctions.argumentCount(fn, min, max));
        }
        List<JsonNode> out = new ArrayList<>();
        arg.forEach(out::add);
        return out;
    }

    /** The arguments of {@code Fn::Join} and {@code Fn::Select}: a text, then a list. */
    private record TextAndList(String text, JsonNode list) {
    }

    /** Both arguments, or null when either is not known yet. */
    private TextAndList textAndList(String fn, JsonNode arg, int depth) {
        List<JsonNode> a = args(fn, arg, 2, 2);
        String text = values.text(a.get(0), fn, depth);
        JsonNode items = values.value(a.get(1), depth + 1);
        return text == null || items == null ? null : new TextAndList(text, list(fn, items));
    }

    JsonNode apply(String fn, JsonNode arg, int depth) {
        switch (fn) {
            case "Ref":
                return values.ref(values.text(arg, "Ref", depth));
            case "Condition": {
                Boolean b = values.condition(values.text(arg, "Condition", depth));
                return b == null ? null : NODES.booleanNode(b);
            }
            case "Fn::Sub":
                return sub(arg, depth);
            case "Fn::Join": {
                TextAndList a = textAndList(fn, arg, depth);
                if (a == null) {
                    return null;
                }
                List<String> parts = new ArrayList<>();
                for (JsonNode item : a.list()) {
                    parts.add(values.text(item, fn, depth));
                }
                return NODES.textNode(String.join(a.text(), parts));
            }
            case "Fn::Select": {
                TextAndList a = textAndList(fn, arg, depth);
                if (a == null) {
                    return null;
                }
                return a.list().get(TemplateFunctions.selectIndex(a.text(), a.list().size(), KnownValues.Problem::new));
            }
            case "Fn::Split": {
                List<JsonNode> a = args(fn, arg, 2, 2);
                String delimiter = values.text(a.get(0), fn, depth);
                String source = values.text(a.get(1), fn, depth);
                if (delimiter == null || source == null) {
                    return null;
                }
                ArrayNode out = NODES.arrayNode();
                TemplateFunctions.split(delimiter, source, KnownValues.Problem::new).forEach(out::add);
                return out;
            }
            case "Fn::FindInMap":
                return findInMap(arg, depth);
            case "Fn::If": {
                List<JsonNode> a = args(fn, arg, 3, 3);
                Boolean c = values.condition(values.text(a.get(0), fn, depth));
                return c == null ? null : values.value(c ? a.get(1) : a.get(2), depth + 1);
            }
            case "Fn::Equals": {
                List<JsonNode> a = args(fn, arg, 2, 2);
                JsonNode x = values.value(a.get(0), depth + 1);
                JsonNode y = values.value(a.get(1), depth + 1);
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
                    Boolean b = bool(fn, values.value(o, depth + 1));
                    if (b == null) {
                        unknown = true;
                    } else if (b != and) {
                        return NODES.booleanNode(!and);
                    }
                }
                return unknown ? null : NODES.booleanNode(and);
            }
            case "Fn::Not": {
                Boolean b = bool(fn, values.value(args(fn, arg, 1, 1).get(0), depth + 1));
                return b == null ? null : NODES.booleanNode(!b);
            }
            case "Fn::Length":
                return length(arg, depth);
            case "Fn::ToJsonString": {
                JsonNode v = values.value(arg, depth + 1);
                return v == null ? null : NODES.textNode(KnownValues.json(v));
            }
            case "Fn::Base64": {
                String s = values.text(arg, fn, depth);
                return s == null ? null : NODES.textNode(TemplateFunctions.base64(s));
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
                if (KnownValues.function(item) == null || values.value(item, depth + 1) != KnownValues.NO_VALUE) {
                    n++;
                }
            }
            return NODES.numberNode(n);
        }
        JsonNode v = values.value(arg, depth + 1);
        if (v == null) {
            return null;
        }
        return NODES.numberNode(list("Fn::Length", v).size());
    }

    private static JsonNode list(String fn, JsonNode v) {
        if (!v.isArray()) {
            throw new KnownValues.Problem(fn + " needs a list, got " + KnownValues.describe(v));
        }
        return v;
    }

    private static Boolean bool(String fn, JsonNode v) {
        if (v == null) {
            return null;
        }
        Boolean b = TemplateFunctions.truth(v.isBoolean() || v.isTextual() ? v.asText() : null);
        if (b != null) {
            return b;
        }
        throw new KnownValues.Problem(fn + " needs conditions, got " + KnownValues.describe(v));
    }

    private JsonNode sub(JsonNode arg, int depth) {
        String text;
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        if (arg != null && arg.isTextual()) {
            text = arg.asText();
        } else {
            List<JsonNode> a = args("Fn::Sub", arg, 1, 2);
            if (!a.get(0).isTextual()) {
                throw new KnownValues.Problem("Fn::Sub needs a string first, got " + KnownValues.describe(a.get(0)));
            }
            text = a.get(0).asText();
            if (a.size() == 2) {
                if (!a.get(1).isObject()) {
                    throw new KnownValues.Problem("Fn::Sub variables must be a mapping");
                }
                a.get(1).fields().forEachRemaining(e -> variables.put(e.getKey(), values.value(e.getValue(), depth + 1)));
            }
        }
        try {
            String out = SubTemplate.render(text, name -> {
                JsonNode v = variables.containsKey(name) ? variables.get(name)
                        : name.contains(".") && !name.startsWith("AWS::") ? null : values.ref(name);
                if (v == null) {
                    return null;
                }
                if (!v.isValueNode() || v == KnownValues.NO_VALUE) {
                    throw new KnownValues.Problem("Fn::Sub: ${" + name + "} is " + KnownValues.describe(v) + ", not a string");
                }
                return v.asText();
            });
            return out == null ? null : NODES.textNode(out);
        } catch (SubTemplate.UnclosedException e) {
            throw new KnownValues.Problem(e.getMessage());
        }
    }

    private JsonNode findInMap(JsonNode arg, int depth) {
        List<JsonNode> a = args("Fn::FindInMap", arg, 3, 4);
        JsonNode defaultValue = null;
        if (a.size() == 4) {
            JsonNode d = a.get(3);
            if (!d.isObject() || d.size() != 1 || !d.has("DefaultValue")) {
                throw new KnownValues.Problem("Fn::FindInMap takes a mapping {DefaultValue: ...} as its fourth argument, got " + KnownValues.describe(d));
            }
            defaultValue = d.get("DefaultValue");
        }
        String map = values.text(a.get(0), "Fn::FindInMap", depth);
        String top = values.text(a.get(1), "Fn::FindInMap", depth);
        String second = values.text(a.get(2), "Fn::FindInMap", depth);
        if (map == null || top == null || second == null) {
            return null;
        }
        JsonNode found = mappings.path(map).path(top).path(second);
        if (found.isMissingNode()) {
            if (defaultValue == null) {
                throw new KnownValues.Problem("Fn::FindInMap: Mappings has no " + map + "/" + top + "/" + second + " and there is no DefaultValue");
            }
            return values.value(defaultValue, depth + 1);
        }
        return values.value(found, depth + 1);
    }
}
