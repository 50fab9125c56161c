package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * {@code DeploymentPreference}: the translator resolves PassthroughCondition to a boolean itself (from a literal, a
 * parameter Ref or a FindInMap), because it decides whether the CodeDeploy resources carry the function's Condition;
 * and it writes Alarms into the deployment group as a list of alarm names.
 */
final class DeploymentChecks {
    private static final Set<String> TRUE_OR_FALSE = Set.of("true", "True", "false", "False");

    private DeploymentChecks() {
    }

    static void validate(String id, JsonNode preference, SamTransform.Context ctx) {
        JsonNode passthrough = preference.get("PassthroughCondition");
        if (passthrough != null) {
            JsonNode v = findInMap(ctx.intrinsics.resolveParameters(passthrough), ctx.template.get("Mappings"));
            if (Intrinsics.isIntrinsic(v)) {
                if (!Intrinsics.isIntrinsic(v, "Fn::FindInMap")) {
                    throw TransformException.resource(id, "Unsupported intrinsic: the only intrinsic functions"
                            + " supported for property PassthroughCondition are FindInMap and parameter Refs.");
                }
            } else if (!v.isBoolean() && !(v.isTextual() && TRUE_OR_FALSE.contains(v.asText()))) {
                throw TransformException.resource(id, "Invalid value for property PassthroughCondition.");
            }
        }
        JsonNode enabled = preference.get("Enabled");
        JsonNode on = enabled == null ? null : ctx.intrinsics.resolveParameters(enabled);
        if (on != null && ((on.isBoolean() && !on.booleanValue()) || (on.isTextual()
                && (on.asText().equals("false") || on.asText().equals("False"))))) {
            return;
        }
        JsonNode alarms = preference.get("Alarms");
        if (!SamChecks.truthy(alarms) || Intrinsics.isNoValue(alarms)) {
            return;
        }
        if (Intrinsics.isIntrinsic(alarms, "Fn::If")) {
            JsonNode args = alarms.get("Fn::If");
            if (!args.isArray() || args.size() != 3) {
                throw TransformException.resource(id, "Fn::If requires 3 arguments");
            }
            alarmList(id, args.get(1));
            alarmList(id, args.get(2));
        } else {
            alarmList(id, alarms);
        }
    }

    private static void alarmList(String id, JsonNode alarms) {
        if (!alarms.isArray()) {
            throw TransformException.resource(id, "Alarms must be a list");
        }
    }

    /** {@code Fn::FindInMap} with literal keys, looked up in the template's Mappings; anything else as given. */
    private static JsonNode findInMap(JsonNode v, JsonNode mappings) {
        if (!Intrinsics.isIntrinsic(v, "Fn::FindInMap") || mappings == null) {
            return v;
        }
        JsonNode args = v.get("Fn::FindInMap");
        if (!args.isArray() || args.size() < 3) {
            return v;
        }
        JsonNode found = mappings.path(args.get(0).asText()).path(args.get(1).asText()).get(args.get(2).asText());
        return found == null || !args.get(0).isTextual() || !args.get(1).isTextual() || !args.get(2).isTextual()
                ? v : found;
    }
}
