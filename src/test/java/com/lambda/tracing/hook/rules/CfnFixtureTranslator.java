package com.lambda.tracing.hook.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The CloudFormation → configuration-item table of doc/configuration-item-mapping.md, applied to the rule tests'
 * cfnProperties fixtures so a test can check that every fixture says the same thing as the configuration-item input
 * it stands for. (The
 * embedded Config endpoint has its own translator; this one only keeps the fixtures honest.)
 */
final class CfnFixtureTranslator {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CfnFixtureTranslator() {
    }

    /** The configuration-item document (configuration, supplementaryConfiguration, tags) for these properties. */
    static ObjectNode toConfigurationItem(JsonNode properties) {
        ObjectNode item = F.objectNode();
        ObjectNode configuration = item.putObject("configuration");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "Code" -> { }
                case "KmsKeyArn" -> configuration.set("kmskeyArn", value);
                case "ReservedConcurrentExecutions" ->
                        item.putObject("supplementaryConfiguration").putObject("Concurrency").set("reservedConcurrentExecutions", value);
                case "Layers" -> {
                    ArrayNode layers = configuration.putArray("layers");
                    value.forEach(arn -> layers.addObject().set("arn", arn));
                }
                case "Tags" -> {
                    ObjectNode tags = item.putObject("tags");
                    value.forEach(tag -> tags.set(tag.path("Key").asText(), tag.path("Value")));
                }
                case "Environment" -> {
                    ObjectNode environment = configuration.putObject("environment");
                    if (value.has("Variables")) {
                        environment.set("variables", value.get("Variables"));
                    }
                }
                case "ImageConfig" -> configuration.putObject("imageConfigResponse").set("imageConfig", camel(value));
                default -> configuration.set(lowerFirst(key), camel(value));
            }
        }
        return item;
    }

    private static JsonNode camel(JsonNode value) {
        if (value.isObject()) {
            ObjectNode out = F.objectNode();
            value.fields().forEachRemaining(e -> out.set(lowerFirst(e.getKey()), camel(e.getValue())));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = F.arrayNode();
            value.forEach(v -> out.add(camel(v)));
            return out;
        }
        return value;
    }

    private static String lowerFirst(String key) {
        return key.isEmpty() ? key : Character.toLowerCase(key.charAt(0)) + key.substring(1);
    }
}
