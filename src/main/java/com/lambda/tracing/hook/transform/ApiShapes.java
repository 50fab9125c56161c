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

    /** Shapes every API kind shares, then each kind's own, as {@code path=SHAPE} pairs. */
    private static final String COMMON = "Tags=MAP PropagateTags=BOOLEAN Auth=MAP Domain=OBJECT Domain.Route53=OBJECT"
            + " FailOnWarnings=BOOLEAN Description=STRING DisableExecuteApiEndpoint=BOOLEAN StageName=STRING_OR_MAP";
    /** REST and HTTP APIs take a definition and describe their authorizers alike (a mapping of names to settings). */
    private static final String DEFINED = "Auth.Authorizers=OBJECT Auth.Authorizers.*.Identity=OBJECT"
            + " Auth.Authorizers.*.Identity.Headers=LIST Auth.Authorizers.*.Identity.Headers[]=STRING"
            + " Auth.Authorizers.*.Identity.QueryStrings=LIST Auth.Authorizers.*.Identity.QueryStrings[]=STRING"
            + " Auth.Authorizers.*.AuthorizationScopes=LIST DefinitionBody=MAP DefinitionUri=STRING_OR_MAP";
    private static final Map<String, Map<String, Shape>> TYPES = Map.of(
            ApiResources.REST, parse(COMMON, DEFINED, "MergeDefinitions=BOOLEAN CacheClusterEnabled=BOOLEAN"
                    + " Variables=MAP EndpointConfiguration=STRING_OR_MAP MethodSettings=LIST BinaryMediaTypes=LIST"
                    + " MinimumCompressionSize=INTEGER Cors=STRING_OR_MAP GatewayResponses=MAP"
                    + " GatewayResponses.*.ResponseParameters=OBJECT AccessLogSetting=MAP CanarySetting=MAP"
                    + " TracingEnabled=BOOLEAN OpenApiVersion=VERSION Models=MAP Domain.BasePath[]=STRING"
                    + " AlwaysDeploy=BOOLEAN"),
            ApiResources.HTTP, parse(COMMON, DEFINED, "StageVariables=MAP CorsConfiguration=BOOLEAN_OR_MAP"
                    + " AccessLogSettings=MAP DefaultRouteSettings=MAP RouteSettings=MAP"
                    + " Auth.Authorizers.*.EnableFunctionDefaultPermissions=BOOLEAN"),
            ApiResources.WEBSOCKET, parse(COMMON, "ApiKeySelectionExpression=STRING AccessLogSettings=OBJECT"
                    + " DefaultRouteSettings=OBJECT RouteSettings=OBJECT DisableSchemaValidation=BOOLEAN"
                    + " IpAddressType=STRING Name=STRING Routes=MAP RouteSelectionExpression=STRING"
                    + " StageVariables=MAP"));

    private ApiShapes() {
    }

    private static Map<String, Shape> parse(String... specs) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (String spec : specs) {
            for (String pair : spec.split(" ")) {
                String[] kv = pair.split("=");
                shapes.put(kv[0], Shape.valueOf(kv[1]));
            }
        }
        return shapes;
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
