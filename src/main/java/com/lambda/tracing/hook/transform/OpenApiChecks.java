package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What SAM requires of an API's inline {@code DefinitionBody} when it must edit it: a Swagger 2.0 or OpenAPI 3
 * document with a {@code paths} mapping; for a REST API with authorizers or a required API key, path items and
 * method definitions that are mappings (also inside {@code Fn::If}), a {@code security} list of mappings and a
 * {@code securityDefinitions} mapping; for an HTTP API, a {@code tags} list.
 */
final class OpenApiChecks {
    /** Path item fields that are not methods. */
    private static final Set<String> NOT_METHODS = Set.of("summary", "description", "parameters");

    private OpenApiChecks() {
    }

    static void validate(ApiResources.Api api) {
        JsonNode body = api.properties().get("DefinitionBody");
        if (body == null || !body.isObject() || body.isEmpty() || Intrinsics.isIntrinsic(body)) {
            return;
        }
        if (api.type().equals(ApiResources.HTTP)) {
            validateHttp(api.id(), body, api.properties());
        } else {
            validateRest(api.id(), body, api.properties().get("Auth"));
        }
    }

    private static void validateHttp(String id, JsonNode body, JsonNode p) {
        boolean valid = isOpenApi3(body);
        if (RestApiChecks.isSet(p.get("Tags")) && !valid) {
            throw TransformException.resource(id, "Unable to add `Tags` because 'DefinitionBody' does not contain a"
                    + " valid OpenApi definition.");
        }
        JsonNode tags = body.get("tags");
        if (valid && RestApiChecks.isSet(tags) && !tags.isArray()) {
            throw TransformException.resource(id, "Tags in OpenApi DefinitionBody needs to be a list. " + tags
                    + " is a " + (tags.isObject() ? "dict" : "scalar") + " not a list.");
        }
    }

    private static void validateRest(String id, JsonNode body, JsonNode auth) {
        if (auth == null || !auth.isObject() || auth.isEmpty() || Intrinsics.isIntrinsic(auth)) {
            return;
        }
        if (!isSwagger(body)) {
            throw TransformException.resource(id, "Unable to add Auth configuration because 'DefinitionBody' does not"
                    + " contain a valid Swagger definition.");
        }
        boolean authorizers = RestApiChecks.isSet(auth.get("Authorizers"))
                || "AWS_IAM".equals(auth.path("DefaultAuthorizer").asText());
        boolean apiKey = auth.path("ApiKeyRequired").asBoolean(false);
        if (!authorizers && !apiKey) {
            return;
        }
        JsonNode definitions = body.get("securityDefinitions");
        if (RestApiChecks.isSet(definitions) && !definitions.isObject()) {
            throw TransformException.resource(id, "securityDefinitions must be a dictionary.");
        }
        if (apiKey || RestApiChecks.isSet(auth.get("DefaultAuthorizer"))) {
            for (Iterator<Map.Entry<String, JsonNode>> it = body.get("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                validateSecurity(id, path.getKey(), path.getValue());
            }
        }
    }

    /** Every method of a path that has an API Gateway integration must list its security as mappings. */
    private static void validateSecurity(String id, String path, JsonNode pathItem) {
        for (JsonNode item : conditionalContents(id, pathItem)) {
            if (!item.isObject()) {
                throw TransformException.resource(id, "Value of '" + path + "' path must be a dictionary according to"
                        + " Swagger spec.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> method = it.next();
                if (NOT_METHODS.contains(method.getKey())) {
                    continue;
                }
                for (JsonNode definition : conditionalContents(id, method.getValue())) {
                    if (!definition.isObject()) {
                        throw TransformException.resource(id, "Definition of method '" + method.getKey()
                                + "' for path '" + path + "' should be a map.");
                    }
                    if (RestApiChecks.isSet(definition.get("x-amazon-apigateway-integration"))) {
                        validateSecurityList(id, path, method.getKey(), definition.get("security"));
                    }
                }
            }
        }
    }

    private static void validateSecurityList(String id, String path, String method, JsonNode security) {
        if (security == null) {
            return;
        }
        String where = " for path " + path + " method " + method;
        if (!security.isArray()) {
            throw TransformException.resource(id, "Type of security" + where + " must be a list");
        }
        for (JsonNode s : security) {
            if (!s.isObject()) {
                throw TransformException.resource(id, (s.isTextual() ? s.asText() : s.toString()) + " in Security"
                        + where + " is not a valid dictionary.");
            }
        }
    }

    /** The value itself, or both branches of an {@code Fn::If} (without {@code AWS::NoValue}). */
    private static List<JsonNode> conditionalContents(String id, JsonNode item) {
        List<JsonNode> contents = new ArrayList<>();
        if (item != null && item.isObject() && item.has("Fn::If")) {
            JsonNode args = item.get("Fn::If");
            if (!args.isArray()) {
                throw TransformException.resource(id, "Value of Fn::If must be a list.");
            }
            for (int i = 1; i < args.size(); i++) {
                if (!Intrinsics.isNoValue(args.get(i))) {
                    contents.add(args.get(i));
                }
            }
        } else {
            contents.add(item == null ? Intrinsics.NODES.nullNode() : item);
        }
        return contents;
    }

    static boolean isOpenApi3(JsonNode body) {
        return body != null && body.isObject() && body.path("paths").isObject()
                && body.path("openapi").asText("").matches("3(\\.\\d)(\\.\\d)?");
    }

    static boolean isSwagger(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("paths").isObject()) {
            return false;
        }
        JsonNode swagger = body.get("swagger");
        if (swagger != null && !swagger.isNull() && !swagger.asText("").isEmpty()) {
            return true;
        }
        return isOpenApi3(body);
    }
}
