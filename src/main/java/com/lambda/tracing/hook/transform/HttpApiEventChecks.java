package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What SAM requires of an {@code HttpApi} event against the HTTP API it attaches to: an inline definition that is an
 * OpenAPI 3 document, and an {@code Auth} whose {@code Authorizer} (or the API's DefaultAuthorizer) is one the API
 * defines, {@code NONE} only over a DefaultAuthorizer, {@code AWS_IAM} when the API enables the IAM authorizer, with
 * {@code AuthorizationScopes} given as a list.
 */
final class HttpApiEventChecks {
    private HttpApiEventChecks() {
    }

    static void validate(ApiEventChecks.Event event, ApiResources.Api api, boolean managed) {
        JsonNode body = api.properties().get("DefinitionBody");
        if (!managed && RestApiChecks.isSet(body) && !Intrinsics.isIntrinsic(body) && !OpenApiChecks.isOpenApi3(body)) {
            throw TransformException.resource(api.id(), "Invalid OpenApi document. Invalid values or missing keys for"
                    + " 'openapi' or 'paths' in 'DefinitionBody'.");
        }
        JsonNode auth = event.properties().get("Auth");
        if (!RestApiChecks.isSet(auth) || body == null && !managed) {
            return;
        }
        if (!auth.isObject()) {
            throw event.invalid("Property 'Auth' should be a map.");
        }
        JsonNode apiAuth = api.properties().path("Auth");
        if (api.properties().has("Auth") && !apiAuth.isObject()) {
            throw TransformException.resource(api.id(), "Property 'Auth' should be a map.");
        }
        String where = " on API method [" + event.method() + "] for path [" + event.path() + "]";
        JsonNode authorizer = auth.get("Authorizer");
        if (!RestApiChecks.isSet(authorizer)) {
            authorizer = apiAuth.get("DefaultAuthorizer");
            if (!RestApiChecks.isSet(authorizer)) {
                throw event.invalid("'Auth' section requires either an explicit 'Authorizer' set or a"
                        + " 'DefaultAuthorizer' configured on the HttpApi.");
            }
        }
        boolean iam = apiAuth.path("EnableIamAuthorizer").asBoolean(false);
        if ("NONE".equals(authorizer.asText(null))) {
            if (!RestApiChecks.isSet(apiAuth.get("DefaultAuthorizer"))) {
                throw event.invalid("Unable to set Authorizer" + where + " because 'NONE' is only a valid value when"
                        + " a DefaultAuthorizer on the API is specified.");
            }
        } else if (!(iam && "AWS_IAM".equals(authorizer.asText(null)))) {
            JsonNode authorizers = apiAuth.isObject() && !apiAuth.isEmpty() ? apiAuth.get("Authorizers") : apiAuth;
            checkDefined(event, authorizer, authorizers, where);
        }
        JsonNode scopes = auth.get("AuthorizationScopes");
        if (RestApiChecks.isSet(scopes) && !scopes.isArray()) {
            throw event.invalid("Unable to set Authorizer" + where + " because 'AuthorizationScopes' must be a list of"
                    + " strings.");
        }
    }

    /** The authorizer an event names must be a string the API's {@code Authorizers} mapping defines. */
    static void checkDefined(ApiEventChecks.Event event, JsonNode authorizer, JsonNode authorizers, String where) {
        String name = authorizer.isTextual() ? authorizer.asText() : authorizer.toString();
        if (!RestApiChecks.isSet(authorizers)) {
            throw event.invalid("Unable to set Authorizer [" + name + "]" + where + " because the related API does"
                    + " not define any Authorizers.");
        }
        if (!authorizer.isTextual() || !authorizers.isObject()) {
            throw event.invalid("Unable to set Authorizer [" + name + "]" + where + ". The method authorizer must be a"
                    + " string with a corresponding dict entry in the api authorizer.");
        }
        if (!RestApiChecks.isSet(authorizers.get(name))) {
            throw event.invalid("Unable to set Authorizer [" + name + "]" + where + " because it wasn't defined in the"
                    + " API's Authorizers.");
        }
    }
}
