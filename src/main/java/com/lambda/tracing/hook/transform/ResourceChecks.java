package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of SAM resources other than functions that the translator makes before it generates anything: the
 * properties {@code Globals.CapacityProvider} may set, and the shape of {@code AWS::Serverless::Connector}s (a
 * source and destinations named by logical id, or by type and ARN, and the permissions to grant).
 */
final class ResourceChecks {
    static final String CONNECTOR = "AWS::Serverless::Connector";
    private static final List<String> CAPACITY_PROVIDER_GLOBALS = List.of("VpcConfig", "OperatorRole", "Tags",
            "InstanceRequirements", "ScalingConfig", "KmsKeyArn", "PropagateTags");
    private static final Set<String> CONNECTOR_PROPERTIES = Set.of("Source", "Destination", "Permissions");

    private ResourceChecks() {
    }

    static void validate(JsonNode template) {
        JsonNode capacity = template.path("Globals").get("CapacityProvider");
        if (capacity != null && capacity.isObject()) {
            for (Iterator<String> it = capacity.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!CAPACITY_PROVIDER_GLOBALS.contains(name)) {
                    throw new TransformException("'Globals' section is invalid. '" + name + "' is not a supported"
                            + " property of 'CapacityProvider'. Must be one of the following values - "
                            + SamChecks.pythonList(CAPACITY_PROVIDER_GLOBALS));
                }
            }
        }
        JsonNode resources = template.get("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (CONNECTOR.equals(e.getValue().path("Type").asText(null))) {
                connector(e.getKey(), e.getValue().path("Properties"), resources);
            }
        }
    }

    private static void connector(String id, JsonNode p, JsonNode resources) {
        for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!CONNECTOR_PROPERTIES.contains(name)) {
                throw TransformException.resource(id, "property " + name + " not defined for resource of type "
                        + CONNECTOR);
            }
        }
        for (String name : CONNECTOR_PROPERTIES) {
            if (!p.has(name) || p.get(name).isNull()) {
                throw TransformException.resource(id, "Missing required property '" + name + "'.");
            }
        }
        JsonNode source = p.get("Source");
        JsonNode destination = p.get("Destination");
        if (!source.isObject() || !(destination.isObject() || destination.isArray()) || !p.get("Permissions").isArray()) {
            throw TransformException.resource(id, "Type of property '" + (!source.isObject() ? "Source"
                    : !p.get("Permissions").isArray() ? "Permissions" : "Destination") + "' is invalid.");
        }
        reference(id, source, resources);
        for (JsonNode d : destination.isArray() ? destination : List.of(destination)) {
            reference(id, d, resources);
        }
    }

    /** A connector end: {@code Id} of a template resource, or (without Id) a {@code Type} with ARN-like overrides. */
    private static void reference(String id, JsonNode end, JsonNode resources) {
        if (!end.isObject()) {
            throw TransformException.resource(id, "Type of property 'Destination' is invalid.");
        }
        JsonNode logicalId = end.get("Id");
        if (logicalId == null || !SamChecks.truthy(logicalId)) {
            if (!nonBlankText(end.get("Type"))) {
                throw TransformException.resource(id, "'Type' is missing or not a string.");
            }
            return;
        }
        if (!nonBlankText(logicalId)) {
            throw TransformException.resource(id, "'Id' is missing or not a string.");
        }
        if (!resources.has(logicalId.asText())) {
            throw TransformException.resource(id, "Unable to find resource with logical ID '" + logicalId.asText() + "'.");
        }
    }

    private static boolean nonBlankText(JsonNode v) {
        return v != null && v.isTextual() && !v.asText().isBlank();
    }
}
