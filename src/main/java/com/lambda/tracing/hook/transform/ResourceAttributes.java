package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The resource attributes {@code AWS::LanguageExtensions} lets a template compute: intrinsic functions in
 * {@code DeletionPolicy}, {@code UpdateReplacePolicy} and {@code Condition} resolve to plain values before
 * deployment, and a policy must resolve to one CloudFormation knows.
 */
final class ResourceAttributes {
    private static final List<String> DELETION_POLICIES = List.of("Delete", "Retain", "RetainExceptOnCreate", "Snapshot");
    private static final List<String> REPLACE_POLICIES = List.of("Delete", "Retain", "Snapshot");

    private final KnownValues known;
    private final Position position;

    ResourceAttributes(KnownValues known, Position position) {
        this.known = known;
        this.position = position;
    }

    /** {@code entry} (a resource, or an output of section {@code name}) with its attributes resolved, changed in place. */
    ObjectNode resolve(String name, ObjectNode entry) {
        if (name.equals("Resources")) {
            policy(entry, "DeletionPolicy", DELETION_POLICIES);
            policy(entry, "UpdateReplacePolicy", REPLACE_POLICIES);
        }
        JsonNode c = entry.get("Condition");
        if (c != null && !c.isTextual()) {
            JsonNode v = known.value(c);
            if (v == null) {
                throw position.error("Condition " + c + " must resolve to a condition name before deployment");
            }
            if (v == KnownValues.NO_VALUE) {
                entry.remove("Condition");
            } else if (v.isTextual()) {
                entry.put("Condition", v.asText());
            } else {
                throw position.error("Condition must resolve to a condition name, got " + KnownValues.describe(v));
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
            throw position.error(attribute + " " + p + " must resolve before deployment (Ref to a parameter, Fn::If,"
                    + " Fn::FindInMap)");
        }
        if (!allowed.contains(v)) {
            throw position.error(attribute + " resolves to '" + v + "', which is not one of " + allowed);
        }
        resource.put(attribute, v);
    }
}
