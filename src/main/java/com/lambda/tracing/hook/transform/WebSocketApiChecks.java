package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What SAM requires of an {@code AWS::Serverless::WebSocketApi}: routes keyed {@code $connect}, {@code $disconnect},
 * {@code $default} or an alphanumeric name, each with a {@code FunctionArn}; request parameters and authorization
 * only on {@code $connect}; an {@code Auth} whose {@code AuthType} fits its other settings.
 */
final class WebSocketApiChecks {
    private static final Set<String> SPECIAL_ROUTES = Set.of("$connect", "$disconnect", "$default");
    private static final Set<String> AUTH_TYPES = Set.of("AWS_IAM", "CUSTOM", "NONE");

    private WebSocketApiChecks() {
    }

    static void validate(String id, JsonNode p) {
        for (String required : new String[] {"Routes", "RouteSelectionExpression"}) {
            if (p.path(required).isNull() || p.path(required).isMissingNode()) {
                throw TransformException.resource(id, "Missing required property '" + required + "'.");
            }
        }
        JsonNode routes = p.get("Routes");
        if (routes.isEmpty()) {
            throw TransformException.resource(id, "WebSocket API must have at least one route.");
        }
        JsonNode ipType = p.get("IpAddressType");
        if (ipType != null && ipType.isTextual() && !Set.of("ipv4", "dualstack").contains(ipType.asText())) {
            throw TransformException.resource(id, "IpAddressType must be 'ipv4' or 'dualstack'.");
        }
        if (p.path("Domain").hasNonNull("MutualTlsAuthentication")) {
            throw TransformException.resource(id, "Mutual TLS domain name association is not supported for Websocket"
                    + " APIs.");
        }
        JsonNode basePath = p.path("Domain").get("BasePath");
        if (basePath != null && basePath.isArray()) {
            basePath.forEach(b -> {
                if (!b.isTextual()) {
                    throw TransformException.resource(id, "Basepath must be a string.");
                }
            });
        }
        JsonNode auth = p.get("Auth");
        boolean hasAuth = auth != null && auth.isObject() && !auth.isEmpty();
        if (hasAuth && !routes.has("$connect")) {
            throw TransformException.resource(id, "Authorization is only available if there is a $connect route.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = routes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> route = it.next();
            validateRoute(id, route.getKey(), route.getValue());
            if (hasAuth) {
                validateAuth(id, auth);
            }
            if (!route.getValue().has("FunctionArn") || Intrinsics.isIntrinsic(route.getValue())) {
                throw TransformException.resource(id, "Route must have associated function.");
            }
        }
        if ("$default".equals(p.path("StageName").asText(null))) {
            throw TransformException.resource(id, "Stages cannot be named $default for WebSocket APIs.");
        }
    }

    private static void validateRoute(String id, String key, JsonNode spec) {
        if (!SPECIAL_ROUTES.contains(key) && !key.matches("[\\p{L}\\p{N}]+")) {
            throw TransformException.resource(id, "Route key '" + key + "' must be alphanumeric. Only $connect,"
                    + " $disconnect, and $default special routes are supported.");
        }
        JsonNode parameters = spec.get("RequestParameters");
        boolean present = parameters != null && !parameters.isNull() && !(parameters.isContainerNode()
                && parameters.isEmpty());
        if (present && !key.equals("$connect")) {
            throw TransformException.resource(id, "Request parameters are only supported for the $connect route in"
                    + " WebSocket APIs.");
        }
    }

    private static void validateAuth(String id, JsonNode auth) {
        JsonNode typeNode = auth.get("AuthType");
        if (typeNode == null || typeNode.isNull() || (typeNode.isTextual() && typeNode.asText().isEmpty())) {
            throw TransformException.resource(id, "AuthType must be specified for additional auth configurations.");
        }
        String type = typeNode.asText().toUpperCase(Locale.ROOT);
        if (!AUTH_TYPES.contains(type)) {
            throw TransformException.resource(id, "AuthType is not one of AWS_IAM, CUSTOM or NONE.");
        }
        JsonNode arn = auth.get("AuthArn");
        if (type.equals("CUSTOM") && (arn == null || arn.isNull() || (arn.isTextual() && arn.asText().isEmpty()))) {
            throw TransformException.resource(id, "AuthArn must be specified if AuthType is CUSTOM.");
        }
        if (!type.equals("CUSTOM") && auth.size() > 1) {
            throw TransformException.resource(id, "No additional configurations supported for AuthType " + type
                    + ".");
        }
    }
}
