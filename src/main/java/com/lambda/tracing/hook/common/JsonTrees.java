package com.lambda.tracing.hook.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.UnaryOperator;

/** Rewritten copies of JSON trees (templates, type configurations, hook requests), never changing the original. */
public final class JsonTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /**
     * A new object or array whose members or elements are {@code child} of the original ones, in the same order; any
     * other node as it is. A recursive rewrite passes itself as {@code child}.
     */
    public static JsonNode mapChildren(JsonNode node, UnaryOperator<JsonNode> child) {
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), child.apply(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(n -> copy.add(child.apply(n)));
            return copy;
        }
        return node;
    }

    /** A copy with every number and boolean as its text, the way CloudFormation sends a hook what it was given. */
    public static JsonNode scalarsAsText(JsonNode node) {
        return node.isNumber() || node.isBoolean() ? NODES.textNode(node.asText()) : mapChildren(node, JsonTrees::scalarsAsText);
    }
}
