package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The JSON type SAM requires of the properties of its API resources ({@code AWS::Serverless::Api}, {@code HttpApi},
 * {@code WebSocketApi}) and of the settings nested in them, checked before anything is generated for the API. A path
 * names a property ({@code Auth}), a nested one ({@code Auth.Authorizers}), any entry of a mapping ({@code *}) or any
 * item of a list ({@code []}). Properties this class does not name are left to the checks of each API kind.
 */
final class ApiShapes {
    /** What a value must be; an intrinsic function passes unless the shape is {@link #OBJECT}. */
    enum Shape {
        MAP("should be a map", JsonNode::isObject),
        OBJECT("should be a map", JsonNode::isObject),
        STRING("should be a string", JsonNode::isTextual),
        LIST("should be a list", JsonNode::isArray),
        BOOLEAN("should be a boolean", JsonNode::isBoolean),
        INTEGER("should be an integer", JsonNode::isIntegralNumber),
        STRING_OR_MAP("should be a string or a map", v -> v.isTextual() || v.isObject()),
        BOOLEAN_OR_MAP("should be a boolean or a map", v -> v.isBoolean() || v.isObject()),
        // YAML reads 3.0 as a number; SAM takes it as the version it spells, but not a bare 3
        VERSION("should be a string", v -> v.isTextual() || v.isFloatingPointNumber());

        final String problem;
        private final Predicate<JsonNode> test;

        Shape(String problem, Predicate<JsonNode> test) {
            this.problem = problem;
            this.test = test;
        }

        boolean accepts(JsonNode v) {
            if (v == null || v.isNull() || Intrinsics.isIntrinsic(v)) {
                return this != OBJECT;
            }
            return test.test(v);
        }
    }

    private static final Map<String, Map<String, Shape>> TYPES = new LinkedHashMap<>();

    static {
        Map<String, Shape> common = new LinkedHashMap<>();
        common.put("Tags", Shape.MAP);
        common.put("PropagateTags", Shape.BOOLEAN);
        common.put("Auth", Shape.MAP);
        common.put("Domain", Shape.OBJECT);
        common.put("Domain.Route53", Shape.OBJECT);
        common.put("FailOnWarnings", Shape.BOOLEAN);
        common.put("Description", Shape.STRING);
        common.put("DisableExecuteApiEndpoint", Shape.BOOLEAN);

        Map<String, Shape> rest = new LinkedHashMap<>(common);
        rest.put("DefinitionBody", Shape.MAP);
        rest.put("DefinitionUri", Shape.STRING_OR_MAP);
        rest.put("StageName", Shape.STRING_OR_MAP);
        rest.put("MergeDefinitions", Shape.BOOLEAN);
        rest.put("CacheClusterEnabled", Shape.BOOLEAN);
        rest.put("Variables", Shape.MAP);
        rest.put("EndpointConfiguration", Shape.STRING_OR_MAP);
        rest.put("MethodSettings", Shape.LIST);
        rest.put("BinaryMediaTypes", Shape.LIST);
        rest.put("MinimumCompressionSize", Shape.INTEGER);
        rest.put("Cors", Shape.STRING_OR_MAP);
        rest.put("GatewayResponses", Shape.MAP);
        rest.put("GatewayResponses.*.ResponseParameters", Shape.OBJECT);
        rest.put("AccessLogSetting", Shape.MAP);
        rest.put("CanarySetting", Shape.MAP);
        rest.put("TracingEnabled", Shape.BOOLEAN);
        rest.put("OpenApiVersion", Shape.VERSION);
        rest.put("Models", Shape.MAP);
        rest.put("Domain.BasePath[]", Shape.STRING);
        rest.put("AlwaysDeploy", Shape.BOOLEAN);
        putAuthorizers(rest);
        TYPES.put(ApiResources.REST, rest);

        Map<String, Shape> http = new LinkedHashMap<>(common);
        http.put("StageName", Shape.STRING_OR_MAP);
        http.put("DefinitionBody", Shape.MAP);
        http.put("DefinitionUri", Shape.STRING_OR_MAP);
        http.put("StageVariables", Shape.MAP);
        http.put("CorsConfiguration", Shape.BOOLEAN_OR_MAP);
        http.put("AccessLogSettings", Shape.MAP);
        http.put("DefaultRouteSettings", Shape.MAP);
        http.put("RouteSettings", Shape.MAP);
        putAuthorizers(http);
        http.put("Auth.Authorizers.*.EnableFunctionDefaultPermissions", Shape.BOOLEAN);
        TYPES.put(ApiResources.HTTP, http);

        Map<String, Shape> ws = new LinkedHashMap<>(common);
        ws.put("ApiKeySelectionExpression", Shape.STRING);
        ws.put("AccessLogSettings", Shape.OBJECT);
        ws.put("DefaultRouteSettings", Shape.OBJECT);
        ws.put("RouteSettings", Shape.OBJECT);
        ws.put("DisableSchemaValidation", Shape.BOOLEAN);
        ws.put("IpAddressType", Shape.STRING);
        ws.put("Name", Shape.STRING);
        ws.put("Routes", Shape.MAP);
        ws.put("RouteSelectionExpression", Shape.STRING);
        ws.put("StageName", Shape.STRING_OR_MAP);
        ws.put("StageVariables", Shape.MAP);
        TYPES.put(ApiResources.WEBSOCKET, ws);
    }

    private ApiShapes() {
    }

    /** REST and HTTP APIs describe their authorizers alike: a mapping of names to settings. */
    private static void putAuthorizers(Map<String, Shape> shapes) {
        String authorizer = "Auth.Authorizers.*.";
        shapes.put("Auth.Authorizers", Shape.OBJECT);
        shapes.put(authorizer + "Identity", Shape.OBJECT);
        for (String list : new String[] {"Identity.Headers", "Identity.QueryStrings"}) {
            shapes.put(authorizer + list, Shape.LIST);
            shapes.put(authorizer + list + "[]", Shape.STRING);
        }
        shapes.put(authorizer + "AuthorizationScopes", Shape.LIST);
    }

    /** Rejects the first property of API {@code id} (of SAM type {@code type}) whose value has the wrong shape. */
    static void validate(String id, String type, JsonNode properties) {
        TYPES.getOrDefault(type, Map.of()).forEach((path, shape) ->
                walk(id, properties, path.replace("[]", ".[]").split("\\."), 0, "", shape));
    }

    private static void walk(String id, JsonNode node, String[] segments, int index, String at, Shape shape) {
        if (index == segments.length) {
            if (!shape.accepts(node)) {
                throw TransformException.resource(id, "Property '" + at + "' " + shape.problem + ".");
            }
            return;
        }
        if (node == null || Intrinsics.isIntrinsic(node)) {
            return;
        }
        String segment = segments[index];
        if (segment.equals("[]")) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(id, node.get(i), segments, index + 1, at + "[" + i + "]", shape);
                }
            }
        } else if (node.isObject()) {
            String prefix = at.isEmpty() ? "" : at + ".";
            if (segment.equals("*")) {
                node.fields().forEachRemaining(e ->
                        walk(id, e.getValue(), segments, index + 1, prefix + e.getKey(), shape));
            } else if (node.has(segment)) {
                walk(id, node.get(segment), segments, index + 1, prefix + segment, shape);
            }
        }
    }
}
