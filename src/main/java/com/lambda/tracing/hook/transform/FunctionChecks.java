package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static com.lambda.tracing.hook.transform.SamChecks.isMap;
import static com.lambda.tracing.hook.transform.SamChecks.truthy;

/**
 * The translator's checks of a function's settings that generate other resources: tenancy isolation (which only API
 * events may invoke), asynchronous invocation destinations, the function URL, and CodeDeploy deployment
 * preferences.
 */
final class FunctionChecks {
    private static final List<String> DESTINATION_TYPES = List.of("SQS", "SNS", "EventBridge", "Lambda", "S3Bucket");
    /** Destination types for which SAM creates the queue or topic when no Destination is given. */
    private static final List<String> GENERATED_DESTINATIONS = List.of("SQS", "SNS");
    /** FunctionUrlConfig.Cors properties and the Python type the translator checks each against. */
    private static final Map<String, String> CORS = Map.of("AllowOrigins", "list", "AllowMethods", "list",
            "AllowCredentials", "bool", "AllowHeaders", "list", "ExposeHeaders", "list", "MaxAge", "int");

    private FunctionChecks() {
    }

    static void validate(String id, ObjectNode p, SamTransform.Context ctx) {
        JsonNode allProperties = p.get("AutoPublishAliasAllProperties");
        if (allProperties != null && Intrinsics.isIntrinsic(allProperties)) {
            // SAM decides with it which properties name the version: it cannot wait for CloudFormation
            throw TransformException.resource(id, "Type of property 'AutoPublishAliasAllProperties' is invalid.");
        }
        tenancy(id, p);
        JsonNode invoke = p.get("EventInvokeConfig");
        if (truthy(invoke) && isMap(invoke)) {
            destinations(id, ctx.intrinsics.resolveParameters(invoke).get("DestinationConfig"));
        }
        JsonNode url = p.get("FunctionUrlConfig");
        if (truthy(url) && isMap(url)) {
            functionUrl(id, url);
        }
        JsonNode deployment = p.get("DeploymentPreference");
        if (truthy(deployment) && isMap(deployment)) {
            DeploymentChecks.validate(id, deployment, ctx);
        }
    }

    private static void tenancy(String id, ObjectNode p) {
        if (!truthy(p.get("TenancyConfig"))) {
            return;
        }
        if (truthy(p.get("ProvisionedConcurrencyConfig"))) {
            throw TransformException.resource(id, "Provisioned concurrency is not supported for functions enabled with"
                    + " tenancy configuration.");
        }
        if (truthy(p.get("FunctionUrlConfig"))) {
            throw TransformException.resource(id, "Function URL is not supported for functions enabled with tenancy"
                    + " configuration.");
        }
        if (truthy(p.get("SnapStart"))) {
            throw TransformException.resource(id, "SnapStart is not supported for functions enabled with tenancy"
                    + " configuration.");
        }
        JsonNode events = p.get("Events");
        if (isMap(events)) {
            for (Iterator<JsonNode> it = events.elements(); it.hasNext(); ) {
                String type = it.next().path("Type").asText("None");
                if (!type.equals("Api") && !type.equals("HttpApi")) {
                    throw TransformException.resource(id, "Event source '" + type + "' is not supported for functions"
                            + " enabled with tenancy configuration. Only Api and HttpApi event sources are supported.");
                }
            }
        }
    }

    private static void destinations(String id, JsonNode config) {
        if (!truthy(config)) {
            return;
        }
        if (!config.isObject()) {
            throw TransformException.resource(id, "Property 'EventInvokeConfig.DestinationConfig' should be a map.");
        }
        for (String name : new String[] {"OnSuccess", "OnFailure"}) {
            JsonNode d = config.get(name);
            if (d == null || d.isNull()) {
                continue;
            }
            if (!d.isObject()) {
                throw TransformException.resource(id, "Property 'EventInvokeConfig.DestinationConfig." + name
                        + "' should be a map.");
            }
            JsonNode type = d.get("Type");
            if (type == null || !type.isTextual() || !DESTINATION_TYPES.contains(type.asText())) {
                throw TransformException.resource(id, "'Type: " + (type == null || type.isNull() ? "None"
                        : type.asText(type.toString())) + "' must be one of " + SamChecks.pythonList(DESTINATION_TYPES));
            }
            JsonNode destination = d.get("Destination");
            boolean conditional = false;
            if (Intrinsics.isIntrinsic(destination, "Fn::If")) {
                JsonNode args = destination.get("Fn::If");
                if (!args.isArray() || args.size() != 3) {
                    throw TransformException.resource(id + "EventInvokeConfig", "Malformed 'Destination' property:"
                            + " Fn::If requires 3 arguments.");
                }
                conditional = Intrinsics.isNoValue(args.get(1)) != Intrinsics.isNoValue(args.get(2));
            }
            if ((destination == null || destination.isNull() || conditional)
                    && !GENERATED_DESTINATIONS.contains(type.asText())) {
                throw TransformException.resource(id, "Destination is required if Type is not "
                        + SamChecks.pythonList(GENERATED_DESTINATIONS));
            }
        }
    }

    private static void functionUrl(String id, JsonNode url) {
        JsonNode auth = url.get("AuthType");
        if (!Intrinsics.isIntrinsic(auth)
                && !(auth != null && auth.isTextual() && (auth.asText().equals("AWS_IAM") || auth.asText().equals("NONE")))) {
            throw TransformException.resource(id, "AuthType is required to configure function property"
                    + " `FunctionUrlConfig`. Please provide either AWS_IAM or NONE.");
        }
        JsonNode cors = url.get("Cors");
        if (!truthy(cors) || Intrinsics.isIntrinsic(cors)) {
            return;
        }
        if (!cors.isObject()) {
            throw TransformException.resource(id, "Property 'FunctionUrlConfig.Cors' should be a map.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = cors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = CORS.get(e.getKey());
            if (type == null) {
                throw TransformException.resource(id, e.getKey() + " is not a valid property for configuring Cors.");
            }
            JsonNode v = e.getValue();
            boolean ok = Intrinsics.isIntrinsic(v) || switch (type) {
                case "list" -> v.isArray();
                case "bool" -> v.isBoolean();
                default -> v.isIntegralNumber() || v.isBoolean(); // a Python bool is an int
            };
            if (!ok) {
                throw TransformException.resource(id, e.getKey() + " must be of type " + type + ".");
            }
        }
    }
}
