package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.lambda.tracing.hook.transform.SamChecks.isMap;
import static com.lambda.tracing.hook.transform.SamChecks.truthy;

/**
 * The event sources that invoke the function (S3, SNS, Cognito, schedules and EventBridge rules): the translator's
 * checks of the resources they link to in the template (the bucket or user pool it edits), of SNS-to-SQS
 * subscriptions, and of rule state and dead-letter queues. One instance per template: a user pool trigger may be set
 * once across all functions.
 */
final class PushEventChecks {
    private final JsonNode resources;
    /** User pool id → the triggers already set on it (by its LambdaConfig or by an earlier event). */
    private final Map<String, Set<String>> poolTriggers = new HashMap<>();

    PushEventChecks(JsonNode resources) {
        this.resources = resources;
    }

    void validate(SamChecks.EventSource e) {
        switch (e.type()) {
            case "S3":
                bucket(e);
                break;
            case "SNS":
                JsonNode sqs = e.get("SqsSubscription");
                if (truthy(sqs) && !sqs.isBoolean()
                        && !(sqs.isObject() && truthy(sqs.get("QueueArn")) && truthy(sqs.get("QueueUrl")))) {
                    throw e.invalid(e.name(), "No QueueARN or QueueURL provided.");
                }
                break;
            case "Cognito":
                cognito(e);
                break;
            case "Schedule":
            case "CloudWatchEvent":
            case "EventBridgeRule":
                if (truthy(e.get("State")) && e.get("Enabled") != null) {
                    throw e.invalid(e.name(), "State and Enabled Properties cannot both be specified.");
                }
                deadLetterConfig(e);
                break;
            case "ScheduleV2":
                deadLetterConfig(e);
                JsonNode omit = e.get("OmitName");
                if (omit != null && omit.asBoolean(false) && truthy(e.get("Name"))) {
                    throw e.invalid(e.logicalId(), "Name cannot be set when OmitName is True");
                }
                break;
            default:
                break;
        }
    }

    /** The rule's failed deliveries go to a queue given by ARN or generated (Type: SQS, with an optional logical id). */
    private static void deadLetterConfig(SamChecks.EventSource e) {
        JsonNode dlq = e.get("DeadLetterConfig");
        if (!isMap(dlq)) {
            return;
        }
        boolean arn = dlq.has("Arn");
        boolean type = dlq.has("Type");
        if (arn && type) {
            throw e.invalid(e.logicalId(), "You can either define 'Arn' or 'Type' property of DeadLetterConfig.");
        }
        if (type && !"SQS".equals(dlq.get("Type").asText(null))) {
            throw e.invalid(e.logicalId(), "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.");
        }
        if (!arn && !type) {
            throw e.invalid(e.logicalId(), "No 'Arn' or 'Type' property provided for DeadLetterConfig.");
        }
        JsonNode queueId = dlq.get("QueueLogicalId");
        if (!arn && queueId != null && !queueId.isNull() && !queueId.isTextual()) {
            throw e.invalid(e.logicalId(), "QueueLogicalId must be a string");
        }
    }

    /** SAM adds the function to the bucket's notifications and makes the bucket depend on the permission. */
    private void bucket(SamChecks.EventSource e) {
        String id = linked(e, e.get("Bucket"), "'Ref' value in S3 events is not a valid string.", e.name(),
                "S3 events must reference an S3 bucket in the same template.");
        JsonNode bucket = resources.get(id);
        if (bucket.has("DependsOn") && !dependsOnNames(bucket.get("DependsOn"))) {
            throw TransformException.resource(e.logicalId(), "Invalid type for field 'DependsOn'. Expected a string"
                    + " or list of strings.");
        }
        JsonNode notifications = bucket.path("Properties").get("NotificationConfiguration");
        if (notifications == null || notifications.isNull()) {
            return;
        }
        if (!notifications.isObject()) {
            throw TransformException.resource(id, "Property 'NotificationConfiguration' should be a map.");
        }
        JsonNode lambda = notifications.get("LambdaConfigurations");
        if (lambda != null && !lambda.isNull() && !lambda.isArray()) {
            throw TransformException.resource(id, "Invalid type for LambdaConfigurations. Must be a list.");
        }
    }

    private static boolean dependsOnNames(JsonNode dependsOn) {
        if (dependsOn.isTextual()) {
            return true;
        }
        if (!dependsOn.isArray()) {
            return false;
        }
        for (JsonNode n : dependsOn) {
            if (n.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    /** SAM sets the function as the pool's trigger in its LambdaConfig; a trigger takes one function. */
    private void cognito(SamChecks.EventSource e) {
        String id = linked(e, e.get("UserPool"), "Ref in Userpool is not a string.", e.logicalId(),
                "Cognito events must reference a Cognito UserPool in the same template.");
        JsonNode config = resources.get(id).path("Properties").get("LambdaConfig");
        if (config != null && !config.isNull() && !config.isObject()) {
            throw TransformException.resource(id, "Property 'LambdaConfig' should be a map.");
        }
        Set<String> set = poolTriggers.computeIfAbsent(id, k -> {
            Set<String> s = new HashSet<>();
            if (config != null && config.isObject()) {
                config.fieldNames().forEachRemaining(s::add);
            }
            return s;
        });
        JsonNode trigger = e.get("Trigger");
        List<JsonNode> triggers = new ArrayList<>();
        (trigger.isArray() ? trigger : List.of(trigger)).forEach(triggers::add);
        for (JsonNode t : triggers) {
            if (!set.add(t.asText())) {
                String shown = trigger.isArray() ? pythonRepr(trigger) : trigger.asText();
                throw e.invalid(e.name(), "Cognito trigger \"" + shown + "\" defined multiple times.");
            }
        }
    }

    private static String pythonRepr(JsonNode list) {
        List<String> items = new ArrayList<>();
        list.forEach(n -> items.add(n.asText()));
        return SamChecks.pythonList(items);
    }

    /** The logical id of the template resource {@code value} refers to with {@code Ref}, or the translator's error. */
    private String linked(SamChecks.EventSource e, JsonNode value, String notText, String notTextId, String missing) {
        if (value != null && value.isObject() && value.has("Ref")) {
            JsonNode ref = value.get("Ref");
            if (!ref.isTextual()) {
                throw e.invalid(notTextId, notText);
            }
            if (resources.has(ref.asText()) && resources.get(ref.asText()).isObject()) {
                return ref.asText();
            }
        }
        throw e.invalid(e.name(), missing);
    }
}
