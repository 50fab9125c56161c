package com.lambda.tracing.hook.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Writing answers on a connection: a handler's reply (whole, or broken off as fault injection asks) and the AWS JSON
 * error for a request the server will not take, after which the connection is drained and closed.
 */
final class HttpResponses {
    /** How much a refused request may still send (and how long) before its connection is closed regardless. */
    static final long DRAIN_BYTES = 16L * 1024 * 1024;
    static final int DRAIN_MILLIS = 5_000;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private HttpResponses() {
    }

    /**
     * Writes the error answer with {@code Connection: close}, half-closes, and reads what the client still sends
     * (bounded in bytes and time), so the client reads the answer instead of a reset.
     */
    static void answerAndClose(Socket socket, InputStream in, OutputStream out, int status, String type,
                                       String message) throws IOException {
        byte[] body = ("{\"__type\":\"" + type + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\n"
                + "x-amzn-RequestId: " + UUID.randomUUID() + "\r\n"
                + "x-amzn-ErrorType: " + type + "\r\n"
                + "Date: " + HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try {
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            return; // the client is gone
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        byte[] sink = new byte[16 * 1024];
        long drained = 0;
        try {
            socket.setSoTimeout(DRAIN_MILLIS);
            int n;
            while (drained < DRAIN_BYTES && System.nanoTime() < deadline && (n = in.read(sink)) != -1) {
                drained += n;
            }
        } catch (IOException e) {
            // timed out or reset: the answer has been sent
        }
    }

    /** Writes the reply; false when the connection must not be used again. */
    static boolean write(Socket socket, OutputStream out, HttpCore.Reply reply, boolean keepAlive) throws IOException {
        if (reply.delivery() == HttpCore.Delivery.RESET) {
            socket.setSoLinger(true, 0); // close() now sends RST instead of FIN
            socket.close();
            return false;
        }
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(reply.status()).append(' ').append(reason(reply.status())).append("\r\n");
        reply.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        head.append("Content-Length: ").append(reply.body().length).append("\r\n");
        head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (reply.delivery() == HttpCore.Delivery.CLOSE_MID_RESPONSE) {
            out.write(reply.body(), 0, reply.body().length / 2);
            out.flush();
            socket.shutdownOutput();
            return false;
        }
        out.write(reply.body());
        out.flush();
        return true;
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 404: return "Not Found";
            case 413: return "Payload Too Large";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }
}
