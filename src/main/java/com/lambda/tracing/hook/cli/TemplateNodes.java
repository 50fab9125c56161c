package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed template (plain Java values, see {@link Template}) as a Jackson tree for the {@code transform} package,
 * and back. Whole numbers stay integers and others become doubles, so that a number keeps the JSON type it had in
 * the template: SAM hashes some values, and its hash tells {@code 128} from {@code 128.0}.
 */
final class TemplateNodes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TemplateNodes() {
    }

    static ObjectNode toNode(Map<String, Object> document) {
        return (ObjectNode) node(document);
    }

    private static JsonNode node(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof Map) {
            ObjectNode o = NODES.objectNode();
            ((Map<?, ?>) v).forEach((k, x) -> o.set(String.valueOf(k), node(x)));
            return o;
        }
        if (v instanceof List) {
            ArrayNode a = NODES.arrayNode();
            ((List<?>) v).forEach(x -> a.add(node(x)));
            return a;
        }
        if (v instanceof Boolean) {
            return NODES.booleanNode((Boolean) v);
        }
        if (v instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) v;
            if (d.scale() <= 0) {
                return NODES.numberNode(d.toBigIntegerExact());
            }
            return NODES.numberNode(d.doubleValue());
        }
        if (v instanceof Number) {
            return NODES.numberNode(new BigDecimal(v.toString()));
        }
        return NODES.textNode(String.valueOf(v));
    }

    static Map<String, Object> toDocument(ObjectNode node) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) value(node);
        return m;
    }

    private static Object value(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), value(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(value(x)));
            return l;
        }
        if (n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return new BigDecimal(n.bigIntegerValue());
        }
        if (n.isNumber()) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return n.asText();
    }
}
