package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The checks SAM makes of a function's {@code Events} before it generates anything for them: each event is a mapping
 * with a known {@code Type} and a {@code Properties} mapping. What each type requires is checked before this, by
 * EventSchema and, for API events, ApiEventChecks. The resources events generate (permissions, subscriptions,
 * mappings, APIs) never change the function's properties and are not built here.
 */
final class SamEvents {
    /** The API event types; every other known type is one EventSchema describes. */
    private static final Set<String> API_TYPES = Set.of("Api", "HttpApi");

    private SamEvents() {
    }

    static void validate(String id, JsonNode events) {
        if (events == null || events.isNull()) {
            return;
        }
        if (!events.isObject() || Intrinsics.isIntrinsic(events)) {
            throw TransformException.resource(id, "'Events' must be a mapping of event names to events.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = events.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode event = e.getValue();
            if (!event.isObject() || !event.path("Type").isTextual()) {
                throw TransformException.resource(id, "Event '" + name + "' must be a mapping with a Type.");
            }
            String type = event.get("Type").asText();
            if (!API_TYPES.contains(type) && !EventSchema.describes(type)) {
                throw TransformException.resource(id, "Event with id [" + name + "] is invalid. Type '" + type
                        + "' is not a SAM event source type.");
            }
            JsonNode props = event.get("Properties");
            if (props != null && !props.isNull() && (!props.isObject() || Intrinsics.isIntrinsic(props))) {
                throw TransformException.resource(id, "Event with id [" + name + "] is invalid. Properties must be a"
                        + " mapping.");
            }
        }
    }
}
