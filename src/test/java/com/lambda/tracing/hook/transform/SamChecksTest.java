package com.lambda.tracing.hook.transform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static com.lambda.tracing.hook.transform.Sam.function;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The SAM translator's checks of function settings that generate resources (tenancy, destinations, URL, deployment
 * preference), of logical ids SAM generates, of connectors and of CapacityProvider globals: one small template per
 * rule, with its exact message.
 */
class SamChecksTest {
    private static final String FN = "Resource with id [Fn] is invalid. ";
    private static final String TENANCY = "TenancyConfig: {TenantIsolationMode: PER_TENANT}";
    private static final String ALIAS = "AutoPublishAlias: live";
    private static final String CLASH = "Transforming resource with id [Fn] attempts to create a new resource with id";
    private static final String EXISTS = ". A resource with that id already exists within this template. Please use a"
            + " different id for that resource.";
    private static final String CONNECTOR = "  C:\n    Type: AWS::Serverless::Connector\n    Properties: ";

    @ParameterizedTest(name = "{0}")
    @MethodSource({"settings", "generated"})
    void rejectedAsTheTranslatorRejectsIt(String rule, String template, String message) {
        assertEquals(message, Sam.rejection(template), rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedAsTheTranslatorAcceptsIt(String rule, String template) {
        assertDoesNotThrow(() -> Sam.process(template), rule);
    }

    private static String invoke(String destinationConfig) {
        return function(ALIAS, "EventInvokeConfig: {MaximumRetryAttempts: 1, DestinationConfig: " + destinationConfig + "}");
    }

    private static String deployment(String preference) {
        return "Parameters: {Pass: {Type: String, Default: 'false'}}\n" + "Mappings: {M: {a: {b: true}}}\n"
                + function(ALIAS, "DeploymentPreference: {Type: Linear10PercentEvery3Minutes, " + preference + "}");
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                arguments("a computed AutoPublishAliasAllProperties", function(ALIAS,
                        "AutoPublishAliasAllProperties: {'Fn::If': [C, true, false]}"),
                        FN + "Type of property 'AutoPublishAliasAllProperties' is invalid."),
                arguments("tenancy with provisioned concurrency", function(ALIAS, TENANCY,
                        "ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 1}"),
                        FN + "Provisioned concurrency is not supported for functions enabled with tenancy configuration."),
                arguments("tenancy with a function URL", function(TENANCY, "FunctionUrlConfig: {AuthType: NONE}"),
                        FN + "Function URL is not supported for functions enabled with tenancy configuration."),
                arguments("tenancy with SnapStart", function(TENANCY, "SnapStart: {ApplyOn: PublishedVersions}"),
                        FN + "SnapStart is not supported for functions enabled with tenancy configuration."),
                arguments("tenancy with a queue event", function(TENANCY, "Events: {Q: {Type: SQS, Properties: {Queue: q}}}"),
                        FN + "Event source 'SQS' is not supported for functions enabled with tenancy configuration."
                                + " Only Api and HttpApi event sources are supported."),
                arguments("destinations that are a list", invoke("[x]"),
                        FN + "Property 'EventInvokeConfig.DestinationConfig' should be a map."),
                arguments("an OnSuccess that is a list", invoke("{OnSuccess: [x]}"),
                        FN + "Property 'EventInvokeConfig.DestinationConfig.OnSuccess' should be a map."),
                arguments("a destination of an unknown type", invoke("{OnFailure: {Type: blah, Destination: d}}"),
                        FN + "'Type: blah' must be one of ['SQS', 'SNS', 'EventBridge', 'Lambda', 'S3Bucket']"),
                arguments("a destination without a type", invoke("{OnFailure: {Destination: d}}"),
                        FN + "'Type: None' must be one of ['SQS', 'SNS', 'EventBridge', 'Lambda', 'S3Bucket']"),
                arguments("a Lambda destination without its ARN", invoke("{OnSuccess: {Type: Lambda}}"),
                        FN + "Destination is required if Type is not ['SQS', 'SNS']"),
                arguments("a conditional EventBridge destination", invoke("{OnSuccess: {Type: EventBridge,"
                        + " Destination: {'Fn::If': [C, {Ref: 'AWS::NoValue'}, arn]}}}"),
                        FN + "Destination is required if Type is not ['SQS', 'SNS']"),
                arguments("a destination Fn::If with two arguments", invoke("{OnSuccess: {Type: SQS,"
                        + " Destination: {'Fn::If': [C, arn]}}}"), "Resource with id [FnEventInvokeConfig] is invalid."
                        + " Malformed 'Destination' property: Fn::If requires 3 arguments."),
                arguments("destinations from Globals", "Globals: {Function: {EventInvokeConfig: {DestinationConfig:"
                        + " {OnSuccess: {Type: S3Bucket}}}}}\n" + function(),
                        FN + "Destination is required if Type is not ['SQS', 'SNS']"),
                arguments("a function URL without AuthType", function("FunctionUrlConfig: {Cors: {MaxAge: 10}}"),
                        FN + "AuthType is required to configure function property `FunctionUrlConfig`. Please provide"
                                + " either AWS_IAM or NONE."),
                arguments("URL CORS that is a list", function("FunctionUrlConfig: {AuthType: AWS_IAM, Cors: [x]}"),
                        FN + "Property 'FunctionUrlConfig.Cors' should be a map."),
                arguments("an unknown URL CORS setting", function("FunctionUrlConfig: {AuthType: NONE, Cors:"
                        + " {AllowOrigin: [o]}}"), FN + "AllowOrigin is not a valid property for configuring Cors."),
                arguments("a URL CORS MaxAge in a string", function("FunctionUrlConfig: {AuthType: NONE, Cors:"
                        + " {MaxAge: '10'}}"), FN + "MaxAge must be of type int."),
                arguments("URL CORS credentials in a string", function("FunctionUrlConfig: {AuthType: NONE, Cors:"
                        + " {AllowCredentials: 'yes'}}"), FN + "AllowCredentials must be of type bool."),
                arguments("alarms in a string", deployment("Alarms: MyAlarm"), FN + "Alarms must be a list"),
                arguments("alarms in a string on one branch", deployment("Alarms: {'Fn::If': [C, [a], b]}"),
                        FN + "Alarms must be a list"),
                arguments("a passthrough condition in a list", deployment("PassthroughCondition: [hello]"),
                        FN + "Invalid value for property PassthroughCondition."),
                arguments("a passthrough condition SAM cannot resolve", deployment("PassthroughCondition:"
                        + " {'Fn::If': [C, true, false]}"), FN + "Unsupported intrinsic: the only intrinsic functions"
                        + " supported for property PassthroughCondition are FindInMap and parameter Refs."),
                arguments("an unknown CapacityProvider global", "Globals: {CapacityProvider: {CapacityProviderName: n}}\n"
                        + function(), "'Globals' section is invalid. 'CapacityProviderName' is not a supported property"
                        + " of 'CapacityProvider'. Must be one of the following values - ['VpcConfig', 'OperatorRole',"
                        + " 'Tags', 'InstanceRequirements', 'ScalingConfig', 'KmsKeyArn', 'PropagateTags']"));
    }

    static Stream<Arguments> generated() {
        return Stream.of(
                arguments("a resource under an event's permission id", function("Events: {E: {Type: AlexaSkill}}")
                        + "  FnEPermission: {Type: AWS::Lambda::Permission}\n",
                        CLASH + " [FnEPermission] and type \"AWS::Lambda::Permission\"" + EXISTS),
                arguments("a resource under an event source mapping's id", function("Events: {E: {Type: Kinesis,"
                        + " Properties: {Stream: s, StartingPosition: LATEST}}}") + "  FnE: {Type: AWS::SNS::Topic}\n",
                        CLASH + " [FnE] and type \"AWS::Lambda::EventSourceMapping\"" + EXISTS),
                arguments("a resource under the URL's id", function("FunctionUrlConfig: {AuthType: AWS_IAM}")
                        + "  FnUrl: {Type: AWS::Lambda::Url}\n", CLASH + " [FnUrl] and type \"AWS::Lambda::Url\"" + EXISTS),
                arguments("a connector property SAM does not know", function() + CONNECTOR
                        + "{Source: {Id: Fn}, Desitation: {Id: Fn}, Permissions: [Read]}\n",
                        "Resource with id [C] is invalid. property Desitation not defined for resource of type"
                                + " AWS::Serverless::Connector"),
                arguments("a connector without permissions", function() + CONNECTOR + "{Source: {Id: Fn},"
                        + " Destination: {Id: Fn}}\n", "Resource with id [C] is invalid. Missing required property"
                        + " 'Permissions'."),
                arguments("a connector end whose Id is a number", function() + CONNECTOR + "{Source: {Id: Fn},"
                        + " Destination: [{Id: 42}], Permissions: [Read]}\n",
                        "Resource with id [C] is invalid. 'Id' is missing or not a string."),
                arguments("a connector end outside the template", function() + CONNECTOR + "{Source: {Id: Fn},"
                        + " Destination: {Id: Gone}, Permissions: [Read]}\n",
                        "Resource with id [C] is invalid. Unable to find resource with logical ID 'Gone'."),
                arguments("a connector end without Id or Type", function() + CONNECTOR + "{Source: {Arn: a},"
                        + " Destination: {Id: Fn}, Permissions: [Read]}\n",
                        "Resource with id [C] is invalid. 'Type' is missing or not a string."));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("tenancy with an API event", function(TENANCY,
                        "Events: {A: {Type: Api, Properties: {Path: /p, Method: get}}}")),
                arguments("generated queue and topic destinations", invoke("{OnSuccess: {Type: SQS}, OnFailure: {Type:"
                        + " SNS, Destination: {'Fn::If': [C, arn, {Ref: 'AWS::NoValue'}]}}}")),
                arguments("a URL with computed auth and typed CORS", function("FunctionUrlConfig: {AuthType: {Ref: A},"
                        + " Cors: {MaxAge: 10, AllowCredentials: true, AllowOrigins: ['*']}}")),
                arguments("passthrough conditions SAM resolves", deployment("PassthroughCondition: {Ref: Pass}")),
                arguments("a passthrough condition from a mapping", deployment("PassthroughCondition:"
                        + " {'Fn::FindInMap': [M, a, b]}, Alarms: {'Fn::If': [C, [a], [b]]}")),
                arguments("alarms of a disabled deployment", deployment("Enabled: false, Alarms: MyAlarm")),
                arguments("a resource whose id no event generates", function("Events: {E: {Type: AlexaSkill}}")
                        + "  FnE: {Type: AWS::SNS::Topic}\n"),
                arguments("a connector by id and by type", function() + "  T: {Type: AWS::SNS::Topic}\n" + CONNECTOR
                        + "{Source: {Type: AWS::Lambda::Function, Arn: a}, Destination: [{Id: T}], Permissions: [Write]}\n"));
    }
}
