package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What SAM requires of the {@code Api} and {@code HttpApi} events of functions and state machines: properties that
 * are a mapping with a string {@code Path} and {@code Method} (an HTTP API event without both means
 * {@code $default}, any method), an API id that names an API of the right kind in the same template (absent: the
 * implicit API), and one integration per path and method on an API SAM builds the definition of. The checks that
 * depend on the API's settings are in {@link RestApiEventChecks} and {@link HttpApiEventChecks}.
 */
final class ApiEventChecks {
    static final String ANY_METHOD = "x-amazon-apigateway-any-method";

    /** One API event: its owner (function or state machine), name, type and properties. */
    record Event(String owner, String ownerType, String name, String type, JsonNode properties) {
        TransformException invalid(String problem) {
            return TransformException.resource(owner, "Event with id [" + name + "] is invalid. " + problem);
        }

        boolean http() {
            return type.equals("HttpApi");
        }

        String apiIdProperty() {
            return http() ? "ApiId" : "RestApiId";
        }

        /** The API logical id this event attaches to: the {@code Ref} target, the implicit API, or the raw value. */
        JsonNode apiId() {
            JsonNode id = properties.get(apiIdProperty());
            if (id == null) {
                return SamTransform.text(http() ? ApiResources.IMPLICIT_HTTP : ApiResources.IMPLICIT_REST);
            }
            return id.isObject() && id.has("Ref") ? id.get("Ref") : id;
        }

        /** An HTTP API event with neither Path nor Method is the API's {@code $default} route, any method. */
        boolean defaultRoute() {
            return http() && !RestApiChecks.isSet(properties.get("Path"))
                    && !RestApiChecks.isSet(properties.get("Method"));
        }

        String path() {
            return defaultRoute() ? "$default" : properties.get("Path").asText();
        }

        String method() {
            String m = defaultRoute() ? ANY_METHOD : properties.get("Method").asText().toLowerCase(Locale.ROOT);
            return m.equals("any") ? ANY_METHOD : m;
        }
    }

    private ApiEventChecks() {
    }

    /** The {@code Api} and {@code HttpApi} events of every function and state machine, in template order. */
    static List<Event> events(JsonNode resources) {
        List<Event> events = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            String ownerType = r.getValue().path("Type").asText("");
            JsonNode owned = r.getValue().path("Properties").path("Events");
            if (!ApiResources.EVENT_OWNERS.contains(ownerType) || !owned.isObject()) {
                continue;
            }
            owned.fields().forEachRemaining(e -> {
                String type = e.getValue().path("Type").asText("");
                if (type.equals("Api") || type.equals("HttpApi")) {
                    JsonNode props = e.getValue().get("Properties");
                    events.add(new Event(r.getKey(), ownerType, e.getKey(), type,
                            props == null ? Intrinsics.NODES.objectNode() : props));
                }
            });
        }
        return events;
    }

    static void validate(List<Event> events, Map<String, ApiResources.Api> apis, JsonNode template) {
        JsonNode resources = template.path("Resources");
        JsonNode parameters = template.path("Parameters");
        Set<String> integrations = new HashSet<>();
        for (Event event : events) {
            JsonNode p = event.properties();
            if (!p.isObject() || Intrinsics.isIntrinsic(p)) {
                throw event.invalid("Properties should be a map.");
            }
            if (!event.defaultRoute()) {
                for (String required : new String[] {"Path", "Method"}) {
                    if (RestApiChecks.isAbsent(p.get(required))) {
                        throw event.invalid("Property '" + required + "' is required.");
                    }
                }
            }
            JsonNode apiId = event.apiId();
            if (!apiId.isTextual()) {
                throw event.invalid("Property '" + event.apiIdProperty() + "' should be a string.");
            }
            for (String text : new String[] {"Path", "Method"}) {
                if (!event.defaultRoute() && !p.get(text).isTextual()) {
                    throw event.invalid("Property '" + text + "' should be a string.");
                }
            }
            String target = apiId.asText();
            if (resources.path(target).isMissingNode() && !parameters.has(target)
                    && !apis.containsKey(target) || !event.http() && apis.containsKey(target)
                    && apis.get(target).type().equals(ApiResources.HTTP)) {
                throw event.invalid(event.apiIdProperty() + " must be a valid reference to an '"
                        + (event.http() ? ApiResources.HTTP : ApiResources.REST) + "' resource in same template.");
            }
            ApiResources.Api api = apis.get(target);
            if (api == null) {
                continue;
            }
            JsonNode stage = api.properties().get("StageName");
            if (!event.http() && stage != null && stage.isTextual() && stage.asText().isEmpty()) {
                throw TransformException.resource(target, "StageName cannot be empty.");
            }
            if (event.http() && p.has("RouteSettings")) {
                if (!api.properties().path("RouteSettings").isObject()
                        && api.properties().has("RouteSettings")) {
                    throw TransformException.resource(target, "Property 'RouteSettings' should be a map.");
                }
                if (!p.get("RouteSettings").isObject()) {
                    throw event.invalid("Property 'RouteSettings' should be a map.");
                }
            }
            boolean merged = !event.http() && api.properties().path("MergeDefinitions").asBoolean(false);
            if ((managed(api) || merged) && !integrations.add(target + " " + event.method() + " " + event.path())) {
                String q = event.http() ? "'" : "\"";
                throw event.invalid("API method " + q + event.method() + q + " defined multiple times for path " + q
                        + event.path() + q + ".");
            }
            if (event.http()) {
                HttpApiEventChecks.validate(event, api, managed(api));
            } else {
                RestApiEventChecks.validate(event, api, managed(api));
            }
        }
    }

    /** SAM writes the definition of the implicit APIs and of APIs given neither DefinitionBody nor DefinitionUri. */
    static boolean managed(ApiResources.Api api) {
        return api.implicit() || !RestApiChecks.isSet(api.properties().get("DefinitionBody"))
                && !RestApiChecks.isSet(api.properties().get("DefinitionUri"));
    }
}
