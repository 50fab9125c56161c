package com.lambda.tracing.hook.local;

import com.lambda.tracing.hook.common.Text;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Model-constraint checks with the answers AWS's Coral front end gives: every violation is collected and reported as
 * one {@code ValidationException} ("2 validation errors detected: Value null at 'evaluationMode' failed to satisfy
 * constraint: Member must not be null; ..."). A member of the wrong JSON type is a {@code SerializationException}.
 */
final class Validator {
    private final List<String> errors = new ArrayList<>();

    /**
     * The wire values of an AWS SDK enum ({@code knownValues()}), in the service model's order, so the allowed values
     * and their order in messages come from the Config model rather than a list typed again here.
     */
    static List<String> values(Set<? extends Enum<?>> knownValues) {
        return knownValues.stream().map(Object::toString).toList();
    }

    /** A string member; null when absent (a violation when required). */
    String string(JsonNode parent, String member, String path, boolean required, int min, int max) {
        JsonNode v = present(parent, member, path, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.serialization(typeName(v) + " can not be converted to a String (at '" + path + "')");
        }
        String s = v.textValue();
        int len = s.codePointCount(0, s.length());
        if (len < min) {
            violation(s, path, "Member must have length greater than or equal to " + min);
        } else if (len > max) {
            violation(s, path, "Member must have length less than or equal to " + max);
        }
        return s;
    }

    String pattern(String value, String path, String regex) {
        if (value != null && !Pattern.compile(regex, Pattern.DOTALL).matcher(value).matches()) {
            violation(value, path, "Member must satisfy regular expression pattern: " + regex);
        }
        return value;
    }

    String enumeration(JsonNode parent, String member, String path, boolean required, List<String> allowed) {
        String s = string(parent, member, path, required, 0, Integer.MAX_VALUE);
        if (s != null && !allowed.contains(s)) {
            violation(s, path, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
            return null;
        }
        return s;
    }

    Integer integer(JsonNode parent, String member, String path, boolean required, long min, long max) {
        JsonNode v = present(parent, member, path, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.serialization(typeName(v) + " can not be converted to an Integer (at '" + path + "')");
        }
        int i = v.intValue();
        if (i < min) {
            errors.add("Value '" + i + "' at '" + path + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        } else if (i > max) {
            errors.add("Value '" + i + "' at '" + path + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return i;
    }

    Boolean bool(JsonNode parent, String member, String path) {
        JsonNode v = present(parent, member, path, false);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.serialization(typeName(v) + " can not be converted to a Boolean (at '" + path + "')");
        }
        return v.booleanValue();
    }

    /** A structure member; null when absent. */
    JsonNode structure(JsonNode parent, String member, String path, boolean required) {
        JsonNode v = present(parent, member, path, required);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiException.serialization("Start of structure or map found where not expected (at '" + path + "')");
        }
        return v;
    }

    /** A list member; null when absent. */
    JsonNode list(JsonNode parent, String member, String path, int min, int max) {
        JsonNode v = present(parent, member, path, false);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.serialization("Expected list or array (at '" + path + "')");
        }
        if (v.size() < min) {
            errors.add("Value '" + render(v) + "' at '" + path + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
        } else if (v.size() > max) {
            errors.add("Value '" + render(v) + "' at '" + path + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        return v;
    }

    /**
     * A list member of strings, empty when absent. An element that is not text is a SerializationException; one that
     * fails {@code allowed} is a violation of {@code constraint}, worded as Config words it for list members.
     */
    List<String> strings(JsonNode parent, String member, String path, int maxItems, Predicate<String> allowed,
                         String constraint) {
        JsonNode list = list(parent, member, path, 0, maxItems);
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (JsonNode n : list) {
                if (!n.isTextual()) {
                    throw ApiException.serialization("Expected a string in " + path);
                }
                if (!allowed.test(n.textValue())) {
                    violation(n.textValue(), path, "Member must satisfy constraint: [" + constraint + "]");
                }
                out.add(n.textValue());
            }
        }
        return out;
    }

    /** {@link #strings} whose every element has {@code minLength} to {@code maxLength} characters. */
    List<String> stringsOfLength(JsonNode parent, String member, String path, int maxItems, int minLength, int maxLength) {
        return strings(parent, member, path, maxItems, s -> s.length() >= minLength && s.length() <= maxLength,
                "Member must have length less than or equal to " + maxLength
                        + ", Member must have length greater than or equal to " + minLength);
    }

    /** The member's value, or null when it is absent or null (a violation when required). */
    private JsonNode present(JsonNode parent, String member, String path, boolean required) {
        JsonNode v = parent == null ? null : parent.get(member);
        if (v == null || v.isNull()) {
            if (required) {
                missing(path);
            }
            return null;
        }
        return v;
    }

    void missing(String path) {
        errors.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
    }

    /** Members whose values may hold secrets (environment variables, inline code): never echoed in messages. */
    private static final java.util.Set<String> SENSITIVE = java.util.Set.of("resourceDetails.resourceConfiguration",
            "configRule.source.customPolicyDetails.policyText", "configRule.inputParameters");

    void violation(String value, String path, String constraint) {
        if (SENSITIVE.contains(path)) {
            errors.add("Value at '" + path + "' failed to satisfy constraint: " + constraint);
        } else {
            errors.add("Value '" + clip(value) + "' at '" + path + "' failed to satisfy constraint: " + constraint);
        }
    }

    /** Throws the collected violations as one ValidationException. */
    void finish() {
        if (errors.isEmpty()) {
            return;
        }
        String head = errors.size() + " validation error" + (errors.size() == 1 ? "" : "s") + " detected: ";
        throw ApiException.client("ValidationException", head + String.join("; ", errors));
    }

    private static String clip(String value) {
        return Text.shorten(value, 200);
    }

    private static String render(JsonNode list) {
        return clip(list.toString());
    }

    /** The parser token Coral names for a value of this JSON type ({@link ConfigurationItems#jsonType}). */
    private static final Map<String, String> TOKENS = Map.of("string", "STRING_VALUE", "integer", "NUMBER_VALUE",
            "number", "NUMBER_VALUE", "boolean", "BOOLEAN_VALUE", "array", "START_ARRAY", "object", "START_OBJECT");

    private static String typeName(JsonNode v) {
        return TOKENS.get(ConfigurationItems.jsonType(v));
    }
}
