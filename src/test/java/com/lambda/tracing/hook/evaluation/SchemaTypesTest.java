package com.lambda.tracing.hook.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The re-typing table and the AWS::Lambda::Function registry schema say the same thing. */
class SchemaTypesTest {
    static final Path FILE = Path.of(System.getProperty("project.basedir", "."), "target-schemas", "aws-lambda-function.json");

    /** Every integer, number and boolean of the schema file, walked here independently of the production reader. */
    @Test
    void theTypingTableIsTheSchemas() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(FILE.toFile());
        Map<String, PropertyNormaliser.Kind> expected = new TreeMap<>();
        collect(schema, schema, "", expected);
        assertEquals(expected, new TreeMap<>(PropertyNormaliser.SCHEMA_TYPES));
    }

    /** The properties the rule pack compares as numbers and booleans, named so a schema change cannot pass unseen. */
    @Test
    void thePropertiesTheRulesCompareAreTyped() {
        Map<String, PropertyNormaliser.Kind> pinned = Map.of(
                "MemorySize", PropertyNormaliser.Kind.INTEGER,
                "Timeout", PropertyNormaliser.Kind.INTEGER,
                "ReservedConcurrentExecutions", PropertyNormaliser.Kind.INTEGER,
                "EphemeralStorage.Size", PropertyNormaliser.Kind.INTEGER,
                "VpcConfig.Ipv6AllowedForDualStack", PropertyNormaliser.Kind.BOOLEAN);
        pinned.forEach((path, kind) -> assertEquals(kind, PropertyNormaliser.SCHEMA_TYPES.get(path), path));
    }

    private static void collect(JsonNode root, JsonNode node, String path, Map<String, PropertyNormaliser.Kind> out) {
        if (node.has("$ref")) {
            collect(root, root.at(node.get("$ref").asText().substring(1)), path, out);
            return;
        }
        switch (node.path("type").asText()) {
            case "integer" -> out.put(path, PropertyNormaliser.Kind.INTEGER);
            case "number" -> out.put(path, PropertyNormaliser.Kind.NUMBER);
            case "boolean" -> out.put(path, PropertyNormaliser.Kind.BOOLEAN);
            default -> {
            }
        }
        node.path("properties").fields().forEachRemaining(e ->
                collect(root, e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        if (node.has("items")) {
            collect(root, node.get("items"), path + ".*", out);
        }
    }
}
