package com.lambda.tracing.hook.transform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules of CloudFormation's pseudo parameters and intrinsic functions that do not depend on how a template is
 * held in memory, so that the transforms (which work on Jackson trees) and {@code check}'s resolver (which works on
 * the YAML reader's maps) apply them alike. A rule that fails calls {@code error} with the message and throws what it
 * answers, so each caller keeps its own kind of error.
 */
public final class TemplateFunctions {
    private TemplateFunctions() {
    }

    /** {@code AWS::Partition} in {@code region}. */
    public static String partition(String region) {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** {@code AWS::URLSuffix} in {@code region}. */
    public static String urlSuffix(String region) {
        return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    /** Whether a parameter of this Type holds a list ({@code CommaDelimitedList}, {@code List<...>}). */
    public static boolean isListType(String type) {
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }

    /** The items of a list parameter's value: a {@code List<...>} trims them, a CommaDelimitedList keeps them as written. */
    public static List<String> listItems(String type, String value) {
        List<String> items = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            items.add(type.equals("CommaDelimitedList") ? part : part.trim());
        }
        return items;
    }

    /** The message for a function given the wrong arguments. */
    public static String argumentCount(String fn, int min, int max) {
        return fn + " needs a list of " + (min == max ? String.valueOf(min) : min + " to " + max) + " arguments";
    }

    /** The index {@code Fn::Select} takes from a list of {@code size} items. */
    public static int selectIndex(String index, int size, Function<String, ? extends RuntimeException> error) {
        int i;
        try {
            i = Integer.parseInt(index.trim());
        } catch (NumberFormatException e) {
            throw error.apply("Fn::Select index '" + index + "' is not a number");
        }
        if (i < 0 || i >= size) {
            throw error.apply("Fn::Select index " + i + " is outside the list of " + size);
        }
        return i;
    }

    /** {@code Fn::Split}: every part, empty ones too. */
    public static List<String> split(String delimiter, String source, Function<String, ? extends RuntimeException> error) {
        if (delimiter.isEmpty()) {
            throw error.apply("Fn::Split needs a delimiter");
        }
        return List.of(source.split(Pattern.quote(delimiter), -1));
    }

    /** {@code Fn::Base64} of a text (UTF-8). */
    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The truth value a condition function reads from a value: a boolean, or the text true or false; else null. */
    public static Boolean truth(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        String s = value == null ? null : value.toString();
        return "true".equals(s) || "false".equals(s) ? Boolean.valueOf(s) : null;
    }
}
