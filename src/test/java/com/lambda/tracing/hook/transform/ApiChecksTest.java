package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SAM's checks of API resources (Api, HttpApi, WebSocketApi, their Globals and inline definitions) and of the Api /
 * HttpApi events attached to them: each case of {@code transform/api-checks.yaml} is a small template that the
 * transform must reject with exactly its one-line message, or accept while keeping the API resources as written.
 */
class ApiChecksTest {
    private static final String CASES = "/transform/api-checks.yaml";

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = ApiChecksTest.class.getResourceAsStream(CASES)) {
            for (JsonNode c : Sam.YAML.readTree(in)) {
                cases.add(Arguments.of(c.path("name").asText(), c));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void templateIsRejectedWithItsMessageOrAccepted(String name, JsonNode c) {
        ObjectNode template = template(c);
        if (c.hasNonNull("error")) {
            TransformException e = assertThrows(TransformException.class,
                    () -> TemplateTransforms.process(template, Sam.options(Map.of())), name);
            assertEquals(c.get("error").asText(), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        } else {
            ObjectNode done = TemplateTransforms.process(template.deepCopy(), Sam.options(Map.of()));
            template.path("Resources").fields().forEachRemaining(r -> {
                if (r.getValue().path("Type").asText().matches("AWS::Serverless::(Http|WebSocket)?Api")) {
                    assertEquals(r.getValue(), done.path("Resources").path(r.getKey()), "API kept as written");
                }
            });
        }
    }

    private static ObjectNode template(JsonNode c) {
        ObjectNode t = Sam.template("Transform: AWS::Serverless-2016-10-31");
        if (c.hasNonNull("globals")) {
            t.set("Globals", Sam.node(c.get("globals").asText()));
        }
        t.set("Resources", Sam.node(c.get("resources").asText()));
        return t;
    }
}
