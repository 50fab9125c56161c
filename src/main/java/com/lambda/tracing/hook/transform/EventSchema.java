package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.lambda.tracing.hook.transform.SamSchema.Kind.ANY;
import static com.lambda.tracing.hook.transform.SamSchema.Kind.BOOLEAN;
import static com.lambda.tracing.hook.transform.SamSchema.Kind.INTEGER;
import static com.lambda.tracing.hook.transform.SamSchema.Kind.LIST;
import static com.lambda.tracing.hook.transform.SamSchema.Kind.MAP;
import static com.lambda.tracing.hook.transform.SamSchema.Kind.STRING;
import static com.lambda.tracing.hook.transform.SamSchema.Kind.STRING_OR_LIST;

/**
 * The properties each non-API event source type accepts, which it requires, and which must be written literally
 * (no intrinsic function: SAM reads the value itself to generate resources). The translator rejects an unknown
 * property, a missing required one and a value of the wrong type under the event's logical id (function id + event
 * name).
 */
final class EventSchema {
    /** One property: its JSON kind, whether the event needs it, whether an intrinsic function may stand for it. */
    record Spec(SamSchema.Kind kind, boolean required, boolean intrinsics) {
    }

    private static final Map<String, Map<String, Spec>> TYPES = new LinkedHashMap<>();

    static {
        Map<String, Spec> pull = new Builder()
                .optional(INTEGER, "BatchSize", "MaximumBatchingWindowInSeconds", "MaximumRetryAttempts",
                        "MaximumRecordAgeInSeconds", "ParallelizationFactor", "TumblingWindowInSeconds")
                .optional(ANY, "StartingPosition", "StartingPositionTimestamp", "KmsKeyArn")
                .optional(BOOLEAN, "Enabled", "BisectBatchOnFunctionError")
                .optional(MAP, "DestinationConfig", "FilterCriteria", "ScalingConfig", "ProvisionedPollerConfig",
                        "SchemaRegistryConfig", "MetricsConfig", "LoggingConfig")
                .optional(LIST, "Topics", "Queues", "SourceAccessConfigurations", "FunctionResponseTypes",
                        "KafkaBootstrapServers")
                .optional(STRING, "SecretsManagerKmsKeyId", "ConsumerGroupId")
                .build();
        TYPES.put("Kinesis", new Builder(pull).required(ANY, "Stream", "StartingPosition").build());
        TYPES.put("DynamoDB", new Builder(pull).required(ANY, "Stream", "StartingPosition").build());
        TYPES.put("MSK", new Builder(pull).required(ANY, "Stream", "StartingPosition").build());
        TYPES.put("SQS", new Builder(pull).required(ANY, "Queue").build());
        TYPES.put("MQ", new Builder(pull).required(ANY, "Broker").literal(BOOLEAN, false, "DynamicPolicyName").build());
        TYPES.put("SelfManagedKafka", pull);
        TYPES.put("DocumentDB", new Builder(pull).required(ANY, "Cluster", "DatabaseName")
                .optional(ANY, "CollectionName", "FullDocument").build());

        TYPES.put("Schedule", new Builder().required(STRING, "Schedule")
                .optional(STRING, "RuleName", "Input", "State", "Name", "Description")
                .optional(BOOLEAN, "Enabled").optional(MAP, "DeadLetterConfig", "RetryPolicy").build());
        Map<String, Spec> rule = new Builder()
                .optional(STRING, "EventBusName", "RuleName", "Input", "InputPath", "State")
                .optional(MAP, "Pattern", "DeadLetterConfig", "RetryPolicy", "Target", "InputTransformer")
                .optional(BOOLEAN, "Enabled").build();
        TYPES.put("CloudWatchEvent", rule);
        TYPES.put("EventBridgeRule", rule);
        TYPES.put("ScheduleV2", new Builder().required(STRING, "ScheduleExpression")
                .optional(STRING, "PermissionsBoundary", "Name", "State", "Description", "StartDate", "EndDate",
                        "ScheduleExpressionTimezone", "GroupName", "KmsKeyArn", "Input", "RoleArn")
                .optional(MAP, "FlexibleTimeWindow", "DeadLetterConfig", "RetryPolicy")
                .literal(BOOLEAN, false, "OmitName").build());
        TYPES.put("S3", new Builder().required(STRING, "Bucket").literal(STRING_OR_LIST, true, "Events")
                .optional(MAP, "Filter").build());
        TYPES.put("SNS", new Builder().required(STRING, "Topic").optional(STRING, "Region")
                .optional(ANY, "FilterPolicy", "FilterPolicyScope", "SqsSubscription").optional(MAP, "RedrivePolicy")
                .build());
        TYPES.put("CloudWatchLogs", new Builder().required(STRING, "LogGroupName", "FilterPattern").build());
        TYPES.put("IoTRule", new Builder().required(STRING, "Sql").optional(STRING, "AwsIotSqlVersion").build());
        TYPES.put("AlexaSkill", new Builder().optional(STRING, "SkillId").build());
        TYPES.put("Cognito", new Builder().required(STRING, "UserPool").literal(STRING_OR_LIST, true, "Trigger").build());
    }

    private EventSchema() {
    }

    /** Whether {@code type} is a non-API event source type SAM knows. */
    static boolean describes(String type) {
        return TYPES.containsKey(type);
    }

    static void validate(SamChecks.EventSource event) {
        Map<String, Spec> specs = TYPES.get(event.type());
        if (specs == null) {
            return; // API events, and types SamEvents rejects
        }
        String id = event.logicalId();
        for (Iterator<String> names = event.properties().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!specs.containsKey(name)) {
                throw TransformException.resource(id, "property " + name + " not defined for resource of type "
                        + event.type());
            }
        }
        for (Map.Entry<String, Spec> e : specs.entrySet()) {
            JsonNode v = event.get(e.getKey());
            Spec spec = e.getValue();
            if (v == null) {
                if (spec.required()) {
                    throw TransformException.resource(id, "Missing required property '" + e.getKey() + "'.");
                }
            } else if (!typeAccepted(spec, v)) {
                throw TransformException.resource(id, "Type of property '" + e.getKey() + "' is invalid.");
            }
        }
    }

    private static boolean typeAccepted(Spec spec, JsonNode v) {
        if (spec.intrinsics()) {
            // a one-key mapping is shaped like an intrinsic function: the translator leaves its type to CloudFormation
            return v.isObject() && v.size() == 1 || spec.kind().accepts(v);
        }
        return !Intrinsics.isIntrinsic(v) && spec.kind().accepts(v);
    }

    private static final class Builder {
        private final Map<String, Spec> specs;

        Builder() {
            this(Map.of());
        }

        Builder(Map<String, Spec> base) {
            specs = new LinkedHashMap<>(base);
        }

        Builder optional(SamSchema.Kind kind, String... names) {
            return put(new Spec(kind, false, true), names);
        }

        Builder required(SamSchema.Kind kind, String... names) {
            return put(new Spec(kind, true, true), names);
        }

        /** Properties SAM reads itself, so they must be written out, not computed by an intrinsic function. */
        Builder literal(SamSchema.Kind kind, boolean required, String... names) {
            return put(new Spec(kind, required, false), names);
        }

        private Builder put(Spec spec, String... names) {
            for (String n : names) {
                specs.put(n, spec);
            }
            return this;
        }

        Map<String, Spec> build() {
            return Collections.unmodifiableMap(specs);
        }
    }
}
