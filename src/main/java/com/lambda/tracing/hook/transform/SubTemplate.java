package com.lambda.tracing.hook.transform;

import java.util.function.Function;

/**
 * The text of an {@code Fn::Sub}: {@code ${Name}} and {@code ${Resource.Attribute}} are variables, {@code ${!Text}}
 * stands for the literal {@code ${Text}}. One reading of the syntax for every resolver of the project.
 */
public final class SubTemplate {

    private SubTemplate() {
    }

    /** Thrown for a {@code ${} that is never closed. */
    public static final class UnclosedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnclosedException(String text) {
            super("Fn::Sub: unclosed ${ in '" + text + "'");
        }
    }

    /**
     * {@code text} with every variable replaced by {@code lookup(name)} (the name trimmed); null as soon as a lookup
     * answers null (a value that is not known).
     */
    public static String render(String text, Function<String, String> lookup) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new UnclosedException(text);
            }
            String expr = text.substring(start + 2, end);
            if (expr.startsWith("!")) {
                out.append("${").append(expr.substring(1)).append('}');
            } else {
                String value = lookup.apply(expr.trim());
                if (value == null) {
                    return null;
                }
                out.append(value);
            }
            i = end + 1;
        }
        return out.toString();
    }
}
