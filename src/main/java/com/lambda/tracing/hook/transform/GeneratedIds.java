package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static com.lambda.tracing.hook.transform.SamChecks.truthy;

/**
 * The logical ids of the resources SAM generates for a function's events, URL and asynchronous invocation settings
 * ({@code <Function><Event>}, {@code <Function><Event>Permission}, ...). CloudFormation cannot hold two resources
 * under one id, so the translator rejects a template that already defines one of them.
 */
final class GeneratedIds {
    private static final String PERMISSION = "AWS::Lambda::Permission";
    private static final Set<String> POLLED = Set.of("Kinesis", "DynamoDB", "SQS", "MSK", "MQ", "SelfManagedKafka",
            "DocumentDB");

    private GeneratedIds() {
    }

    static void validate(Map<String, ObjectNode> functions, JsonNode resources) {
        for (Map.Entry<String, ObjectNode> f : functions.entrySet()) {
            String id = f.getKey();
            for (Map.Entry<String, String> g : generated(id, f.getValue()).entrySet()) {
                if (resources.has(g.getKey())) {
                    throw new TransformException("Transforming resource with id [" + id + "] attempts to create a new"
                            + " resource with id [" + g.getKey() + "] and type \"" + g.getValue() + "\". A resource"
                            + " with that id already exists within this template. Please use a different id for that"
                            + " resource.");
                }
            }
        }
    }

    /** Generated logical id → its resource type, for one function's properties. */
    static Map<String, String> generated(String id, ObjectNode p) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode url = p.get("FunctionUrlConfig");
        if (truthy(url)) {
            out.put(id + "Url", "AWS::Lambda::Url");
            if ("NONE".equals(url.path("AuthType").asText(null))) {
                out.put(id + "UrlPublicPermissions", PERMISSION);
            }
        }
        if (truthy(p.get("EventInvokeConfig"))) {
            out.put(id + "EventInvokeConfig", "AWS::Lambda::EventInvokeConfig");
        }
        JsonNode events = p.get("Events");
        if (events == null || !events.isObject() || Intrinsics.isIntrinsic(events)) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = events.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getValue().path("Type").asText("");
            JsonNode props = e.getValue().path("Properties");
            event(id, id + e.getKey(), type, props, out);
        }
        return out;
    }

    private static void event(String function, String l, String type, JsonNode props, Map<String, String> out) {
        if (POLLED.contains(type)) {
            out.put(l, "AWS::Lambda::EventSourceMapping");
            return;
        }
        switch (type) {
            case "S3", "AlexaSkill" -> out.put(l + "Permission", PERMISSION);
            case "Cognito" -> out.put(function + "CognitoPermission", PERMISSION);
            case "IoTRule" -> {
                out.put(l, "AWS::IoT::TopicRule");
                out.put(l + "Permission", PERMISSION);
            }
            case "CloudWatchLogs" -> {
                out.put(l, "AWS::Logs::SubscriptionFilter");
                out.put(l + "Permission", PERMISSION);
            }
            case "Schedule", "CloudWatchEvent", "EventBridgeRule" -> {
                out.put(l, "AWS::Events::Rule");
                out.put(l + "Permission", PERMISSION);
            }
            case "ScheduleV2" -> {
                out.put(l, "AWS::Scheduler::Schedule");
                if (!props.has("RoleArn")) {
                    out.put(l + "Role", "AWS::IAM::Role");
                }
            }
            case "SNS" -> {
                out.put(l, "AWS::SNS::Subscription");
                if (!truthy(props.get("SqsSubscription"))) {
                    out.put(l + "Permission", PERMISSION);
                }
            }
            default -> {
            }
        }
    }
}
