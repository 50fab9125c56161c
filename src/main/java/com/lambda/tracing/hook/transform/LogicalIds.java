package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The logical ids SAM derives from content (versions, layer versions): the prefix followed by the first 10 hex digits
 * of the SHA-1 of the content written as compact JSON with sorted keys and ASCII escapes. The ids must match
 * CloudFormation's processed template exactly, because {@code !Ref} to a version or layer resolves to them, so the
 * JSON text is byte for byte the one the SAM translator hashes.
 */
final class LogicalIds {
    static final int HASH_LENGTH = 10;

    private LogicalIds() {
    }

    /** {@code prefix} + hash of {@code data}; a given {@code precomputed} hash (a code SHA-256) wins when present. */
    static String generate(String prefix, JsonNode data, String precomputed) {
        if (precomputed != null && !precomputed.isEmpty()) {
            return prefix + precomputed.substring(0, Math.min(HASH_LENGTH, precomputed.length()));
        }
        if (data == null || data.isNull() || (data.isContainerNode() && data.isEmpty())) {
            return prefix;
        }
        String text = data.isTextual() ? data.asText() : compactJson(data);
        return prefix + sha1(text).substring(0, HASH_LENGTH);
    }

    static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** JSON with {@code ,} and {@code :} separators, keys sorted by code point, non-ASCII as {@code \\uXXXX}. */
    static String compactJson(JsonNode node) {
        StringBuilder b = new StringBuilder();
        write(node, b);
        return b.toString();
    }

    private static void write(JsonNode node, StringBuilder b) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.sort(null); // String order is UTF-16 order, like Python's for the BMP
            b.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                string(keys.get(i), b);
                b.append(':');
                write(node.get(keys.get(i)), b);
            }
            b.append('}');
        } else if (node.isArray()) {
            b.append('[');
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                write(it.next(), b);
                if (it.hasNext()) {
                    b.append(',');
                }
            }
            b.append(']');
        } else if (node.isTextual()) {
            string(node.asText(), b);
        } else if (node.isBoolean()) {
            b.append(node.booleanValue());
        } else if (node.isNull() || node.isMissingNode()) {
            b.append("null");
        } else if (node.isIntegralNumber()) {
            b.append(node.bigIntegerValue());
        } else {
            b.append(pythonFloat(node.doubleValue()));
        }
    }

    /** Python's repr of a float: shortest round-trip digits, always with a '.' or an exponent. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return String.format(java.util.Locale.ROOT, "%.1f", d);
        }
        String s = Double.toString(d); // shortest repr, e.g. 1.5, 1.0E-5
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exp = Integer.parseInt(s.substring(e + 1));
        if (exp >= -4 && exp < 16) {
            return new java.math.BigDecimal(s).toPlainString();
        }
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }
}
