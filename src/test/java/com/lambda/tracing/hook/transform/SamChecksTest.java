package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The SAM translator's checks of events, function settings, generated logical ids, connectors and globals: each case
 * of {@code src/test/resources/transform/sam-checks/} is a small template and the translator's one-line message for
 * it, or no message where the translator accepts it.
 */
class SamChecksTest {
    private static final List<String> FAMILIES = List.of("event-schema", "polled-events", "invoking-events",
            "function-settings", "generated-resources");

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void rejectedWithTheTranslatorsMessageOrAccepted(String family, String rule, ObjectNode template, String message) {
        if (message == null) {
            assertDoesNotThrow(() -> TemplateTransforms.process(template, Sam.options(Map.of())), rule);
        } else {
            assertEquals(message, Sam.rejection(template), rule);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String family : FAMILIES) {
            for (JsonNode c : read(family)) {
                out.add(arguments(family, c.path("rule").asText(), template(c),
                        c.has("message") ? c.get("message").asText() : null));
            }
        }
        return out.stream();
    }

    private static JsonNode read(String family) {
        try (InputStream in = SamChecksTest.class.getResourceAsStream("/transform/sam-checks/" + family + ".yaml")) {
            return Sam.YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Function Fn with the case's event E (first) and properties, its resources and template sections. */
    private static ObjectNode template(JsonNode c) {
        ObjectNode t = Sam.template(Sam.function());
        ObjectNode resources = (ObjectNode) t.get("Resources");
        ObjectNode props = (ObjectNode) resources.path("Fn").path("Properties");
        ObjectNode events = Intrinsics.NODES.objectNode();
        if (c.has("event")) {
            events.set("E", c.get("event"));
        }
        c.path("properties").fields().forEachRemaining(p -> {
            if (p.getKey().equals("Events")) {
                events.setAll((ObjectNode) p.getValue());
            } else {
                props.set(p.getKey(), p.getValue());
            }
        });
        if (!events.isEmpty()) {
            props.set("Events", events);
        }
        c.path("resources").fields().forEachRemaining(r -> resources.set(r.getKey(), r.getValue()));
        for (String section : new String[] {"Globals", "Parameters", "Mappings"}) {
            String key = section.toLowerCase(Locale.ROOT);
            if (c.has(key)) {
                t.set(section, c.get(key));
            }
        }
        return t;
    }
}
