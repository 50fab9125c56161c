package com.lambda.tracing.hook.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reading an HTTP/1.1 request off a connection: the request and header lines, a Content-Length or chunked body,
 * each bounded in size. What the server will not take is a {@link Refusal}, which {@link HttpCore} answers as an AWS
 * JSON error before it closes the connection.
 */
final class HttpRequests {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 100;

    private HttpRequests() {
    }

    /** A request the server will not take; answered as an AWS JSON error, then the connection closes. */
    static final class Refusal extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String type;

        Refusal(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    static Refusal tooLarge(long size) {
        return new Refusal(413, "SerializationException", "The request body" + (size > 0 ? " of " + size + " bytes" : "")
                + " is larger than the " + HttpCore.MAX_BODY + " bytes this endpoint accepts (a ResourceConfiguration holds "
                + "at most 51,200 characters).");
    }

    /** One CRLF- (or LF-) terminated line; null at end of input before any byte. */
    static String readLine(InputStream in, boolean head) throws IOException {
        StringBuilder sb = new StringBuilder(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new Refusal(400, "SerializationException", head
                        ? "An HTTP request or header line is longer than " + MAX_LINE + " bytes."
                        : "A chunk-size line of the chunked request body is longer than " + MAX_LINE + " bytes.");
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i <= MAX_HEADERS; i++) {
            String line = readLine(in, true);
            if (line == null) {
                throw new IOException("the connection ended inside the request headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Refusal(400, "SerializationException", "Malformed HTTP header line (no name before ':').");
            }
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + "," + b);
        }
        throw new Refusal(400, "SerializationException", "The request has more than " + MAX_HEADERS + " header lines.");
    }

    private static boolean chunked(Map<String, String> headers) {
        String te = headers.get("transfer-encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** The Content-Length of a request that is not chunked (0 when absent); a Refusal when it is not a length. */
    static long declaredLength(Map<String, String> headers) throws Refusal {
        String cl = headers.get("content-length");
        if (chunked(headers) || cl == null) {
            return 0;
        }
        if (!cl.matches("\\d{1,18}")) {
            throw new Refusal(400, "SerializationException", "The Content-Length header is not a number of bytes.");
        }
        return Long.parseLong(cl);
    }

    static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        if (chunked(headers)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in, false);
                if (sizeLine == null) {
                    throw new IOException("truncated chunked body");
                }
                int semi = sizeLine.indexOf(';');
                String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
                if (!hex.matches("[0-9A-Fa-f]{1,7}")) {
                    throw new Refusal(400, "SerializationException", "Malformed chunk size in the chunked request body.");
                }
                int size = Integer.parseInt(hex, 16);
                if (body.size() + (long) size > HttpCore.MAX_BODY) {
                    throw tooLarge(-1);
                }
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in, true);
                    } while (trailer != null && !trailer.isEmpty());
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length != size) {
                    throw new IOException("truncated chunk");
                }
                body.write(chunk);
                if (!"".equals(readLine(in, false))) {
                    throw new Refusal(400, "SerializationException", "A chunk of the chunked request body is longer "
                            + "than its chunk size says.");
                }
            }
        }
        long length = declaredLength(headers);
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new IOException("truncated body");
        }
        return body;
    }
}
