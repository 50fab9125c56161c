package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * What SAM requires of an {@code Api} event against the REST API it attaches to, where SAM adds the event's method to
 * that API's definition: an {@code Authorizer} the API defines ({@code NONE} only over a DefaultAuthorizer),
 * {@code AuthorizationScopes} only with an authorizer, {@code ApiKeyRequired: false} only where the API requires
 * keys, a {@code RequestModel} among the API's {@code Models} with boolean validators, {@code RequestParameters}
 * named {@code method.request.(querystring|path|header).*}. A state machine's event maps
 * {@code UnescapeMappingTemplate}, which must be a boolean.
 */
final class RestApiEventChecks {
    private static final String PARAMETER_NAME = "method\\.request\\.(querystring|path|header)\\..*";
    private static final List<String> PARAMETER_SETTINGS = List.of("Required", "Caching");

    private RestApiEventChecks() {
    }

    static void validate(ApiEventChecks.Event event, ApiResources.Api api, boolean managed) {
        JsonNode p = event.properties();
        JsonNode unescape = p.get("UnescapeMappingTemplate");
        if (event.ownerType().equals("AWS::Serverless::StateMachine") && unescape != null && !unescape.isBoolean()) {
            throw TransformException.resource(event.owner() + event.name(), "Type of property"
                    + " 'UnescapeMappingTemplate' is invalid.");
        }
        JsonNode auth = p.get("Auth");
        boolean override = auth != null && auth.path("OverrideApiAuth").asBoolean(false)
                && RestApiChecks.isSet(api.properties().get("DefinitionBody"));
        boolean integrates = managed || api.properties().path("MergeDefinitions").asBoolean(false);
        if (!integrates && !override) {
            return;
        }
        String where = " on API method [" + event.method() + "] for path [" + event.path() + "]";
        if (auth != null && !auth.isObject()) {
            throw event.invalid("Property 'Auth' should be a map.");
        }
        if (override && !RestApiChecks.isSet(auth.get("Authorizer")) && !RestApiChecks.isSet(auth.get("ApiKeyRequired"))
                && !RestApiChecks.isSet(auth.get("ResourcePolicy"))) {
            throw event.invalid("Must define one of: Authorizer, ApiKeyRequired or ResourcePolicy when using the"
                    + " OverrideApiAuth property.");
        }
        if (RestApiChecks.isSet(auth)) {
            validateAuth(event, auth, api.properties().path("Auth"), where);
        }
        if (integrates) {
            validateRequestModel(event, p.get("RequestModel"), api.properties().get("Models"), where);
            validateRequestParameters(event, p.get("RequestParameters"));
        }
    }

    private static void validateAuth(ApiEventChecks.Event event, JsonNode auth, JsonNode apiAuth, String where) {
        JsonNode authorizer = auth.get("Authorizer");
        JsonNode authorizers = apiAuth.get("Authorizers");
        if (RestApiChecks.isSet(authorizer) && !"AWS_IAM".equals(authorizer.asText(null))) {
            String name = authorizer.isTextual() ? authorizer.asText() : authorizer.toString();
            if ("NONE".equals(name)) {
                if (!RestApiChecks.isSet(apiAuth.get("DefaultAuthorizer"))) {
                    throw event.invalid("Unable to set Authorizer" + where + " because 'NONE' is only a valid value"
                            + " when a DefaultAuthorizer on the API is specified.");
                }
            } else {
                HttpApiEventChecks.checkDefined(event, authorizer, authorizers, where);
            }
        }
        JsonNode scopes = auth.get("AuthorizationScopes");
        if (RestApiChecks.isSet(scopes)) {
            if (!scopes.isArray()) {
                throw event.invalid("Property 'Auth.AuthorizationScopes' should be a list.");
            }
            if (!RestApiChecks.isSet(authorizer)) {
                throw event.invalid("AuthorizationScopes works only when Authorizer is set");
            }
        }
        JsonNode apiKey = auth.get("ApiKeyRequired");
        if (apiKey != null && !apiKey.isNull() && !apiKey.asBoolean(true) && !apiAuth.path("ApiKeyRequired")
                .asBoolean(false)) {
            throw event.invalid("Unable to set ApiKeyRequired [False]" + where + " because the related API does not"
                    + " specify any ApiKeyRequired.");
        }
        JsonNode policy = auth.get("ResourcePolicy");
        if (RestApiChecks.isSet(policy) && !policy.isObject()) {
            throw event.invalid("Property 'Auth.ResourcePolicy' should be a map.");
        }
    }

    private static void validateRequestModel(ApiEventChecks.Event event, JsonNode requestModel, JsonNode models,
            String where) {
        if (!RestApiChecks.isSet(requestModel)) {
            return;
        }
        if (!requestModel.isObject()) {
            throw event.invalid("Property 'RequestModel' should be a map.");
        }
        JsonNode model = requestModel.get("Model");
        if (!RestApiChecks.isSet(model)) {
            return;
        }
        String name = model.isTextual() ? model.asText() : model.toString();
        String unable = "Unable to set RequestModel [" + name + "]" + where;
        if (!RestApiChecks.isSet(models)) {
            throw event.invalid(unable + " because the related API does not define any Models.");
        }
        if (!models.isObject()) {
            throw event.invalid(unable + " because the related API Models defined is of invalid type.");
        }
        if (!model.isTextual()) {
            throw event.invalid(unable + " because the related API does not contain valid Models.");
        }
        if (!Intrinsics.isIntrinsic(models) && !RestApiChecks.isSet(models.get(name))) {
            throw event.invalid(unable + " because it wasn't defined in the API's Models.");
        }
        JsonNode body = requestModel.get("ValidateBody");
        JsonNode parameters = requestModel.get("ValidateParameters");
        boolean anySet = body != null && !body.isNull() || parameters != null && !parameters.isNull();
        if (anySet && (!isBooleanOrNull(body) || !isBooleanOrNull(parameters))) {
            throw event.invalid("Unable to set Validator to RequestModel [" + name + "]" + where + " ValidateBody"
                    + " and ValidateParameters must be a boolean type, strings or intrinsics are not supported.");
        }
    }

    private static boolean isBooleanOrNull(JsonNode v) {
        return v == null || v.isNull() || v.isBoolean();
    }

    private static void validateRequestParameters(ApiEventChecks.Event event, JsonNode parameters) {
        if (!RestApiChecks.isSet(parameters)) {
            return;
        }
        if (!parameters.isArray()) {
            throw event.invalid("Property 'RequestParameters' should be a list.");
        }
        String invalid = "Invalid value for 'RequestParameters' property. ";
        String keys = invalid + "Keys must be in the format 'method.request.[querystring|path|header].{value}',"
                + " e.g 'method.request.header.Authorization'.";
        for (JsonNode parameter : parameters) {
            if (parameter.isObject() && !parameter.isEmpty()) {
                Map.Entry<String, JsonNode> first = parameter.fields().next();
                if (!first.getKey().matches(PARAMETER_NAME)) {
                    throw event.invalid(keys);
                }
                JsonNode settings = first.getValue();
                boolean known = settings.isObject();
                for (var it = settings.fieldNames(); known && it.hasNext(); ) {
                    known = PARAMETER_SETTINGS.contains(it.next());
                }
                if (!known) {
                    throw event.invalid(invalid + "Values must be an object, e.g { Required: true, Caching: false }");
                }
            } else if (parameter.isTextual()) {
                if (!parameter.asText().matches(PARAMETER_NAME)) {
                    throw event.invalid(keys);
                }
            } else {
                throw event.invalid(invalid + "Property must be either a string or an object");
            }
        }
    }
}
