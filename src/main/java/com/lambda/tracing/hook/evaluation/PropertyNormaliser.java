package com.lambda.tracing.hook.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.lambda.tracing.hook.common.LambdaFunctionSchema;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns CloudFormation's resourceProperties into the JSON Config validates against the AWS::Lambda::Function
 * registry schema.
 *
 * <p>CloudFormation hands hooks every scalar as a string ({@code "MemorySize": "256"}); Config validates the
 * document against the registry schema, where those properties are integers or booleans. So every integer, number
 * and boolean property of the schema is re-typed when its string parses as that type. Anything else is kept as it
 * came: no property is ever dropped, and a value that does not parse stays a string so Config can name it.
 */
public final class PropertyNormaliser {
    /** Config's limit on ResourceConfiguration. */
    public static final int MAX_CONFIGURATION_CHARS = 51_200;

    enum Kind { INTEGER, NUMBER, BOOLEAN }

    /**
     * Non-string scalars of the AWS::Lambda::Function registry schema, by path ({@code *} = any list element), read
     * from the schema itself ({@link LambdaFunctionSchema}): a property a newer schema adds is typed without a change
     * here, and typing a path that a template does not use costs nothing.
     */
    static final Map<String, Kind> SCHEMA_TYPES = scalarTypes(LambdaFunctionSchema.bundled().types());

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The outcome: the JSON to send (null when it cannot fit), the re-typed properties, and whether inline code had
     * to be shortened.
     */
    public record Normalised(String json, Map<String, Object> properties, boolean codeShortened, int originalLength) {
        public boolean fits() {
            return json != null;
        }
    }

    private PropertyNormaliser() {
    }

    /** The integer, number and boolean paths of a schema's property types. */
    static Map<String, Kind> scalarTypes(Map<String, String> types) {
        Map<String, Kind> out = new LinkedHashMap<>();
        types.forEach((path, type) -> {
            switch (type) {
                case "integer" -> out.put(path, Kind.INTEGER);
                case "number" -> out.put(path, Kind.NUMBER);
                case "boolean" -> out.put(path, Kind.BOOLEAN);
                default -> {
                    // strings, objects and arrays arrive as they are
                }
            }
        });
        return Map.copyOf(out);
    }

    /** Re-types the properties and fits them into Config's size limit. */
    public static Normalised normalise(Map<String, Object> properties) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) retype(properties == null ? Map.of() : properties, "");
        String json = toJson(typed);
        int originalLength = json.length();
        if (json.length() <= MAX_CONFIGURATION_CHARS) {
            return new Normalised(json, typed, false, originalLength);
        }
        // Inline code is the one large thing rules cannot use (a configuration item carries no code), so it is
        // what gets shortened. The property stays, so the document still matches the schema.
        Map<String, Object> shortened = withShortenedZipFile(typed);
        if (shortened == null) {
            return new Normalised(null, typed, false, originalLength);
        }
        String shortJson = toJson(shortened);
        if (shortJson.length() <= MAX_CONFIGURATION_CHARS) {
            return new Normalised(shortJson, shortened, true, originalLength);
        }
        return new Normalised(null, shortened, true, originalLength);
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("resource properties cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object retype(Object value, String path) {
        if (value instanceof String text) {
            Kind kind = SCHEMA_TYPES.get(path);
            return kind == null ? text : convert(text, kind);
        }
        return PropertyPaths.copyChildren(value, path, (child, childPath, key) -> retype(child, childPath));
    }

    private static Object convert(String text, Kind kind) {
        String trimmed = text.strip();
        try {
            switch (kind) {
                case INTEGER:
                    if (trimmed.matches("[+-]?\\d+")) {
                        return new BigDecimal(trimmed).toBigIntegerExact();
                    }
                    return text;
                case NUMBER:
                    return new BigDecimal(trimmed);
                case BOOLEAN:
                    String lower = trimmed.toLowerCase(Locale.ROOT);
                    if (lower.equals("true") || lower.equals("false")) {
                        return Boolean.valueOf(lower);
                    }
                    return text;
                default:
                    return text;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return text;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withShortenedZipFile(Map<String, Object> typed) {
        if (!(typed.get("Code") instanceof Map<?, ?> code) || !(code.get("ZipFile") instanceof String zip)) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>(typed);
        Map<String, Object> codeCopy = new LinkedHashMap<>((Map<String, Object>) code);
        codeCopy.put("ZipFile", "# inline code of " + zip.length() + " characters left out by lambda-tracing-hook: "
                + "Config's ResourceConfiguration is limited to " + MAX_CONFIGURATION_CHARS + " characters");
        copy.put("Code", codeCopy);
        return copy;
    }
}
