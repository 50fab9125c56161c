package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The {@code Globals} section of a SAM template: properties every resource of a kind inherits. Merged by JSON type,
 * not by property name: two mappings merge key by key (the resource's value wins), two lists concatenate (global
 * first), anything else (scalars, intrinsic functions, a type mismatch) is replaced by the resource's value.
 */
final class SamGlobals {
    /** Globals sections and the SAM resource type each one applies to. */
    static final Map<String, String> SECTIONS = Map.of(
            "Function", "AWS::Serverless::Function",
            "Api", "AWS::Serverless::Api",
            "HttpApi", "AWS::Serverless::HttpApi",
            "SimpleTable", "AWS::Serverless::SimpleTable",
            "StateMachine", "AWS::Serverless::StateMachine",
            "LayerVersion", "AWS::Serverless::LayerVersion",
            "CapacityProvider", "AWS::Serverless::CapacityProvider",
            "WebSocketApi", "AWS::Serverless::WebSocketApi");
    /** Function properties that are one function's own and may not be set globally. */
    static final Set<String> NOT_GLOBAL_FUNCTION = Set.of("Role", "Policies", "FunctionName", "Events", "InlineCode",
            "ImageUri", "PackageType", "ImageConfig", "VersionDescription", "AutoPublishCodeSha256", "IgnoreGlobals");

    private final ObjectNode sections;

    private SamGlobals(ObjectNode sections) {
        this.sections = sections;
    }

    static SamGlobals of(JsonNode template) {
        JsonNode g = template.get("Globals");
        if (g == null) {
            return new SamGlobals(Intrinsics.NODES.objectNode());
        }
        if (!g.isObject()) {
            throw new TransformException("Structure of the SAM template is invalid. 'Globals' must be a mapping of"
                    + " resource kinds (Function, Api, ...) to their properties.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String section = e.getKey();
            if (!SECTIONS.containsKey(section)) {
                throw new TransformException("'Globals' section is invalid. '" + section + "' is not supported. Must be"
                        + " one of: " + String.join(", ", new java.util.TreeSet<>(SECTIONS.keySet())) + ".");
            }
            if (!e.getValue().isObject()) {
                throw new TransformException("'Globals' section is invalid. Value of '" + section + "' must be a"
                        + " mapping of properties.");
            }
            String type = SECTIONS.get(section);
            Set<String> notGlobal = section.equals("Function") ? NOT_GLOBAL_FUNCTION : Set.of();
            Map<String, SamSchema.Kind> known = SamSchema.properties(type);
            for (Iterator<String> names = e.getValue().fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (notGlobal.contains(name) || (known != null && !known.containsKey(name))) {
                    throw new TransformException("'Globals' section is invalid. '" + name + "' is not a supported"
                            + " property of '" + section + "'.");
                }
            }
        }
        return new SamGlobals((ObjectNode) g);
    }

    /**
     * The properties of resource {@code id} of SAM type {@code type} with the globals of its kind merged in, honouring
     * its {@code IgnoreGlobals} attribute ({@code '*'} or a list of property names).
     */
    ObjectNode merge(String id, String type, JsonNode ignore, ObjectNode local) {
        String section = null;
        for (Map.Entry<String, String> e : SECTIONS.entrySet()) {
            if (e.getValue().equals(type)) {
                section = e.getKey();
            }
        }
        JsonNode global = section == null ? null : sections.get(section);
        ObjectNode globals = global == null ? Intrinsics.NODES.objectNode() : ((ObjectNode) global).deepCopy();
        if (ignore != null && !ignore.isNull()) {
            if (ignore.isTextual() && ignore.asText().equals("*")) {
                return local;
            }
            if (!ignore.isArray()) {
                throw TransformException.resource(id, "Resource is invalid. IgnoreGlobals must be '*' or a list of"
                        + " property names.");
            }
            for (JsonNode n : ignore) {
                if (!n.isTextual() || (!globals.has(n.asText()) && !isKnown(type, n.asText()))) {
                    throw TransformException.resource(id, "Resource is invalid. Property " + n + " in IgnoreGlobals"
                            + " is not a property of " + type + ".");
                }
                globals.remove(n.asText());
            }
        }
        return (ObjectNode) mergeValues(globals, local);
    }

    private static boolean isKnown(String type, String property) {
        Map<String, SamSchema.Kind> known = SamSchema.properties(type);
        return known != null && known.containsKey(property);
    }

    static JsonNode mergeValues(JsonNode global, JsonNode local) {
        if (global == null) {
            return local;
        }
        if (local == null) {
            return global.deepCopy();
        }
        if (global.isObject() && local.isObject() && !Intrinsics.isIntrinsic(global) && !Intrinsics.isIntrinsic(local)) {
            ObjectNode merged = ((ObjectNode) global).deepCopy();
            local.fields().forEachRemaining(e -> merged.set(e.getKey(), mergeValues(merged.get(e.getKey()), e.getValue())));
            return merged;
        }
        if (global.isArray() && local.isArray()) {
            ArrayNode merged = ((ArrayNode) global).deepCopy();
            local.forEach(n -> merged.add(n.deepCopy()));
            return merged;
        }
        return local;
    }
}
