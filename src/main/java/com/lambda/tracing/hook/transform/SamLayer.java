package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

import static com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;

/**
 * {@code AWS::Serverless::LayerVersion} → {@code AWS::Lambda::LayerVersion} under the logical id SAM gives it: the
 * SAM id followed by a hash of the SAM resource, so that any change publishes a new layer version. Functions that
 * {@code !Ref} the layer get the new id.
 */
final class SamLayer {
    private SamLayer() {
    }

    static void translate(String id, ObjectNode resource, ObjectNode p, SamTransform.Context ctx,
                          Map<String, ObjectNode> out) {
        ObjectNode hashed = instance.objectNode();
        ObjectNode body = hashed.putObject(id);
        body.put("Type", SamTransform.LAYER);
        for (String attribute : new String[] {"Condition", "DependsOn", "UpdatePolicy"}) {
            if (resource.has(attribute)) {
                body.set(attribute, resource.get(attribute).deepCopy());
            }
        }
        ObjectNode hashedProps = p.deepCopy();
        if (hashedProps.has("RetentionPolicy")) {
            // SAM resolves the retention policy's parameter before it hashes the layer
            hashedProps.set("RetentionPolicy", ctx.intrinsics.resolveParameters(hashedProps.get("RetentionPolicy")));
        }
        body.set("Properties", hashedProps);
        String newId = LogicalIds.generate(id, hashed, null);

        if (!p.has("ContentUri")) {
            throw TransformException.resource(id, "Missing required property 'ContentUri'.");
        }
        ObjectNode layer = instance.objectNode();
        layer.put("Type", "AWS::Lambda::LayerVersion");
        JsonNode retention = p.get("RetentionPolicy");
        String deletion = "Retain";
        if (retention != null) {
            JsonNode resolved = ctx.intrinsics.resolveParameters(retention);
            if (!resolved.isTextual() || !(resolved.asText().equalsIgnoreCase("Retain")
                    || resolved.asText().equalsIgnoreCase("Delete"))) {
                throw TransformException.resource(id, "'RetentionPolicy' must be one of the following options:"
                        + " ['Retain', 'Delete'].");
            }
            deletion = resolved.asText().equalsIgnoreCase("Delete") ? "Delete" : "Retain";
        }
        layer.put("DeletionPolicy", deletion);
        for (String attribute : new String[] {"Condition", "DependsOn", "UpdateReplacePolicy", "Metadata"}) {
            if (resource.has(attribute)) {
                layer.set(attribute, resource.get(attribute).deepCopy());
            }
        }
        ObjectNode props = layer.putObject("Properties");
        props.set("Content", SamFunction.s3Location(id, "ContentUri", p.get("ContentUri"), "S3Bucket", "S3Key",
                "S3ObjectVersion"));
        for (String k : new String[] {"Description", "LicenseInfo", "CompatibleRuntimes", "CompatibleArchitectures"}) {
            if (p.has(k)) {
                props.set(k, p.get(k).deepCopy());
            }
        }
        props.set("LayerName", p.has("LayerName") ? p.get("LayerName").deepCopy() : SamTransform.text(id));
        ctx.renamed.put(id, newId);
        SamFunction.putNew(out, newId, layer);
    }
}
