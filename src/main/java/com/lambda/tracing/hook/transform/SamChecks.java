package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The checks the SAM translator makes of function events, function settings and the resources events link to, before
 * this tool generates anything: a template the translator rejects is rejected here too, with its wording (the
 * resource, then the event, then the problem). Runs once per template, after Globals are merged.
 */
final class SamChecks {
    private SamChecks() {
    }

    static void validate(SamTransform.Context ctx) {
        JsonNode resources = ctx.template.get("Resources");
        ResourceChecks.validate(ctx.template);
        PushEventChecks push = new PushEventChecks(resources);
        for (Map.Entry<String, ObjectNode> f : ctx.sam.entrySet()) {
            String id = f.getKey();
            ObjectNode p = f.getValue();
            FunctionChecks.validate(id, p, ctx);
            JsonNode events = p.get("Events");
            if (events == null || !events.isObject() || Intrinsics.isIntrinsic(events)) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = events.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode event = e.getValue();
                JsonNode props = event.get("Properties");
                if (!event.isObject() || !event.path("Type").isTextual() || props != null && !props.isNull()
                        && !props.isObject()) {
                    continue; // SamEvents words these
                }
                String type = event.get("Type").asText();
                ObjectNode properties = props != null && props.isObject() ? (ObjectNode) props
                        : Intrinsics.NODES.objectNode();
                EventSource source = new EventSource(id, e.getKey(), type, properties);
                EventSchema.validate(source);
                PullEventChecks.validate(source);
                push.validate(source);
            }
        }
        GeneratedIds.validate(ctx.sam, resources);
    }

    /** One event of a function: its logical id is the function's followed by the event's name. */
    record EventSource(String functionId, String name, String type, ObjectNode properties) {
        String logicalId() {
            return functionId + name;
        }

        JsonNode get(String property) {
            JsonNode v = properties.get(property);
            return v == null || v.isNull() ? null : v;
        }

        /** A problem of the event, as the translator reports it under the function ({@code id} names the event). */
        TransformException invalid(String id, String problem) {
            return TransformException.resource(functionId, "Event with id [" + id + "] is invalid. " + problem);
        }
    }

    /** Python's truthiness of a value, which decides whether the translator looks at an optional property. */
    static boolean truthy(JsonNode v) {
        return SamFunction.truthy(v);
    }

    /** A literal mapping: not absent, not an intrinsic function. */
    static boolean isMap(JsonNode v) {
        return v != null && v.isObject() && !Intrinsics.isIntrinsic(v);
    }

    /** {@code ['A', 'B']}: how the translator's messages list accepted values. */
    static String pythonList(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i > 0 ? ", " : "").append('\'').append(values.get(i)).append('\'');
        }
        return b.append(']').toString();
    }
}
