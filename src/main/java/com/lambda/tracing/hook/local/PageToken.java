package com.lambda.tracing.hook.local;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Opaque pagination tokens: base64url of {@code operation|query-fingerprint|cursor|checksum}. A token that was not
 * issued for the same operation and the same query is rejected.
 */
final class PageToken {
    private PageToken() {
    }

    static String issue(String operation, String query, String cursor) {
        String body = operation + "|" + Integer.toHexString(query.hashCode()) + "|" + cursor;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (body + "|" + crc(body)).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or null when the token is malformed or belongs to another operation or query. */
    static String cursor(String token, String operation, String query) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int last = text.lastIndexOf('|');
        if (last < 0) {
            return null;
        }
        String body = text.substring(0, last);
        if (!text.substring(last + 1).equals(crc(body))) {
            return null;
        }
        String prefix = operation + "|" + Integer.toHexString(query.hashCode()) + "|";
        return body.startsWith(prefix) ? body.substring(prefix.length()) : null;
    }

    private static String crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(c.getValue());
    }
}
