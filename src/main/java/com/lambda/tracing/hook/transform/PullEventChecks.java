package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

import static com.lambda.tracing.hook.transform.SamChecks.isMap;
import static com.lambda.tracing.hook.transform.SamChecks.truthy;

/**
 * The event sources Lambda polls (streams, queues, Kafka, MQ, DocumentDB): the translator's checks of their filter,
 * failure destination, consumer group, schema registry and source access configurations (the secrets and network
 * settings the generated policies name).
 */
final class PullEventChecks {
    private static final Set<String> PULL = Set.of("Kinesis", "DynamoDB", "SQS", "MSK", "MQ", "SelfManagedKafka",
            "DocumentDB");
    private static final Set<String> KAFKA = Set.of("MSK", "SelfManagedKafka");
    private static final List<String> DESTINATION_TYPES = List.of("SQS", "SNS", "S3", "Kafka");
    private static final Set<String> KAFKA_AUTH = Set.of("SASL_SCRAM_256_AUTH", "SASL_SCRAM_512_AUTH", "BASIC_AUTH",
            "CLIENT_CERTIFICATE_TLS_AUTH");
    private static final List<String> SCHEMA_REGISTRY_FIELDS = List.of("SchemaRegistryURI", "EventRecordFormat",
            "SchemaValidationConfigs");

    private PullEventChecks() {
    }

    static void validate(SamChecks.EventSource e) {
        if (!PULL.contains(e.type())) {
            return;
        }
        JsonNode filter = e.get("FilterCriteria");
        if (truthy(filter) && isMap(filter) && !(filter.size() == 1 && filter.has("Filters"))) {
            throw e.invalid(e.name(), "FilterCriteria field has a wrong format");
        }
        if (truthy(e.get("ConsumerGroupId")) && !KAFKA.contains(e.type())) {
            throw e.invalid(e.logicalId(), "Property ConsumerGroupId not defined for resource of type " + e.type() + ".");
        }
        JsonNode destination = e.get("DestinationConfig");
        if (truthy(destination) && isMap(destination)) {
            JsonNode onFailure = destination.get("OnFailure");
            if (onFailure == null || !onFailure.isObject()) {
                throw e.invalid(e.logicalId(), "Property 'DestinationConfig.OnFailure' should be a map.");
            }
            JsonNode type = onFailure.get("Type");
            if (truthy(type) && !(type.isTextual() && DESTINATION_TYPES.contains(type.asText()))) {
                throw e.invalid(e.logicalId(), "The only valid values for 'Type' are 'SQS', 'SNS', 'S3', and 'Kafka'");
            }
        }
        switch (e.type()) {
            case "MQ":
                sourceAccess(e, List.of("BASIC_AUTH", "VIRTUAL_HOST"));
                kmsKeyId(e);
                break;
            case "DocumentDB":
                sourceAccess(e, List.of("BASIC_AUTH"));
                kmsKeyId(e);
                break;
            case "SelfManagedKafka":
                selfManagedKafka(e);
                break;
            case "MSK":
                schemaRegistry(e);
                break;
            default:
                break;
        }
    }

    /** MQ and DocumentDB: the listed types only, and exactly one BASIC_AUTH entry with a secret URI. */
    private static void sourceAccess(SamChecks.EventSource e, List<String> supported) {
        JsonNode sac = e.get("SourceAccessConfigurations");
        if (!truthy(sac)) {
            throw e.invalid(e.name(), "No SourceAccessConfigurations for Amazon " + e.type() + " event provided.");
        }
        if (!sac.isArray()) {
            throw e.invalid(e.name(), "Provided SourceAccessConfigurations cannot be parsed into a list.");
        }
        boolean basicAuth = false;
        for (int i = 0; i < sac.size(); i++) {
            JsonNode conf = sac.get(i);
            if (!conf.isObject()) {
                throw e.invalid(e.name(), "Property 'SourceAccessConfigurations[" + i + "]' should be a map.");
            }
            JsonNode type = conf.get("Type");
            if (type == null || !type.isTextual()) {
                throw e.invalid(e.name(), "Property 'SourceAccessConfigurations[" + i + "].Type' should be a string.");
            }
            if (!supported.contains(type.asText())) {
                throw e.invalid(e.name(), "Invalid property Type specified in SourceAccessConfigurations. The"
                        + " supported values are: " + SamChecks.pythonList(supported) + ".");
            }
            if (type.asText().equals("BASIC_AUTH")) {
                if (basicAuth) {
                    throw e.invalid(e.name(), "Multiple BASIC_AUTH properties specified in SourceAccessConfigurations.");
                }
                if (!truthy(conf.get("URI"))) {
                    throw e.invalid(e.name(), "No BASIC_AUTH URI property specified in SourceAccessConfigurations.");
                }
                basicAuth = true;
            }
        }
        if (!basicAuth) {
            throw e.invalid(e.name(), "No BASIC_AUTH property specified in SourceAccessConfigurations.");
        }
    }

    private static void selfManagedKafka(SamChecks.EventSource e) {
        if (!truthy(e.get("KafkaBootstrapServers"))) {
            throw e.invalid(e.name(), "No KafkaBootstrapServers provided for self managed kafka as an event source");
        }
        JsonNode topics = e.get("Topics");
        if (!truthy(topics)) {
            throw e.invalid(e.name(), "No Topics provided for self managed kafka as an event source");
        }
        if (topics.isArray() && topics.size() != 1) {
            throw e.invalid(e.name(), "Topics for self managed kafka only supports single configuration entry.");
        }
        JsonNode sac = e.get("SourceAccessConfigurations");
        if (!truthy(sac)) {
            throw e.invalid(e.name(), "No SourceAccessConfigurations for self managed kafka event provided.");
        }
        if (!sac.isArray()) {
            throw e.invalid(e.name(), "SourceAccessConfigurations for self managed kafka event should be a list.");
        }
        boolean auth = false;
        boolean subnet = false;
        boolean securityGroup = false;
        for (JsonNode conf : sac) {
            if (!conf.isObject()) {
                throw e.invalid(e.name(), "Property 'SourceAccessConfigurations' should be a map.");
            }
            String type = conf.path("Type").asText("");
            String what = KAFKA_AUTH.contains(type) ? "auth mechanism" : type;
            if (type.equals("VPC_SUBNET")) {
                subnet = true;
            } else if (type.equals("VPC_SECURITY_GROUP")) {
                securityGroup = true;
            } else if (KAFKA_AUTH.contains(type)) {
                if (auth) {
                    throw e.invalid(e.name(), "Multiple auth mechanism properties specified in"
                            + " SourceAccessConfigurations for self managed kafka event.");
                }
                auth = true;
            } else if (!type.equals("SERVER_ROOT_CA_CERTIFICATE")) {
                throw e.invalid(e.name(), "Invalid SourceAccessConfigurations Type provided for self managed kafka"
                        + " event.");
            }
            JsonNode uri = conf.get("URI");
            if (!truthy(uri)) {
                throw e.invalid(e.name(), "No " + what + " URI property specified in SourceAccessConfigurations for"
                        + " self managed kafka event.");
            }
            if (!uri.isTextual() && !Intrinsics.isIntrinsic(uri)) {
                throw e.invalid(e.name(), "Wrong Type for " + what + " URI property specified in"
                        + " SourceAccessConfigurations for self managed kafka event.");
            }
        }
        if (subnet != securityGroup) {
            throw e.invalid(e.name(), "VPC_SUBNET and VPC_SECURITY_GROUP in SourceAccessConfigurations for"
                    + " SelfManagedKafka must be both provided.");
        }
        kmsKeyId(e);
        schemaRegistry(e);
    }

    /** The key id is spliced into a key ARN with Fn::Sub, so it must be a literal string. */
    private static void kmsKeyId(SamChecks.EventSource e) {
        JsonNode key = e.get("SecretsManagerKmsKeyId");
        if (truthy(key) && !key.isTextual()) {
            throw e.invalid(e.name(), "Property 'SecretsManagerKmsKeyId' should be a string.");
        }
    }

    private static void schemaRegistry(SamChecks.EventSource e) {
        JsonNode config = e.get("SchemaRegistryConfig");
        if (!truthy(config)) {
            return;
        }
        if (!config.isObject()) {
            throw e.invalid(e.name(), "Property 'SchemaRegistryConfig' should be a map.");
        }
        for (String field : SCHEMA_REGISTRY_FIELDS) {
            if (!config.has(field)) {
                throw e.invalid(e.name(), "Missing required field " + field + " in SchemaRegistryConfig");
            }
        }
        String format = config.get("EventRecordFormat").asText("");
        if (!format.equals("JSON") && !format.equals("SOURCE")) {
            throw e.invalid(e.name(), "EventRecordFormat in SchemaRegistryConfig must be either 'JSON' or 'SOURCE'");
        }
        if (!config.get("SchemaValidationConfigs").isArray()) {
            throw e.invalid(e.name(), "SchemaValidationConfigs must be a list");
        }
        JsonNode access = config.get("AccessConfigs");
        if (truthy(access)) {
            if (!access.isArray()) {
                throw e.invalid(e.name(), "AccessConfigs in SchemaRegistryConfig must be a list");
            }
            for (JsonNode c : access) {
                if (!c.isObject() || !c.has("Type") || !c.has("URI")) {
                    throw e.invalid(e.name(), "Each AccessConfig must be a dict with 'Type' and 'URI' fields");
                }
            }
        }
    }
}
