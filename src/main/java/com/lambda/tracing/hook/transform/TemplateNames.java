package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;

/** The parameter names and literal resource ids of a template: loop names and identifiers may not reuse them. */
final class TemplateNames {
    private final Set<String> parameters = new HashSet<>();
    private final Set<String> resources = new HashSet<>();

    TemplateNames(JsonNode template) {
        template.path("Parameters").fieldNames().forEachRemaining(parameters::add);
        template.path("Resources").fieldNames().forEachRemaining(k -> {
            if (!LanguageExtensions.isLoop(k)) {
                resources.add(k);
            }
        });
    }

    boolean isParameter(String name) {
        return parameters.contains(name);
    }

    boolean isResource(String name) {
        return resources.contains(name);
    }
}
