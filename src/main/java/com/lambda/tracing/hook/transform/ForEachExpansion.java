package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Fn::ForEach} expansion: each loop of a section (nested, in resource properties too) becomes one copy of its
 * output per item, with {@code ${Identifier}} and {@code &{Identifier}} replaced in keys and values and
 * {@code Ref: Identifier} replaced by the item.
 */
final class ForEachExpansion {
    /** The RFC of Fn::ForEach: up to 5 loops nested inside a parent loop. */
    static final int MAX_NESTED_LOOPS = 5;
    /** Loops multiply: bounds on what they may generate, so a hostile template cannot exhaust memory. */
    static final int MAX_GENERATED = 20_000;
    static final long MAX_COPIED_VALUES = 1_000_000;
    private static final String LOOP = LanguageExtensions.LOOP;
    private static final Pattern LOGICAL_ID = Pattern.compile("[A-Za-z0-9]{1,255}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final KnownValues known;
    private final Position position;
    private final TemplateNames names;
    private final Deque<String> identifiers = new ArrayDeque<>();
    private int generated;
    private long copied;

    ForEachExpansion(Position position, TemplateNames names) {
        this.position = position;
        this.known = position.known();
        this.names = names;
    }

    private LanguageExtensionsException error(String problem) {
        return position.error(problem);
    }

    /** The section {@code name} with its loops expanded. */
    ObjectNode expandSection(String name, ObjectNode content) {
        position.section(name);
        ObjectNode out = NODES.objectNode();
        Set<String> literal = literalKeys(content);
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            position.key(key);
            known.takeMissing();
            try {
                if (!LanguageExtensions.isLoop(key)) {
                    out.set(key, expandWithin(e.getValue(), 0));
                    continue;
                }
                for (Map.Entry<String, JsonNode> g : expandLoop(key, e.getValue(), 1).entrySet()) {
                    String id = g.getKey();
                    if (literal.contains(id) || out.has(id)) {
                        throw error(key + " generates " + id + ", which the " + name + " section already has");
                    }
                    if (!name.equals("Conditions") && !LOGICAL_ID.matcher(id).matches()) {
                        throw error(key + " generates the logical id '" + id + "', which is not alphanumeric"
                                + " (use &{Identifier} to leave out the other characters of an item)");
                    }
                    out.set(id, g.getValue());
                    if (name.equals("Resources")) {
                        position.generated(id, key);
                    }
                }
            } catch (KnownValues.Problem p) {
                throw error(p.getMessage());
            }
        }
        return out;
    }

    private static Set<String> literalKeys(JsonNode object) {
        Set<String> keys = new HashSet<>();
        object.fieldNames().forEachRemaining(k -> {
            if (!LanguageExtensions.isLoop(k)) {
                keys.add(k);
            }
        });
        return keys;
    }

    /** {@code node} with the loops inside it (in resource properties, say) expanded. */
    private JsonNode expandWithin(JsonNode node, int depth) {
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(n -> out.add(expandWithin(n, depth)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = NODES.objectNode();
        Set<String> literal = literalKeys(node);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!LanguageExtensions.isLoop(e.getKey())) {
                out.set(e.getKey(), expandWithin(e.getValue(), depth));
                continue;
            }
            for (Map.Entry<String, JsonNode> g : expandLoop(e.getKey(), e.getValue(), depth + 1).entrySet()) {
                if (literal.contains(g.getKey()) || out.has(g.getKey())) {
                    throw error(e.getKey() + " generates the key " + g.getKey() + ", which is already there");
                }
                out.set(g.getKey(), g.getValue());
            }
        }
        return out;
    }

    /** The keys and values one loop generates (its nested loops expanded too), in order. */
    private Map<String, JsonNode> expandLoop(String loop, JsonNode definition, int depth) {
        if (depth > MAX_NESTED_LOOPS + 1) {
            throw error(loop + " is nested in more than " + MAX_NESTED_LOOPS + " loops");
        }
        if (!definition.isArray() || definition.size() != 3) {
            throw error(loop + " must be a list of three: an identifier, a collection and the output (a mapping of"
                    + " keys that contain ${Identifier})");
        }
        String id = identifier(loop, definition.get(0));
        JsonNode output = definition.get(2);
        if (!output.isObject() || output.isEmpty()) {
            throw error(loop + ": the output must be a mapping of keys that contain ${" + id + "} or &{" + id + "}");
        }
        for (Iterator<String> it = output.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!LanguageExtensions.isLoop(k) && !k.contains("${" + id + "}") && !k.contains("&{" + id + "}")) {
                throw error(loop + ": the key '" + k + "' contains neither ${" + id + "} nor &{" + id + "},"
                        + " so every item would generate the same key");
            }
        }
        List<String> items = collection(loop, definition.get(1));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        identifiers.push(id);
        try {
            for (String item : items) {
                JsonNode copy = substitute(output, id, item, item.replaceAll("[^A-Za-z0-9]", ""));
                JsonNode expanded = expandWithin(copy, depth);
                for (Iterator<Map.Entry<String, JsonNode>> it = expanded.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> g = it.next();
                    if (out.containsKey(g.getKey())) {
                        throw error(loop + " generates " + g.getKey() + " twice (the item '" + item + "' repeats a key)");
                    }
                    out.put(g.getKey(), g.getValue());
                    if (++generated > MAX_GENERATED) {
                        throw error("the loops generate more than " + MAX_GENERATED + " keys");
                    }
                }
            }
        } finally {
            identifiers.pop();
        }
        return out;
    }

    private String identifier(String loop, JsonNode idNode) {
        if (!idNode.isTextual() || idNode.asText().isEmpty() || !idNode.asText().matches("[^${}&\\s]+")) {
            throw error(loop + ": the identifier must be a plain name, got " + KnownValues.describe(idNode));
        }
        String id = idNode.asText();
        if (identifiers.contains(id)) {
            throw error(loop + ": the identifier " + id + " is already the identifier of an enclosing loop");
        }
        if (names.isParameter(id) || names.isResource(id)) {
            throw error(loop + ": the identifier " + id + " is also the name of a "
                    + (names.isParameter(id) ? "parameter" : "resource"));
        }
        return id;
    }

    private List<String> collection(String loop, JsonNode collection) {
        JsonNode items;
        if (collection.isArray()) {
            items = collection;
        } else if (collection.isObject()) {
            String ref = collection.size() == 1 && collection.path("Ref").isTextual() ? collection.get("Ref").asText() : null;
            if (ref != null && known.isNoEcho(ref)) {
                throw error(loop + ": the collection is the NoEcho parameter " + ref + ", which a loop cannot iterate over");
            }
            if (ref != null && names.isParameter(ref) && !known.isParameter(ref)) {
                throw error(loop + ": the collection is the parameter " + ref + ", which has no value (no Default"
                        + " and none given)");
            }
            items = known.value(collection);
            if (items == null) {
                throw error(loop + ": the collection " + collection + " cannot be resolved before deployment; use a"
                        + " list, or a Ref to a CommaDelimitedList parameter");
            }
            if (!items.isArray()) {
                throw error(loop + ": the collection must be a list, but " + collection + " is " + KnownValues.describe(items));
            }
        } else {
            throw error(loop + ": the collection must be a list or a Ref to a CommaDelimitedList parameter, got "
                    + KnownValues.describe(collection));
        }
        List<String> out = new ArrayList<>();
        int index = 0;
        for (JsonNode item : items) {
            JsonNode v = item.isValueNode() ? item : known.value(item);
            if (v == null) {
                throw error(loop + ": item " + index + " of the collection, " + item + ", is not known before deployment;"
                        + " a collection can hold only literal values, parameters and Mappings values");
            }
            if (v != KnownValues.NO_VALUE) {
                if (!v.isValueNode() || v.isNull()) {
                    throw error(loop + ": item " + index + " of the collection is " + KnownValues.describe(v) + ", not a string");
                }
                out.add(v.asText());
            }
            index++;
        }
        return out;
    }

    /** A copy of {@code node} with {@code ${id}} and {@code &{id}} replaced in keys and strings, and Ref: id by the item. */
    private JsonNode substitute(JsonNode node, String id, String item, String alphanumeric) {
        if (++copied > MAX_COPIED_VALUES) {
            throw error("the loops expand to more than " + MAX_COPIED_VALUES + " values");
        }
        if (node.isTextual()) {
            return NODES.textNode(replace(node.asText(), id, item, alphanumeric));
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(n -> out.add(substitute(n, id, item, alphanumeric)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1 && node.path("Ref").isTextual() && node.get("Ref").asText().equals(id)) {
            return NODES.textNode(item);
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = LanguageExtensions.isLoop(e.getKey()) ? e.getKey() : replace(e.getKey(), id, item, alphanumeric);
            if (out.has(k)) {
                throw error("with " + id + " = '" + item + "' two keys become '" + k + "'");
            }
            out.set(k, substitute(e.getValue(), id, item, alphanumeric));
        }
        return out;
    }

    private static String replace(String s, String id, String item, String alphanumeric) {
        return s.indexOf('{') < 0 ? s : s.replace("${" + id + "}", item).replace("&{" + id + "}", alphanumeric);
    }
}
