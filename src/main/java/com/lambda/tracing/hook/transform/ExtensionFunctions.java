package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * The functions {@code AWS::LanguageExtensions} resolves once the loops are expanded: {@code Fn::Length},
 * {@code Fn::ToJsonString}, {@code Fn::FindInMap} with a {@code DefaultValue}, and intrinsic functions inside
 * {@code Ref} and {@code Fn::GetAtt}. Everything CloudFormation resolves at deploy time is left in place.
 */
final class ExtensionFunctions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final KnownValues known;
    private final Position position;
    private final ResourceAttributes attributes;

    ExtensionFunctions(KnownValues known, Position position) {
        this.known = known;
        this.position = position;
        this.attributes = new ResourceAttributes(known, position);
    }

    private LanguageExtensionsException error(String problem) {
        return position.error(problem);
    }

    /** The section {@code name} with the transform's functions (and, in Resources and Outputs, attributes) resolved. */
    ObjectNode resolveSection(String name, ObjectNode content) {
        position.section(name);
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            position.key(e.getKey());
            known.takeMissing();
            try {
                JsonNode v = e.getValue();
                if (v instanceof ObjectNode && !name.equals("Conditions")) {
                    v = attributes.resolve(name, (ObjectNode) v.deepCopy());
                }
                JsonNode r = resolve(v, name.equals("Conditions"));
                if (r != KnownValues.NO_VALUE) {
                    out.set(e.getKey(), r);
                }
            } catch (KnownValues.Problem p) {
                throw error(p.getMessage());
            }
        }
        return out;
    }

    /**
     * {@code node} with the transform's own functions resolved. Inside another function's arguments an
     * AWS::NoValue stays a {@code Ref} (its place counts); elsewhere it removes the key or item.
     */
    private JsonNode resolve(JsonNode node, boolean argument) {
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode n : node) {
                JsonNode r = resolve(n, argument);
                if (r == KnownValues.NO_VALUE) {
                    if (argument) {
                        out.add(NODES.objectNode().put("Ref", "AWS::NoValue"));
                    }
                } else {
                    out.add(r);
                }
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        String fn = KnownValues.function(node);
        if (fn == null) {
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode r = resolve(e.getValue(), false);
                if (r != KnownValues.NO_VALUE) {
                    out.set(e.getKey(), r);
                }
            }
            return out;
        }
        return function(node, fn, node.get(fn), argument);
    }

    private JsonNode function(JsonNode node, String fn, JsonNode arg, boolean argument) {
        switch (fn) {
            case "Fn::Length": {
                JsonNode n = known.length(resolve(arg, true), 0);
                if (n == null) {
                    throw error("Fn::Length needs a list known before deployment (a list, a list parameter, or"
                            + " functions of them), got " + arg);
                }
                return n;
            }
            case "Fn::ToJsonString":
                return toJsonString(resolve(arg, true));
            case "Fn::FindInMap": {
                boolean extended = arg.isArray() && (arg.size() == 4 || !allText(arg));
                if (!extended) {
                    return node;
                }
                JsonNode v = known.value(node);
                if (v == null) {
                    throw error("Fn::FindInMap " + arg + " must resolve before deployment when it uses a DefaultValue"
                            + " or intrinsic functions");
                }
                return v == KnownValues.NO_VALUE ? v : resolve(v, argument);
            }
            case "Ref": {
                if (arg.isTextual()) {
                    return node;
                }
                String name = known.text(resolve(arg, true), "Ref");
                if (name == null) {
                    throw error("Ref " + arg + " must resolve to a name before deployment");
                }
                return NODES.objectNode().put("Ref", name);
            }
            case "Fn::GetAtt": {
                if (!arg.isArray() || allText(arg)) {
                    return node;
                }
                ArrayNode parts = NODES.arrayNode();
                for (JsonNode part : arg) {
                    String s = known.text(resolve(part, true), "Fn::GetAtt");
                    if (s == null) {
                        throw error("Fn::GetAtt " + arg + " must resolve to names before deployment");
                    }
                    parts.add(s);
                }
                ObjectNode out = NODES.objectNode();
                out.set("Fn::GetAtt", parts);
                return out;
            }
            default: {
                ObjectNode out = NODES.objectNode();
                out.set(fn, resolve(arg, true));
                return out;
            }
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The JSON text of {@code arg}. What is known only at deploy time (a resource's attribute, say) becomes a
     * variable of an {@code Fn::Sub} around that text, as CloudFormation's own processed templates show.
     */
    private JsonNode toJsonString(JsonNode arg) {
        JsonNode v = known.value(arg);
        if (v != null) {
            return NODES.textNode(KnownValues.json(v));
        }
        ObjectNode variables = NODES.objectNode();
        JsonNode shape = placeholders(arg, variables);
        String text = KnownValues.json(shape).replace("${", "${!");
        for (Iterator<String> it = variables.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            text = text.replace(marker(name), "${" + name + "}");
        }
        ArrayNode sub = NODES.arrayNode().add(text).add(variables);
        ObjectNode out = NODES.objectNode();
        out.set("Fn::Sub", sub);
        return out;
    }

    private JsonNode placeholders(JsonNode node, ObjectNode variables) {
        JsonNode v = known.value(node);
        if (v != null) {
            return v;
        }
        if (KnownValues.function(node) != null) {
            String name = "ToJsonString" + (variables.size() + 1);
            variables.set(name, node);
            return NODES.textNode(marker(name));
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(n -> out.add(placeholders(n, variables)));
            return out;
        }
        ObjectNode out = NODES.objectNode();
        node.fields().forEachRemaining(e -> out.set(e.getKey(), placeholders(e.getValue(), variables)));
        return out;
    }

    private static String marker(String name) {
        return "__LanguageExtensions" + name + "__";
    }
}
