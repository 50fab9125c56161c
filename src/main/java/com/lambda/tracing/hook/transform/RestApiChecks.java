package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What SAM requires of the settings of an {@code AWS::Serverless::Api} (Globals merged): a definition from one source,
 * an OpenApiVersion of the form {@code 3.0.0}, known Cors / Auth / UsagePlan / GatewayResponses keys, a custom
 * domain with its name, certificate and a supported endpoint. {@link HttpApiChecks} does the same for HTTP APIs.
 */
final class RestApiChecks {
    private static final List<String> CORS_KEYS = List.of("AllowMethods", "AllowHeaders", "AllowOrigin", "MaxAge",
            "AllowCredentials");
    private static final List<String> AUTH_KEYS = List.of("Authorizers", "DefaultAuthorizer", "InvokeRole",
            "AddDefaultAuthorizerToCorsPreflight", "AddApiKeyRequiredToCorsPreflight", "ApiKeyRequired",
            "ResourcePolicy", "UsagePlan");
    private static final List<String> USAGE_PLAN_KEYS = List.of("CreateUsagePlan", "Description", "Quota", "Tags",
            "Throttle", "UsagePlanName");
    private static final List<String> CREATE_USAGE_PLAN = List.of("SHARED", "PER_API", "NONE");
    private static final List<String> GATEWAY_RESPONSE_KEYS = List.of("ResponseParameters", "ResponseTemplates",
            "StatusCode");
    private static final List<String> RESPONSE_PARAMETER_KEYS = List.of("Headers", "Paths", "QueryStrings");
    private static final List<String> DOMAIN_ENDPOINTS = List.of("EDGE", "REGIONAL", "PRIVATE");
    private static final String SWAGGER_ONLY = " works only with inline Swagger specified in 'DefinitionBody'"
            + " property.";
    private static final Map<String, String> INLINE_ONLY = Map.of("Cors", "Cors" + SWAGGER_ONLY, "Auth",
            "Auth" + SWAGGER_ONLY, "GatewayResponses", "GatewayResponses" + SWAGGER_ONLY, "Models",
            "Models" + SWAGGER_ONLY, "DisableExecuteApiEndpoint", "DisableExecuteApiEndpoint works only within"
            + " 'DefinitionBody' property.");

    private RestApiChecks() {
    }

    static void validate(ApiResources.Api api) {
        String id = api.id();
        JsonNode p = api.properties();
        if (!api.implicit() && isAbsent(p.get("StageName"))) {
            throw TransformException.resource(id, "Missing required property 'StageName'.");
        }
        if (isSet(p.get("DefinitionUri")) && isSet(p.get("DefinitionBody"))) {
            throw TransformException.resource(id, "Specify either 'DefinitionUri' or 'DefinitionBody' property and"
                    + " not both.");
        }
        if (isSet(p.get("DefinitionUri")) && p.path("MergeDefinitions").asBoolean(false)) {
            throw TransformException.resource(id, "Cannot set 'MergeDefinitions' to True when using"
                    + " `DefinitionUri`.");
        }
        JsonNode version = p.get("OpenApiVersion");
        if (version != null && version.isValueNode() && !version.asText().matches("[2-3](\\.\\d)(\\.\\d)?")) {
            throw TransformException.resource(id, "The OpenApiVersion value must be of the format '3.0.0'.");
        }
        requireInline(id, p, INLINE_ONLY);
        checkCors(id, p.get("Cors"), CORS_KEYS);
        checkAuth(id, p.get("Auth"));
        checkGatewayResponses(id, p.get("GatewayResponses"));
        checkDomain(id, p.get("Domain"), DOMAIN_ENDPOINTS);
    }

    /** Cors given as a mapping may only use the keys SAM knows, with an origin. */
    static void checkCors(String id, JsonNode cors, List<String> keys) {
        if (!isSet(cors)) {
            return;
        }
        if (cors.isObject() && !Intrinsics.isIntrinsic(cors)) {
            cors.fieldNames().forEachRemaining(key -> {
                if (!keys.contains(key)) {
                    throw TransformException.resource(id, "Invalid key '" + key + "' for 'Cors' property.");
                }
            });
            JsonNode origin = cors.get(keys.contains("AllowOrigin") ? "AllowOrigin" : "AllowOrigins");
            if (origin != null && origin.isTextual() && origin.asText().isEmpty()) {
                throw TransformException.resource(id, "Structure of the SAM template is invalid. Invalid input."
                        + " Value for AllowedOrigins is required");
            }
        }
    }

    private static void checkAuth(String id, JsonNode auth) {
        if (auth == null || !auth.isObject() || Intrinsics.isIntrinsic(auth)) {
            return;
        }
        auth.fieldNames().forEachRemaining(key -> {
            if (!AUTH_KEYS.contains(key)) {
                throw TransformException.resource(id, "Invalid value for 'Auth' property");
            }
        });
        JsonNode defaultAuthorizer = auth.get("DefaultAuthorizer");
        // SAM applies a DefaultAuthorizer only to an API that defines authorizers
        boolean applied = isSet(defaultAuthorizer) && isSet(auth.get("Authorizers"));
        if (applied && !defaultAuthorizer.isTextual()) {
            throw TransformException.resource(id, "DefaultAuthorizer is not a string.");
        }
        if (applied && !defaultAuthorizer.asText().equals("AWS_IAM")
                && !auth.path("Authorizers").has(defaultAuthorizer.asText())) {
            throw TransformException.resource(id, "Unable to set DefaultAuthorizer because '"
                    + defaultAuthorizer.asText() + "' was not defined in 'Authorizers'.");
        }
        for (String list : new String[] {"SourceVpcBlacklist", "SourceVpcWhitelist"}) {
            JsonNode vpcs = auth.path("ResourcePolicy").get(list);
            if (vpcs != null && vpcs.isArray()) {
                vpcs.forEach(v -> {
                    if (!v.isTextual() && !isDeployParameter(v)) {
                        throw TransformException.resource(id, list + " must be a list of strings. Use Intrinsic"
                                + list.substring("Source".length()) + " instead for values that use Intrinsic"
                                + " Functions");
                    }
                });
            }
        }
        JsonNode plan = auth.get("UsagePlan");
        if (isSet(plan)) {
            if (!plan.isObject()) {
                throw TransformException.resource(id, "'UsagePlan' must be a dictionary");
            }
            plan.fieldNames().forEachRemaining(key -> {
                if (!USAGE_PLAN_KEYS.contains(key)) {
                    throw TransformException.resource(id, "Invalid property for 'UsagePlan'");
                }
            });
            JsonNode create = plan.get("CreateUsagePlan");
            if (isAbsent(create)) {
                throw TransformException.resource(id, "'CreateUsagePlan' is a required field for UsagePlan.");
            }
            if (!CREATE_USAGE_PLAN.contains(create.asText()) && !isDeployParameter(create)) {
                throw TransformException.resource(id, "'CreateUsagePlan' accepts one of " + pythonList(
                        CREATE_USAGE_PLAN) + ".");
            }
        }
    }

    private static void checkGatewayResponses(String id, JsonNode responses) {
        if (!isSet(responses) || !responses.isObject() || Intrinsics.isIntrinsic(responses)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode response = e.getValue();
            if (Intrinsics.isIntrinsic(response)) {
                throw TransformException.resource(id, "Unable to set GatewayResponses attribute because intrinsic"
                        + " functions are not supported for this field.");
            }
            if (!response.isObject()) {
                throw TransformException.resource(id, "Invalid property type for GatewayResponses. Expected an"
                        + " object of type 'GatewayResponse'.");
            }
            response.fieldNames().forEachRemaining(key -> {
                if (!GATEWAY_RESPONSE_KEYS.contains(key)) {
                    throw TransformException.resource(id, "Invalid property '" + key + "' in 'GatewayResponses'"
                            + " property '" + e.getKey() + "'.");
                }
            });
            response.path("ResponseParameters").fieldNames().forEachRemaining(key -> {
                if (!RESPONSE_PARAMETER_KEYS.contains(key)) {
                    throw TransformException.resource(id, "Invalid gateway response parameter '" + key + "'");
                }
            });
            JsonNode status = response.get("StatusCode");
            if (isSet(status) && status.isValueNode() && !status.asText().matches("[0-9]{1,3}")) {
                throw TransformException.resource(id, "Property 'StatusCode' must be numeric");
            }
        }
    }

    /**
     * Settings SAM writes into the API's definition (property → the translator's message): an API defined by a
     * {@code DefinitionUri} has no inline definition to write them into.
     */
    static void requireInline(String id, JsonNode p, Map<String, String> settings) {
        if (!isSet(p.get("DefinitionUri"))) {
            return;
        }
        settings.forEach((name, message) -> {
            JsonNode v = p.get(name);
            if (name.equals("DisableExecuteApiEndpoint") ? !isAbsent(v) : isSet(v)) {
                throw TransformException.resource(id, message);
            }
        });
    }

    /** A custom domain needs its name and certificate, a known endpoint type, and a hosted zone for Route53. */
    static void checkDomain(String id, JsonNode domain, List<String> endpoints) {
        if (domain == null || domain.isNull() || !domain.isObject()) {
            return;
        }
        for (String required : new String[] {"DomainName", "CertificateArn"}) {
            if (isAbsent(domain.get(required))) {
                throw TransformException.resource(id, "Property 'Domain." + required + "' is required.");
            }
        }
        JsonNode endpoint = domain.get("EndpointConfiguration");
        if (endpoint != null && !endpoints.contains(endpoint.asText()) && !isDeployParameter(endpoint)) {
            throw TransformException.resource(id, "EndpointConfiguration for Custom Domains must be one of "
                    + pythonList(endpoints) + ".");
        }
        JsonNode route53 = domain.get("Route53");
        if (route53 != null && route53.isObject() && isAbsent(route53.get("HostedZoneId"))
                && isAbsent(route53.get("HostedZoneName"))) {
            throw TransformException.resource(id, "HostedZoneId or HostedZoneName is required to enable Route53"
                    + " support on Custom Domains.");
        }
    }

    /**
     * A {@code Ref} left after parameter defaults and overrides were applied: a parameter CloudFormation gives SAM at
     * deploy time, so its value cannot be judged offline.
     */
    private static boolean isDeployParameter(JsonNode v) {
        return Intrinsics.isIntrinsic(v, "Ref");
    }

    static boolean isAbsent(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    /** Present, not false, zero or empty, as the translator's truthiness test reads a value. */
    static boolean isSet(JsonNode v) {
        return !isAbsent(v) && !(v.isTextual() && v.asText().isEmpty()) && !(v.isContainerNode() && v.isEmpty())
                && !(v.isBoolean() && !v.asBoolean()) && !(v.isNumber() && v.asDouble() == 0);
    }

    private static String pythonList(List<String> values) {
        return "['" + String.join("', '", values) + "']";
    }
}
