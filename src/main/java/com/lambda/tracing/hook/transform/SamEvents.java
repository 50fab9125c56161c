package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The checks SAM makes of a function's {@code Events} before it generates anything for them: each event is a mapping
 * with a known {@code Type} and a {@code Properties} mapping holding what that type requires. The resources events
 * generate (permissions, subscriptions, mappings, APIs) never change the function's properties and are not built here.
 */
final class SamEvents {
    /**
     * Event type → properties it requires (what else a polled source needs, e.g. the secret of an MQ broker, is checked
     * by PullEventChecks with the translator's wording).
     */
    static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry("S3", List.of("Bucket", "Events")),
            Map.entry("SNS", List.of("Topic")),
            Map.entry("Kinesis", List.of("Stream")),
            Map.entry("DynamoDB", List.of("Stream")),
            Map.entry("SQS", List.of("Queue")),
            Map.entry("MSK", List.of("Stream")),
            Map.entry("MQ", List.of("Broker")),
            Map.entry("SelfManagedKafka", List.of()),
            Map.entry("DocumentDB", List.of("Cluster", "DatabaseName")),
            Map.entry("Api", List.of("Path", "Method")),
            Map.entry("HttpApi", List.of()),
            Map.entry("Schedule", List.of()),
            Map.entry("ScheduleV2", List.of()),
            Map.entry("CloudWatchEvent", List.of()),
            Map.entry("EventBridgeRule", List.of()),
            Map.entry("CloudWatchLogs", List.of("LogGroupName", "FilterPattern")),
            Map.entry("IoTRule", List.of("Sql")),
            Map.entry("AlexaSkill", List.of()),
            Map.entry("Cognito", List.of("UserPool", "Trigger")));

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
            List<String> required = REQUIRED.get(type);
            if (required == null) {
                throw TransformException.resource(id, "Event with id [" + name + "] is invalid. Type '" + type
                        + "' is not a SAM event source type.");
            }
            JsonNode props = event.get("Properties");
            if (props != null && !props.isNull() && (!props.isObject() || Intrinsics.isIntrinsic(props))) {
                throw TransformException.resource(id, "Event with id [" + name + "] is invalid. Properties must be a"
                        + " mapping.");
            }
            for (String r : required) {
                if (props == null || !props.has(r)) {
                    throw TransformException.resource(id, "Event with id [" + name + "] is invalid. Missing required"
                            + " property '" + r + "'.");
                }
            }
        }
    }
}
