package com.lambda.tracing.hook.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code AWS::Lambda::Function} registry schema, {@code target-schemas/aws-lambda-function.json} (bundled in the
 * jars at {@link #RESOURCE}): the one source of the property types the hook re-types before it calls Config and the
 * embedded endpoint checks, so neither keeps a table of its own.
 *
 * <p>{@link #types()} maps every property path to its JSON type: nested properties joined with {@code .}, list
 * elements as {@code *} ({@code VpcConfig.Ipv6AllowedForDualStack}, {@code Tags.*.Key}). Definitions are followed
 * through {@code $ref}; free-form maps ({@code patternProperties}) are not descended.
 */
public final class LambdaFunctionSchema {
    public static final String RESOURCE = "/target-schemas/aws-lambda-function.json";
    private static final LambdaFunctionSchema BUNDLED = load();

    private final Map<String, String> types;
    private final List<String> required;

    LambdaFunctionSchema(JsonNode schema) {
        Map<String, String> t = new LinkedHashMap<>();
        walk(schema, schema, "", t, 0);
        this.types = Collections.unmodifiableMap(t);
        List<String> r = new ArrayList<>();
        schema.path("required").forEach(n -> r.add(n.asText()));
        this.required = List.copyOf(r);
    }

    /** The schema in the jar. */
    public static LambdaFunctionSchema bundled() {
        return BUNDLED;
    }

    /** Property path → JSON type ({@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array}, {@code object}). */
    public Map<String, String> types() {
        return types;
    }

    /** The top-level properties the schema requires. */
    public List<String> required() {
        return required;
    }

    static LambdaFunctionSchema parse(InputStream in) throws IOException {
        return new LambdaFunctionSchema(new ObjectMapper().readTree(in));
    }

    private static LambdaFunctionSchema load() {
        try (InputStream in = LambdaFunctionSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not in the jar (the build bundles target-schemas/)");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static void walk(JsonNode root, JsonNode node, String path, Map<String, String> out, int depth) {
        if (depth > 32) {
            throw new IllegalStateException("the schema nests deeper than 32 levels at " + path + " (a $ref cycle?)");
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual() && ref.textValue().startsWith("#/")) {
            walk(root, root.at(ref.textValue().substring(1)), path, out, depth + 1);
            return;
        }
        JsonNode type = node.get("type");
        if (!path.isEmpty() && type != null && type.isTextual()) {
            out.put(path, type.textValue());
        }
        node.path("properties").fields().forEachRemaining(e ->
                walk(root, e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out, depth + 1));
        if (node.has("items")) {
            walk(root, node.get("items"), path + ".*", out, depth + 1);
        }
    }
}
