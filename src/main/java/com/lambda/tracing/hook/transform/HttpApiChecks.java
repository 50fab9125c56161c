package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What SAM requires of the settings of an {@code AWS::Serverless::HttpApi} (Globals merged): a definition from one
 * source, known CorsConfiguration and Auth keys, authorizers that are complete for their kind (OAuth2/JWT with
 * {@code JwtConfiguration} and {@code IdentitySource}, Lambda with {@code FunctionArn} and
 * {@code AuthorizerPayloadFormatVersion}) and carry only that kind's settings, a REGIONAL custom domain.
 */
final class HttpApiChecks {
    private static final List<String> CORS_KEYS = List.of("AllowMethods", "AllowHeaders", "AllowOrigins", "MaxAge",
            "ExposeHeaders", "AllowCredentials");
    private static final String OPENAPI_ONLY = " works only with inline OpenApi specified in the 'DefinitionBody'"
            + " property.";
    private static final Map<String, String> INLINE_ONLY = Map.of("CorsConfiguration", "Cors works only with inline"
            + " OpenApi specified in 'DefinitionBody' property.", "Auth", "Auth" + OPENAPI_ONLY, "Tags",
            "Tags" + OPENAPI_ONLY, "Description", "Description" + OPENAPI_ONLY, "Name", "Name" + OPENAPI_ONLY,
            "DisableExecuteApiEndpoint", "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.");
    private static final List<String> AUTH_KEYS = List.of("Authorizers", "DefaultAuthorizer", "EnableIamAuthorizer");
    private static final List<String> JWT_ONLY = List.of("AuthorizationScopes", "JwtConfiguration",
            "IdentitySource");
    private static final List<String> LAMBDA_ONLY = List.of("FunctionArn", "FunctionInvokeRole", "Identity",
            "AuthorizerPayloadFormatVersion", "EnableSimpleResponses", "EnableFunctionDefaultPermissions");

    private HttpApiChecks() {
    }

    static void validate(ApiResources.Api api) {
        String id = api.id();
        JsonNode p = api.properties();
        if (RestApiChecks.isSet(p.get("DefinitionUri")) && RestApiChecks.isSet(p.get("DefinitionBody"))) {
            throw TransformException.resource(id, "Specify either 'DefinitionUri' or 'DefinitionBody' property and"
                    + " not both.");
        }
        RestApiChecks.requireInline(id, p, INLINE_ONLY);
        if (!p.path("CorsConfiguration").isBoolean()) {
            RestApiChecks.checkCors(id, p.get("CorsConfiguration"), CORS_KEYS);
        }
        JsonNode auth = p.get("Auth");
        if (auth != null && auth.isObject() && !auth.isEmpty()) {
            auth.fieldNames().forEachRemaining(key -> {
                if (!AUTH_KEYS.contains(key)) {
                    throw TransformException.resource(id, "Invalid value for 'Auth' property");
                }
            });
            checkAuthorizers(id, auth.get("Authorizers"));
            JsonNode defaultAuthorizer = auth.get("DefaultAuthorizer");
            if (RestApiChecks.isSet(defaultAuthorizer) && !Intrinsics.isNoValue(defaultAuthorizer)) {
                if (!defaultAuthorizer.isTextual()) {
                    throw TransformException.resource(id, "Property 'Auth.DefaultAuthorizer' should be a string.");
                }
                String name = defaultAuthorizer.asText();
                boolean iam = name.equals("AWS_IAM") && auth.path("EnableIamAuthorizer").asBoolean(false);
                if (!iam && !auth.path("Authorizers").has(name)) {
                    throw TransformException.resource(id, "Unable to set DefaultAuthorizer because '" + name
                            + "' was not defined in 'Authorizers'.");
                }
            }
        }
        RestApiChecks.checkDomain(id, p.get("Domain"), List.of("REGIONAL"));
    }

    private static void checkAuthorizers(String id, JsonNode authorizers) {
        if (!RestApiChecks.isSet(authorizers)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = authorizers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode a = e.getValue();
            if (!a.isObject()) {
                throw TransformException.resource(id, "Property 'Auth.Authorizers." + name + "' should be a map.");
            }
            if (a.has("OpenIdConnectUrl")) {
                throw TransformException.resource(id, "'OpenIdConnectUrl' is no longer a supported property for"
                        + " authorizer '" + name + "'. Please refer to the AWS SAM documentation.");
            }
            boolean jwt = RestApiChecks.isSet(a.get("JwtConfiguration"));
            List<String> foreign = jwt ? LAMBDA_ONLY : JWT_ONLY;
            for (String key : foreign) {
                if (!RestApiChecks.isAbsent(a.get(key))) {
                    throw TransformException.resource(id, key + " is only supported for " + (jwt
                            ? "Lambda Authorizer." : "OAuth2 Authorizer."));
                }
            }
            List<String> required = jwt ? List.of("JwtConfiguration", "IdentitySource")
                    : List.of("FunctionArn", "AuthorizerPayloadFormatVersion");
            for (String key : required) {
                if (!RestApiChecks.isSet(a.get(key))) {
                    throw TransformException.resource(id, name + " " + (jwt ? "OAuth2" : "Lambda")
                            + " Authorizer must define '" + key + "'.");
                }
            }
        }
    }
}
