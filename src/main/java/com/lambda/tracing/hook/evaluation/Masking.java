package com.lambda.tracing.hook.evaluation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of logs and hook messages. Environment variable values are always hidden (they routinely carry
 * connection strings and tokens); elsewhere, fields named like secrets and text shaped like AWS keys or private keys
 * are hidden.
 */
public final class Masking {
    public static final String MASK = "****";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|credential|private[_-]?key|api[_-]?key|access[_-]?key|auth).*");
    private static final Pattern PRIVATE_KEY_BLOCK = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)", Pattern.DOTALL);
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ABIA|ACCA)[A-Z0-9]{16}\\b");
    /**
     * {@code password=...}, {@code "token": "..."} and similar assignments inside free text. A dynamic reference
     * ({@code {{resolve:secretsmanager:...}}}) names where a secret lives, not the secret, and is the fix the rules
     * recommend, so it is left readable.
     */
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)((?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_-]*\"?\\s*[:=]\\s*\"?)([^\\s\",;}]+)");
    private static final Pattern DYNAMIC_REFERENCE = Pattern.compile(
            "\\{\\{resolve:(?:secretsmanager|ssm|ssm-secure):[^}\\s]{1,2048}\\}\\}");
    /** 40-character base64 strings next to a key id are secret access keys. */
    private static final Pattern SECRET_ACCESS_KEY = Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

    private Masking() {
    }

    /** A copy of resource properties that is safe to log. */
    public static Map<String, Object> maskProperties(Map<String, Object> properties) {
        Object masked = mask(properties, "");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) masked;
        return result;
    }

    /** Hides secret-shaped substrings of free text (annotations, failure reasons, messages). */
    public static String maskText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = PRIVATE_KEY_BLOCK.matcher(text).replaceAll(MASK);
        out = ACCESS_KEY_ID.matcher(out).replaceAll(MASK);
        out = maskAssignmentsOutsideDynamicReferences(out);
        if (!out.equals(text) || text.contains("aws_secret")) {
            out = SECRET_ACCESS_KEY.matcher(out).replaceAll(MASK);
        }
        return out;
    }

    private static String maskAssignmentsOutsideDynamicReferences(String text) {
        Matcher reference = DYNAMIC_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (reference.find()) {
            out.append(SECRET_ASSIGNMENT.matcher(text.substring(from, reference.start())).replaceAll("$1" + MASK));
            out.append(reference.group());
            from = reference.end();
        }
        out.append(SECRET_ASSIGNMENT.matcher(text.substring(from)).replaceAll("$1" + MASK));
        return out.toString();
    }

    private static Object mask(Object value, String path) {
        if (value instanceof String text) {
            return maskText(text);
        }
        return PropertyPaths.copyChildren(value, path, (child, childPath, key) -> {
            if (key == null) {
                return mask(child, childPath);
            }
            if (path.equals("Environment.Variables")) {
                return MASK;
            }
            if (childPath.equals("Code.ZipFile") && child instanceof String code) {
                // Inline code is large and can embed secrets; its size is all a log reader needs.
                return "<" + code.length() + " characters>";
            }
            if (isSecretName(key) && !(child instanceof Map) && !(child instanceof List)) {
                return MASK;
            }
            return mask(child, childPath);
        });
    }

    static boolean isSecretName(String key) {
        // Tags are {Key, Value}: "Key" is no secret, and a KMS key ARN is no secret either.
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.equals("key") || lower.endsWith("arn") || lower.equals("kmskeyarn")) {
            return false;
        }
        return SECRET_NAME.matcher(key).matches();
    }
}
