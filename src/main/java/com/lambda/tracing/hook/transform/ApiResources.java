package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks SAM makes of a template's APIs before it generates anything: the {@code Api}, {@code HttpApi} and
 * {@code WebSocketApi} resources with their Globals merged, the implicit {@code ServerlessRestApi} /
 * {@code ServerlessHttpApi} that API events without an API id create, and the API events of functions and state
 * machines that attach to them. The API resources themselves are kept as written; only an invalid one is rejected.
 */
final class ApiResources {
    static final String REST = "AWS::Serverless::Api";
    static final String HTTP = "AWS::Serverless::HttpApi";
    static final String WEBSOCKET = "AWS::Serverless::WebSocketApi";
    static final String IMPLICIT_REST = "ServerlessRestApi";
    static final String IMPLICIT_HTTP = "ServerlessHttpApi";
    /** Resource types whose {@code Events} may hold {@code Api} and {@code HttpApi} events. */
    static final Set<String> EVENT_OWNERS = Set.of(SamTransform.FUNCTION, "AWS::Serverless::StateMachine");
    /** Globals section → the API properties it may set (StageName and DefinitionBody are each API's own). */
    private static final Map<String, List<String>> GLOBAL_PROPERTIES = Map.of(
            "Api", List.of("Auth", "Name", "DefinitionUri", "CacheClusterEnabled", "CacheClusterSize",
                    "MergeDefinitions", "Variables", "EndpointConfiguration", "MethodSettings", "BinaryMediaTypes",
                    "MinimumCompressionSize", "Cors", "GatewayResponses", "AccessLogSetting", "CanarySetting",
                    "TracingEnabled", "OpenApiVersion", "Domain", "AlwaysDeploy", "PropagateTags", "SecurityPolicy",
                    "EndpointAccessMode"),
            "HttpApi", List.of("Auth", "AccessLogSettings", "StageVariables", "Tags", "CorsConfiguration",
                    "DefaultRouteSettings", "Domain", "RouteSettings", "FailOnWarnings", "PropagateTags"),
            "WebSocketApi", List.of("AccessLogSettings", "ApiKeySelectionExpression", "DefaultRouteSettings",
                    "DisableExecuteApiEndpoint", "DisableSchemaValidation", "Domain", "FailOnWarnings",
                    "IpAddressType", "PropagateTags", "RouteSelectionExpression", "RouteSettings", "StageVariables",
                    "Tags"));

    /** One API as the translator builds it: its SAM type and its properties with Globals merged. */
    record Api(String id, String type, ObjectNode properties, boolean implicit) {
    }

    private ApiResources() {
    }

    /** Rejects the first invalid API resource, Globals API section or API event of {@code template}. */
    static void check(ObjectNode template, SamGlobals globals, Intrinsics intrinsics) {
        checkGlobals(template.path("Globals"));
        Map<String, Api> apis = new LinkedHashMap<>();
        JsonNode resources = template.path("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getValue().path("Type").asText("");
            if (type.equals(REST) || type.equals(HTTP) || type.equals(WEBSOCKET)) {
                JsonNode props = e.getValue().get("Properties");
                if (props != null && !props.isNull() && !props.isObject()) {
                    throw TransformException.resource(e.getKey(), "Properties must be a mapping.");
                }
                ObjectNode local = props == null || props.isNull()
                        ? Intrinsics.NODES.objectNode() : ((ObjectNode) props).deepCopy();
                // SAM resolves parameter references in an API's settings before it checks their values
                JsonNode merged = intrinsics.resolveParameters(
                        globals.merge(e.getKey(), type, e.getValue().get("IgnoreGlobals"), local));
                apis.put(e.getKey(), new Api(e.getKey(), type, (ObjectNode) merged, false));
            }
        }
        List<ApiEventChecks.Event> events = ApiEventChecks.events(resources);
        addImplicit(apis, events, globals, intrinsics, IMPLICIT_REST, REST, "RestApiId");
        addImplicit(apis, events, globals, intrinsics, IMPLICIT_HTTP, HTTP, "ApiId");
        for (Api api : apis.values()) {
            ApiShapes.validate(api.id(), api.type(), api.properties());
            if (api.type().equals(WEBSOCKET)) {
                WebSocketApiChecks.validate(api.id(), api.properties());
            } else {
                if (api.type().equals(REST)) {
                    RestApiChecks.validate(api);
                } else {
                    HttpApiChecks.validate(api);
                }
                OpenApiChecks.validate(api);
            }
        }
        ApiEventChecks.validate(events, apis, template);
    }

    private static void addImplicit(Map<String, Api> apis, List<ApiEventChecks.Event> events, SamGlobals globals,
            Intrinsics intrinsics, String id, String type, String apiIdProperty) {
        String eventType = type.equals(REST) ? "Api" : "HttpApi";
        boolean used = events.stream().anyMatch(ev -> ev.type().equals(eventType)
                && (!ev.properties().isObject() || !ev.properties().has(apiIdProperty)));
        if (used && !apis.containsKey(id)) {
            JsonNode merged = intrinsics.resolveParameters(
                    globals.merge(id, type, null, Intrinsics.NODES.objectNode()));
            apis.put(id, new Api(id, type, (ObjectNode) merged, true));
        }
    }

    private static void checkGlobals(JsonNode globals) {
        GLOBAL_PROPERTIES.forEach((section, allowed) -> {
            JsonNode properties = globals.path(section);
            properties.fieldNames().forEachRemaining(name -> {
                if (!allowed.contains(name)) {
                    throw new TransformException("'Globals' section is invalid. '" + name + "' is not a supported"
                            + " property of '" + section + "'. Must be one of the following values - "
                            + allowed + ".");
                }
            });
        });
    }
}
