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
 * The {@code AWS::LanguageExtensions} transform, applied offline as CloudFormation applies it before any other
 * transform runs: {@code Fn::ForEach} loops in Resources, Conditions and Outputs (nested, in resource properties too)
 * are expanded, with {@code ${Identifier}} and {@code &{Identifier}} replaced in keys and values and
 * {@code Ref: Identifier} replaced by the item; {@code Fn::Length}, {@code Fn::ToJsonString} and {@code Fn::FindInMap}
 * with {@code DefaultValue} are resolved; intrinsic functions inside {@code Ref} and {@code Fn::GetAtt}, and in the
 * {@code DeletionPolicy}, {@code UpdateReplacePolicy} and {@code Condition} resource attributes, are evaluated.
 * Everything CloudFormation resolves at deploy time (references to resources, imports, ...) is left in place.
 * A template that breaks a rule of the transform ends in a {@link LanguageExtensionsException}.
 */
public final class LanguageExtensions {
    public static final String NAME = "AWS::LanguageExtensions";
    static final String LOOP = "Fn::ForEach";
    /** The RFC of Fn::ForEach: up to 5 loops nested inside a parent loop. */
    static final int MAX_NESTED_LOOPS = 5;
    /** CloudFormation's quotas apply to the processed template. */
    static final int MAX_RESOURCES = 500;
    static final int MAX_OUTPUTS = 200;
    /** Loops multiply: bounds on what they may generate, so a hostile template cannot exhaust memory. */
    static final int MAX_GENERATED = 20_000;
    static final long MAX_COPIED_VALUES = 1_000_000;
    private static final List<String> LOOP_SECTIONS = List.of("Conditions", "Resources", "Outputs");
    private static final Pattern LOGICAL_ID = Pattern.compile("[A-Za-z0-9]{1,255}");
    private static final List<String> DELETION_POLICIES = List.of("Delete", "Retain", "RetainExceptOnCreate", "Snapshot");
    private static final List<String> REPLACE_POLICIES = List.of("Delete", "Retain", "Snapshot");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The processed template and, for each logical id a loop generated in Resources, the {@code Fn::ForEach::Name}
     * key of the Resources section it came from.
     */
    public record Result(ObjectNode template, Map<String, String> origins) {
    }

    private final ObjectNode template;
    private final KnownValues known;
    private final Set<String> parameterNames = new HashSet<>();
    private final Set<String> resourceIds = new HashSet<>();
    private final Deque<String> identifiers = new ArrayDeque<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private int generated;
    private long copied;
    private String section;
    private String key;

    private LanguageExtensions(ObjectNode template, Map<String, String> parameterValues, String region) {
        this.template = template;
        this.known = new KnownValues(template, parameterValues, region);
        template.path("Parameters").fieldNames().forEachRemaining(parameterNames::add);
        template.path("Resources").fieldNames().forEachRemaining(k -> {
            if (!isLoop(k)) {
                resourceIds.add(k);
            }
        });
    }

    /** Whether the template's {@code Transform} section names this transform. */
    public static boolean declaredIn(JsonNode template) {
        return indexIn(template.get("Transform")) >= 0 || NAME.equals(template.path("Transform").asText(null));
    }

    /** The processed copy of {@code template} (not changed itself); parameters without a value take their Default. */
    public static ObjectNode apply(ObjectNode template, Map<String, String> parameterValues, String region) {
        return process(template, parameterValues, region).template();
    }

    /** {@link #apply}, and where each generated resource came from. */
    public static Result process(ObjectNode template, Map<String, String> parameterValues, String region) {
        LanguageExtensions t = new LanguageExtensions(template.deepCopy(), parameterValues, region);
        return t.run();
    }

    private Result run() {
        checkLoopNames();
        for (String s : LOOP_SECTIONS) {
            if (template.get(s) instanceof ObjectNode) {
                template.set(s, expandSection(s, (ObjectNode) template.get(s)));
            }
        }
        known.conditions(template.get("Conditions"));
        for (String s : LOOP_SECTIONS) {
            if (template.get(s) instanceof ObjectNode) {
                template.set(s, resolveSection(s, (ObjectNode) template.get(s)));
            }
        }
        section = null;
        key = null;
        quota("Resources", MAX_RESOURCES, "resources");
        quota("Outputs", MAX_OUTPUTS, "outputs");
        dropFromTransformSection();
        return new Result(template, Map.copyOf(origins));
    }

    private LanguageExtensionsException error(String problem) {
        String missing = known.takeMissing();
        if (missing != null) {
            problem += " (the parameter " + missing + " has no Default and no value was given)";
        }
        String origin = "Resources".equals(section) ? origins.get(key) : null;
        return new LanguageExtensionsException(section, origin != null ? origin : key,
                origin != null ? key + " (from " + origin + ")" : key, problem);
    }

    static boolean isLoop(String key) {
        return key.equals(LOOP) || key.startsWith(LOOP + "::");
    }

    // ------------------------------------------------------------------ loop names

    /** Loop names are unique in the template and differ from every parameter and resource (the RFC's constraints). */
    private void checkLoopNames() {
        Set<String> names = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            section = e.getKey();
            key = null;
            if (!LOOP_SECTIONS.contains(section)) {
                if (containsLoop(e.getValue())) {
                    throw error(LOOP + " can be used only in the Resources, Conditions and Outputs sections");
                }
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> top = e.getValue().fields(); top.hasNext(); ) {
                Map.Entry<String, JsonNode> t = top.next();
                key = t.getKey();
                collectLoopNames(t.getKey(), t.getValue(), names);
            }
        }
    }

    private void collectLoopNames(String k, JsonNode value, Set<String> names) {
        if (isLoop(k)) {
            String name = k.length() > LOOP.length() + 2 ? k.substring(LOOP.length() + 2) : "";
            if (name.isEmpty()) {
                throw error("a loop needs a name: write " + LOOP + "::Name");
            }
            if (!names.add(name)) {
                throw error("the loop name " + name + " is used twice; loop names must be unique in the template");
            }
            if (resourceIds.contains(name) || parameterNames.contains(name)) {
                throw error("the loop name " + name + " is also the name of a " + (resourceIds.contains(name) ? "resource" : "parameter"));
            }
        }
        if (value.isObject()) {
            value.fields().forEachRemaining(e -> collectLoopNames(e.getKey(), e.getValue(), names));
        } else if (value.isArray()) {
            value.forEach(v -> collectLoopNames("", v, names));
        }
    }

    private static boolean containsLoop(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (isLoop(e.getKey()) || containsLoop(e.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (containsLoop(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ Fn::ForEach

    private ObjectNode expandSection(String name, ObjectNode content) {
        section = name;
        ObjectNode out = NODES.objectNode();
        Set<String> literal = literalKeys(content);
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            key = e.getKey();
            known.takeMissing();
            try {
                if (!isLoop(key)) {
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
                        origins.put(id, key);
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
            if (!isLoop(k)) {
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
            if (!isLoop(e.getKey())) {
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
        JsonNode idNode = definition.get(0);
        if (!idNode.isTextual() || idNode.asText().isEmpty() || !idNode.asText().matches("[^${}&\\s]+")) {
            throw error(loop + ": the identifier must be a plain name, got " + KnownValues.describe(idNode));
        }
        String id = idNode.asText();
        if (identifiers.contains(id)) {
            throw error(loop + ": the identifier " + id + " is already the identifier of an enclosing loop");
        }
        if (parameterNames.contains(id) || resourceIds.contains(id)) {
            throw error(loop + ": the identifier " + id + " is also the name of a "
                    + (parameterNames.contains(id) ? "parameter" : "resource"));
        }
        JsonNode output = definition.get(2);
        if (!output.isObject() || output.isEmpty()) {
            throw error(loop + ": the output must be a mapping of keys that contain ${" + id + "} or &{" + id + "}");
        }
        for (Iterator<String> it = output.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!isLoop(k) && !k.contains("${" + id + "}") && !k.contains("&{" + id + "}")) {
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

    private List<String> collection(String loop, JsonNode collection) {
        JsonNode items;
        if (collection.isArray()) {
            items = collection;
        } else if (collection.isObject()) {
            String ref = collection.size() == 1 && collection.path("Ref").isTextual() ? collection.get("Ref").asText() : null;
            if (ref != null && known.isNoEcho(ref)) {
                throw error(loop + ": the collection is the NoEcho parameter " + ref + ", which a loop cannot iterate over");
            }
            if (ref != null && parameterNames.contains(ref) && !known.isParameter(ref)) {
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
            String k = isLoop(e.getKey()) ? e.getKey() : replace(e.getKey(), id, item, alphanumeric);
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

    // ------------------------------------------------------------------ the other functions

    private ObjectNode resolveSection(String name, ObjectNode content) {
        section = name;
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            key = e.getKey();
            known.takeMissing();
            try {
                JsonNode v = e.getValue();
                if (v instanceof ObjectNode && !name.equals("Conditions")) {
                    v = attributes(name, (ObjectNode) v.deepCopy());
                }
                JsonNode r = name.equals("Conditions") ? resolve(v, true) : resolve(v, false);
                if (r != KnownValues.NO_VALUE) {
                    out.set(key, r);
                }
            } catch (KnownValues.Problem p) {
                throw error(p.getMessage());
            }
        }
        return out;
    }

    /** Intrinsic functions in DeletionPolicy, UpdateReplacePolicy and Condition resolve to plain values. */
    private ObjectNode attributes(String name, ObjectNode entry) {
        if (name.equals("Resources")) {
            policy(entry, "DeletionPolicy", DELETION_POLICIES);
            policy(entry, "UpdateReplacePolicy", REPLACE_POLICIES);
        }
        JsonNode c = entry.get("Condition");
        if (c != null && !c.isTextual()) {
            JsonNode v = known.value(c);
            if (v == null) {
                throw error("Condition " + c + " must resolve to a condition name before deployment");
            }
            if (v == KnownValues.NO_VALUE) {
                entry.remove("Condition");
            } else if (v.isTextual()) {
                entry.put("Condition", v.asText());
            } else {
                throw error("Condition must resolve to a condition name, got " + KnownValues.describe(v));
            }
        }
        return entry;
    }

    private void policy(ObjectNode resource, String attribute, List<String> allowed) {
        JsonNode p = resource.get(attribute);
        if (p == null || p.isTextual()) {
            return;
        }
        JsonNode resolved = known.value(p);
        if (resolved == KnownValues.NO_VALUE) {
            resource.remove(attribute);
            return;
        }
        String v = resolved == null ? null : known.text(resolved, attribute);
        if (v == null) {
            throw error(attribute + " " + p + " must resolve before deployment (Ref to a parameter, Fn::If, Fn::FindInMap)");
        }
        if (!allowed.contains(v)) {
            throw error(attribute + " resolves to '" + v + "', which is not one of " + allowed);
        }
        resource.put(attribute, v);
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
                        out.add(noValue());
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
        JsonNode arg = node.get(fn);
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

    private static ObjectNode noValue() {
        return NODES.objectNode().put("Ref", "AWS::NoValue");
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

    // ------------------------------------------------------------------ the processed template

    private void quota(String name, int max, String what) {
        int n = template.path(name).size();
        if (n > max) {
            throw error("the processed template has " + n + " " + what + "; CloudFormation allows at most " + max);
        }
    }

    private void dropFromTransformSection() {
        JsonNode t = template.get("Transform");
        if (t == null) {
            return;
        }
        if (t.isTextual()) {
            if (t.asText().equals(NAME)) {
                template.remove("Transform");
            }
            return;
        }
        int i;
        while ((i = indexIn(template.get("Transform"))) >= 0) {
            ((ArrayNode) template.get("Transform")).remove(i);
        }
        if (template.get("Transform").isArray() && template.get("Transform").isEmpty()) {
            template.remove("Transform");
        }
    }

    private static int indexIn(JsonNode transforms) {
        if (transforms == null || !transforms.isArray()) {
            return -1;
        }
        for (int i = 0; i < transforms.size(); i++) {
            JsonNode e = transforms.get(i);
            if (NAME.equals(e.asText(null)) || NAME.equals(e.path("Name").asText(null))) {
                return i;
            }
        }
        return -1;
    }
}
