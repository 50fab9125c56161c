package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code AWS::Serverless-2016-10-31} transform for what CloudFormation hands the hook: every
 * {@code AWS::Serverless::Function} becomes the {@code AWS::Lambda::Function} SAM generates (same logical id), with
 * its execution role, version and alias; every {@code AWS::Serverless::LayerVersion} becomes an
 * {@code AWS::Lambda::LayerVersion} under SAM's content-hashed logical id; references to them are rewritten. Other
 * resources, and SAM resource types that do not shape a function (APIs, tables, state machines, ...), are kept as
 * written.
 */
final class SamTransform {
    static final String FUNCTION = "AWS::Serverless::Function";
    static final String LAYER = "AWS::Serverless::LayerVersion";
    private static final Pattern LOGICAL_ID = Pattern.compile("[A-Za-z0-9]+");

    private SamTransform() {
    }

    static ObjectNode apply(ObjectNode template, TransformOptions options, List<String> notes) {
        JsonNode resourcesNode = template.get("Resources");
        if (resourcesNode == null || !resourcesNode.isObject() || resourcesNode.isEmpty()) {
            throw new TransformException("Structure of the SAM template is invalid. 'Resources' section is required"
                    + " and must be a non-empty mapping.");
        }
        for (String section : new String[] {"Mappings", "Parameters", "Conditions", "Outputs"}) {
            if (template.has(section) && !template.get(section).isObject()) {
                throw new TransformException("Structure of the SAM template is invalid. '" + section
                        + "' must be a mapping.");
            }
        }
        ObjectNode resources = (ObjectNode) resourcesNode;
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw TransformException.resource(e.getKey(), "Resource must be a mapping with a Type.");
            }
            String type = e.getValue().path("Type").asText("");
            if (type.startsWith("AWS::Serverless::") && !LOGICAL_ID.matcher(e.getKey()).matches()) {
                throw TransformException.resource(e.getKey(), "Logical ids must be alphanumeric.");
            }
        }
        SamGlobals globals = SamGlobals.of(template);
        Intrinsics intrinsics = Intrinsics.of(template, options);
        ApiResources.check(template, globals, intrinsics);
        Context context = new Context(template, options, intrinsics, notes);

        Map<String, ObjectNode> out = new LinkedHashMap<>();
        List<String> functionIds = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = e.getKey();
            ObjectNode resource = (ObjectNode) e.getValue();
            String type = resource.path("Type").asText("");
            if (type.equals(FUNCTION) || type.equals(LAYER)) {
                JsonNode props = resource.get("Properties");
                if (props != null && !props.isNull() && !props.isObject()) {
                    throw TransformException.resource(id, "Properties must be a mapping.");
                }
                ObjectNode local = props == null || props.isNull() ? Intrinsics.NODES.objectNode() : (ObjectNode) props;
                SamSchema.validate(id, type, local);
                ObjectNode merged = globals.merge(id, type, resource.get("IgnoreGlobals"), local.deepCopy());
                SamSchema.validate(id, type, merged);
                validateAttributes(id, resource);
                if (type.equals(LAYER)) {
                    SamLayer.translate(id, resource, merged, context, out);
                } else {
                    functionIds.add(id);
                    context.sam.put(id, merged);
                    out.put(id, resource); // placeholder keeps the template's order; replaced below
                }
            } else {
                out.put(id, resource);
            }
        }
        SamChecks.validate(context);
        for (String id : functionIds) {
            SamFunction.translate(id, (ObjectNode) resources.get(id), context.sam.get(id), context, out);
        }
        ObjectNode newResources = Intrinsics.NODES.objectNode();
        out.forEach(newResources::set);
        template.set("Resources", newResources);
        template.remove("Globals");
        SamReferences.rewrite(template, context);
        return template;
    }

    private static void validateAttributes(String id, JsonNode resource) {
        JsonNode dependsOn = resource.get("DependsOn");
        if (dependsOn != null && !(dependsOn.isTextual() || (dependsOn.isArray() && allText(dependsOn)))) {
            throw TransformException.resource(id, "Property 'DependsOn' should be a string or a list of strings.");
        }
        JsonNode condition = resource.get("Condition");
        if (condition != null && !condition.isTextual()) {
            throw TransformException.resource(id, "Condition must be the name of a condition.");
        }
    }

    private static boolean allText(JsonNode list) {
        for (JsonNode n : list) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** What the SAM resources of one template share while they are translated. */
    static final class Context {
        final ObjectNode template;
        final TransformOptions options;
        final Intrinsics intrinsics;
        /** SAM function id → its properties with Globals merged. */
        final Map<String, ObjectNode> sam = new LinkedHashMap<>();
        /** SAM logical id → the logical id the translator gives it (layers). */
        final Map<String, String> renamed = new LinkedHashMap<>();
        /** {@code Fn.Alias} / {@code Fn.Version} → the generated logical id. */
        final Map<String, String> references = new LinkedHashMap<>();
        /** What the processed template cannot show exactly, for the user to know (never a reason to fail). */
        final List<String> notes;

        Context(ObjectNode template, TransformOptions options, Intrinsics intrinsics, List<String> notes) {
            this.template = template;
            this.notes = notes;
            this.options = options;
            this.intrinsics = intrinsics;
        }

        boolean conditionExists(String name) {
            return template.path("Conditions").has(name);
        }

        void addCondition(String name, JsonNode definition) {
            JsonNode c = template.get("Conditions");
            if (c == null || !c.isObject()) {
                c = template.putObject("Conditions");
            }
            ((ObjectNode) c).set(name, definition);
        }
    }

    static TextNode text(String s) {
        return TextNode.valueOf(s);
    }

    static ArrayNode array(JsonNode... items) {
        ArrayNode a = Intrinsics.NODES.arrayNode();
        for (JsonNode n : items) {
            a.add(n);
        }
        return a;
    }

    static ObjectNode getAtt(String id, String attribute) {
        ObjectNode o = Intrinsics.NODES.objectNode();
        o.set("Fn::GetAtt", array(text(id), text(attribute)));
        return o;
    }

    static ObjectNode ref(String id) {
        ObjectNode o = Intrinsics.NODES.objectNode();
        o.put("Ref", id);
        return o;
    }
}
