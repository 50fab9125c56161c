package com.lambda.tracing.hook.transform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static com.lambda.tracing.hook.transform.Sam.event;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The SAM translator's checks of function events, one small template per rule, with its exact message. */
class EventSourceChecksTest {
    private static final String FN = "Resource with id [Fn] is invalid. ";
    private static final String FN_E = "Resource with id [FnE] is invalid. ";
    private static final String EVENT = FN + "Event with id [E] is invalid. ";
    private static final String EVENT_FN_E = FN + "Event with id [FnE] is invalid. ";
    private static final String BUCKET = "B: {Type: AWS::S3::Bucket}";
    private static final String POOL = "P: {Type: AWS::Cognito::UserPool}";
    private static final String KAFKA = "{KafkaBootstrapServers: [h:9092], Topics: [t], ";
    private static final String SCRAM = "{Type: SASL_SCRAM_512_AUTH, URI: s}";
    private static final String MSK = "{Stream: s, StartingPosition: LATEST, Topics: [t], SchemaRegistryConfig: ";

    @ParameterizedTest(name = "{0}")
    @MethodSource({"schema", "polled", "invoking"})
    void rejectedAsTheTranslatorRejectsIt(String rule, String template, String message) {
        assertEquals(message, Sam.rejection(template), rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedAsTheTranslatorAcceptsIt(String rule, String template) {
        assertDoesNotThrow(() -> Sam.process(template), rule);
    }

    static Stream<Arguments> schema() {
        return Stream.of(
                arguments("an unknown property", event("SNS", "{Topic: t, FilterCriteria: {Filters: []}}"),
                        FN_E + "property FilterCriteria not defined for resource of type SNS"),
                arguments("a missing required property", event("Kinesis", "{Stream: s}"),
                        FN_E + "Missing required property 'StartingPosition'."),
                arguments("a value of the wrong type", event("MSK", "{Stream: s, StartingPosition: LATEST,"
                        + " SourceAccessConfigurations: not-a-list}"),
                        FN_E + "Type of property 'SourceAccessConfigurations' is invalid."),
                arguments("an intrinsic where SAM reads the value", event("S3", "{Bucket: {Ref: B}, Events: {Ref: X}}",
                        BUCKET), FN_E + "Type of property 'Events' is invalid."),
                arguments("an intrinsic OmitName", event("ScheduleV2", "{ScheduleExpression: rate(1 day),"
                        + " OmitName: {Ref: X}}"), FN_E + "Type of property 'OmitName' is invalid."));
    }

    static Stream<Arguments> polled() {
        return Stream.of(
                arguments("a filter without Filters", event("DynamoDB", "{Stream: s, StartingPosition: LATEST,"
                        + " FilterCriteria: {Filter: []}}"), EVENT + "FilterCriteria field has a wrong format"),
                arguments("a consumer group outside Kafka", event("SQS", "{Queue: q, ConsumerGroupId: g}"),
                        EVENT_FN_E + "Property ConsumerGroupId not defined for resource of type SQS."),
                arguments("a destination without OnFailure", event("Kinesis", "{Stream: s, StartingPosition: LATEST,"
                        + " DestinationConfig: {OnSuccess: {Destination: d}}}"),
                        EVENT_FN_E + "Property 'DestinationConfig.OnFailure' should be a map."),
                arguments("a stream destination of another type", event("Kinesis", "{Stream: s, StartingPosition:"
                        + " LATEST, DestinationConfig: {OnFailure: {Type: Lambda, Destination: d}}}"),
                        EVENT_FN_E + "The only valid values for 'Type' are 'SQS', 'SNS', 'S3', and 'Kafka'"),
                arguments("MQ without access configurations", event("MQ", "{Broker: b, Queues: [q]}"),
                        EVENT + "No SourceAccessConfigurations for Amazon MQ event provided."),
                arguments("MQ with a Kafka authentication", event("MQ", "{Broker: b, Queues: [q],"
                        + " SourceAccessConfigurations: [" + SCRAM + "]}"), EVENT + "Invalid property Type specified"
                        + " in SourceAccessConfigurations. The supported values are: ['BASIC_AUTH', 'VIRTUAL_HOST']."),
                arguments("MQ without BASIC_AUTH", event("MQ", "{Broker: b, Queues: [q],"
                        + " SourceAccessConfigurations: [{Type: VIRTUAL_HOST, URI: v}]}"),
                        EVENT + "No BASIC_AUTH property specified in SourceAccessConfigurations."),
                arguments("MQ with a computed KMS key id", event("MQ", "{Broker: b, Queues: [q],"
                        + " SourceAccessConfigurations: [{Type: BASIC_AUTH, URI: s}], SecretsManagerKmsKeyId: {Ref: K}}"),
                        EVENT + "Property 'SecretsManagerKmsKeyId' should be a string."),
                arguments("DocumentDB with two BASIC_AUTH", event("DocumentDB", "{Cluster: c, DatabaseName: d,"
                        + " SourceAccessConfigurations: [{Type: BASIC_AUTH, URI: a}, {Type: BASIC_AUTH, URI: b}]}"),
                        EVENT + "Multiple BASIC_AUTH properties specified in SourceAccessConfigurations."),
                arguments("DocumentDB BASIC_AUTH without URI", event("DocumentDB", "{Cluster: c, DatabaseName: d,"
                        + " SourceAccessConfigurations: [{Type: BASIC_AUTH}]}"),
                        EVENT + "No BASIC_AUTH URI property specified in SourceAccessConfigurations."),
                arguments("self-managed Kafka without servers", event("SelfManagedKafka", "{Topics: [t]}"),
                        EVENT + "No KafkaBootstrapServers provided for self managed kafka as an event source"),
                arguments("self-managed Kafka with two topics", event("SelfManagedKafka", "{KafkaBootstrapServers:"
                        + " [h:9092], Topics: [a, b]}"),
                        EVENT + "Topics for self managed kafka only supports single configuration entry."),
                arguments("self-managed Kafka without access configurations", event("SelfManagedKafka", KAFKA + "}"),
                        EVENT + "No SourceAccessConfigurations for self managed kafka event provided."),
                arguments("self-managed Kafka with two authentications", event("SelfManagedKafka", KAFKA
                        + "SourceAccessConfigurations: [" + SCRAM + ", {Type: BASIC_AUTH, URI: b}]}"),
                        EVENT + "Multiple auth mechanism properties specified in SourceAccessConfigurations for self"
                                + " managed kafka event."),
                arguments("self-managed Kafka with a subnet and no security group", event("SelfManagedKafka", KAFKA
                        + "SourceAccessConfigurations: [" + SCRAM + ", {Type: VPC_SUBNET, URI: 'subnet:s'}]}"),
                        EVENT + "VPC_SUBNET and VPC_SECURITY_GROUP in SourceAccessConfigurations for SelfManagedKafka"
                                + " must be both provided."),
                arguments("self-managed Kafka with an unknown access type", event("SelfManagedKafka", KAFKA
                        + "SourceAccessConfigurations: [{Type: VIRTUAL_HOST, URI: v}]}"),
                        EVENT + "Invalid SourceAccessConfigurations Type provided for self managed kafka event."),
                arguments("self-managed Kafka authentication without URI", event("SelfManagedKafka", KAFKA
                        + "SourceAccessConfigurations: [{Type: CLIENT_CERTIFICATE_TLS_AUTH}]}"),
                        EVENT + "No auth mechanism URI property specified in SourceAccessConfigurations for self"
                                + " managed kafka event."),
                arguments("a schema registry without its format", event("MSK", MSK + "{SchemaRegistryURI: u,"
                        + " SchemaValidationConfigs: [{Attribute: KEY}]}}"),
                        EVENT + "Missing required field EventRecordFormat in SchemaRegistryConfig"),
                arguments("a schema registry of an unknown format", event("MSK", MSK + "{SchemaRegistryURI: u,"
                        + " EventRecordFormat: AVRO, SchemaValidationConfigs: []}}"),
                        EVENT + "EventRecordFormat in SchemaRegistryConfig must be either 'JSON' or 'SOURCE'"),
                arguments("a schema registry access without URI", event("MSK", MSK + "{SchemaRegistryURI: u,"
                        + " EventRecordFormat: JSON, SchemaValidationConfigs: [], AccessConfigs: [{Type: BASIC_AUTH}]}}"),
                        EVENT + "Each AccessConfig must be a dict with 'Type' and 'URI' fields"));
    }

    static Stream<Arguments> invoking() {
        return Stream.of(
                arguments("a bucket outside the template", event("S3", "{Bucket: mybucket, Events: 's3:ObjectCreated:*'}"),
                        EVENT + "S3 events must reference an S3 bucket in the same template."),
                arguments("a bucket whose DependsOn SAM cannot extend", event("S3", "{Bucket: {Ref: B}, Events: e}",
                        "B: {Type: AWS::S3::Bucket, DependsOn: 12345}"),
                        FN_E + "Invalid type for field 'DependsOn'. Expected a string or list of strings."),
                arguments("bucket notifications that are a list", event("S3", "{Bucket: {Ref: B}, Events: e}",
                        "B: {Type: AWS::S3::Bucket, Properties: {NotificationConfiguration: [x]}}"),
                        "Resource with id [B] is invalid. Property 'NotificationConfiguration' should be a map."),
                arguments("bucket Lambda notifications that are a mapping", event("S3", "{Bucket: {Ref: B}, Events: e}",
                        "B: {Type: AWS::S3::Bucket, Properties: {NotificationConfiguration: {LambdaConfigurations: {}}}}"),
                        "Resource with id [B] is invalid. Invalid type for LambdaConfigurations. Must be a list."),
                arguments("an SQS subscription without its queue", event("SNS", "{Topic: t, SqsSubscription:"
                        + " {QueueArn: a}}"), EVENT + "No QueueARN or QueueURL provided."),
                arguments("a user pool Ref that is not a name", event("Cognito", "{UserPool: {Ref: [P]}, Trigger: PreSignUp}",
                        POOL), EVENT_FN_E + "Ref in Userpool is not a string."),
                arguments("a user pool outside the template", event("Cognito", "{UserPool: pool, Trigger: PreSignUp}"),
                        EVENT + "Cognito events must reference a Cognito UserPool in the same template."),
                arguments("a user pool LambdaConfig that is a list", event("Cognito", "{UserPool: {Ref: P},"
                        + " Trigger: PreSignUp}", "P: {Type: AWS::Cognito::UserPool, Properties: {LambdaConfig: [x]}}"),
                        "Resource with id [P] is invalid. Property 'LambdaConfig' should be a map."),
                arguments("a trigger the user pool already sets", event("Cognito", "{UserPool: {Ref: P}, Trigger:"
                        + " [PreSignUp, CustomMessage]}", "P: {Type: AWS::Cognito::UserPool, Properties: {LambdaConfig:"
                        + " {CustomMessage: arn}}}"),
                        EVENT + "Cognito trigger \"['PreSignUp', 'CustomMessage']\" defined multiple times."),
                arguments("a schedule with State and Enabled", event("Schedule", "{Schedule: rate(1 day), State: ENABLED,"
                        + " Enabled: true}"), EVENT + "State and Enabled Properties cannot both be specified."),
                arguments("a dead-letter queue by ARN and by type", event("EventBridgeRule", "{Pattern: {source: [s]},"
                        + " DeadLetterConfig: {Arn: a, Type: SQS}}"),
                        EVENT_FN_E + "You can either define 'Arn' or 'Type' property of DeadLetterConfig."),
                arguments("a dead-letter topic", event("CloudWatchEvent", "{Pattern: {source: [s]},"
                        + " DeadLetterConfig: {Type: SNS}}"),
                        EVENT_FN_E + "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'."),
                arguments("an empty dead-letter config", event("ScheduleV2", "{ScheduleExpression: rate(1 day),"
                        + " DeadLetterConfig: {QueueLogicalId: Q}}"),
                        EVENT_FN_E + "No 'Arn' or 'Type' property provided for DeadLetterConfig."),
                arguments("a computed dead-letter queue id", event("Schedule", "{Schedule: rate(1 day),"
                        + " DeadLetterConfig: {Type: SQS, QueueLogicalId: {'Fn::Sub': 'Q${AWS::Region}'}}}"),
                        EVENT_FN_E + "QueueLogicalId must be a string"),
                arguments("a named schedule that omits its name", event("ScheduleV2", "{ScheduleExpression: rate(1 day),"
                        + " OmitName: true, Name: n}"), EVENT_FN_E + "Name cannot be set when OmitName is True"));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("S3 on a bucket of the template", event("S3", "{Bucket: {Ref: B}, Events: [e]}",
                        "B: {Type: AWS::S3::Bucket, DependsOn: [X], Properties: {NotificationConfiguration:"
                                + " {LambdaConfigurations: []}}}", "X: {Type: AWS::SNS::Topic}")),
                arguments("SNS to a generated queue", event("SNS", "{Topic: t, SqsSubscription: true}")),
                arguments("SNS to a given queue", event("SNS", "{Topic: t, SqsSubscription: {QueueArn: a, QueueUrl: u}}")),
                arguments("Cognito triggers set once each", event("Cognito", "{UserPool: {Ref: P}, Trigger:"
                        + " [PreSignUp, PostConfirmation]}", "P: {Type: AWS::Cognito::UserPool, Properties:"
                        + " {LambdaConfig: {CustomMessage: arn}}}")),
                arguments("MQ with its secret and virtual host", event("MQ", "{Broker: b, Queues: [q],"
                        + " SourceAccessConfigurations: [{Type: BASIC_AUTH, URI: s}, {Type: VIRTUAL_HOST, URI: v}],"
                        + " SecretsManagerKmsKeyId: k}")),
                arguments("self-managed Kafka in a VPC with a schema registry", event("SelfManagedKafka", KAFKA
                        + "SourceAccessConfigurations: [" + SCRAM + ", {Type: VPC_SUBNET, URI: 'subnet:s'},"
                        + " {Type: VPC_SECURITY_GROUP, URI: 'security_group:g'}], ConsumerGroupId: g,"
                        + " SchemaRegistryConfig: {SchemaRegistryURI: u, EventRecordFormat: SOURCE,"
                        + " SchemaValidationConfigs: [{Attribute: VALUE}], AccessConfigs: [{Type: BASIC_AUTH, URI: s}]}}")),
                arguments("a filtered stream with a queue destination", event("Kinesis", "{Stream: s, StartingPosition:"
                        + " LATEST, FilterCriteria: {Filters: [{Pattern: p}]}, DestinationConfig: {OnFailure: {Type:"
                        + " SQS, Destination: q}}, BatchSize: {Ref: Size}}")),
                arguments("rules with dead-letter queues", event("Schedule", "{Schedule: rate(1 day), State: ENABLED,"
                        + " DeadLetterConfig: {Type: SQS, QueueLogicalId: Q}}")),
                arguments("a schedule that omits its name", event("ScheduleV2", "{ScheduleExpression: rate(1 day),"
                        + " OmitName: true, DeadLetterConfig: {Arn: a}}")));
    }
}
