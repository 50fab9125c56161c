package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpoint's HTTP limits as clients meet them: an oversized body, a full connection pool and broken framing each
 * get an AWS JSON error answer (status, x-amzn-RequestId, x-amzn-ErrorType, {@code __type} body) that the Java SDK
 * surfaces as a ConfigException, never a reset or a silently closed connection. Faults the SDK cannot produce are
 * written on raw sockets.
 */
class HttpLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ConfigEndpoint endpoint;

    @AfterEach
    void down() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private ConfigEndpoint start(int maxConnections) {
        endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).maxConnections(maxConnections).start();
        return endpoint;
    }

    private static void assertSdkError(ConfigException e, int status, String type, String inMessage) {
        assertEquals(status, e.statusCode(), e.toString());
        assertEquals(type, e.awsErrorDetails().errorCode(), e.toString());
        assertNotNull(e.requestId(), "x-amzn-RequestId");
        assertTrue(e.awsErrorDetails().errorMessage().contains(inMessage), e.awsErrorDetails().errorMessage());
    }

    @Test
    void anOversizedBodyIsA413SerializationExceptionTheSdkSurfaces() {
        start(512);
        try (ConfigClient sdk = EndpointFixture.client(endpoint, false)) {
            for (int size : new int[] {600 * 1024, 1024 * 1024, 4 * 1024 * 1024}) {
                String huge = "{\"Description\":\"" + "x".repeat(size) + "\"}";
                ConfigException e = assertThrows(ConfigException.class, () ->
                        sdk.startResourceEvaluation(EndpointFixture.start("Huge", huge).build()), "size " + size);
                assertSdkError(e, 413, "SerializationException", "larger than the 524288 bytes this endpoint accepts");
            }
            // the client's next call gets a fresh connection and an answer
            assertTrue(sdk.listResourceEvaluations(r -> r.limit(1)).resourceEvaluations().isEmpty());
        }
        assertEquals(0, endpoint.stats().evaluationsCreated());
    }

    @Test
    void aHeaderLineOver16KibIsA400SerializationExceptionTheSdkSurfaces() {
        start(512);
        try (ConfigClient sdk = EndpointFixture.client(endpoint, false)) {
            ConfigException e = assertThrows(ConfigException.class, () -> sdk.listResourceEvaluations(r -> r.limit(1)
                    .overrideConfiguration(o -> o.putHeader("X-Padding", "p".repeat(20 * 1024)))));
            assertSdkError(e, 400, "SerializationException", "longer than 16384 bytes");
        }
    }

    @Test
    void connectionsBeyondThePoolGetA503ThrottlingAnswerAndSucceedOnRetryOnceThereIsRoom() throws Exception {
        start(4);
        List<Socket> holders = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket(endpoint.uri().getHost(), endpoint.uri().getPort());
                s.getOutputStream().write("POST / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)); // and then nothing
                holders.add(s);
            }
            Thread.sleep(200); // the acceptor hands each of them a worker
            try (ConfigClient sdk = EndpointFixture.client(endpoint, false)) {
                ConfigException e = assertThrows(ConfigException.class, () -> sdk.listResourceEvaluations(r -> r.limit(1)));
                assertSdkError(e, 503, "ThrottlingException", "maximum of 4 simultaneous connections");
            }
            Answer raw = exchange(request("StarlingDoveService.ListResourceEvaluations", "{}"));
            assertEquals(503, raw.status());
            assertEquals("close", raw.headers().get("connection"));
        } finally {
            for (Socket s : holders) {
                s.close();
            }
        }
        try (ConfigClient sdk = EndpointFixture.client(endpoint, true)) {
            assertTrue(sdk.listResourceEvaluations(r -> r.limit(1)).resourceEvaluations().isEmpty());
        }
    }

    @Test
    void brokenFramingGetsA400SerializationExceptionBeforeTheConnectionCloses() throws Exception {
        start(512);
        String target = "X-Amz-Target: StarlingDoveService.ListResourceEvaluations\r\n";
        Map<String, String> faults = new LinkedHashMap<>();
        faults.put("Content-Length: abc", "POST / HTTP/1.1\r\nHost: x\r\n" + target + "Content-Length: abc\r\n\r\n{}");
        faults.put("negative Content-Length", "POST / HTTP/1.1\r\nHost: x\r\n" + target + "Content-Length: -2\r\n\r\n{}");
        faults.put("bad chunk size", "POST / HTTP/1.1\r\nHost: x\r\n" + target + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        faults.put("chunk longer than its size", "POST / HTTP/1.1\r\nHost: x\r\n" + target
                + "Transfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n");
        faults.put("20 KB header line", "POST / HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(20 * 1024) + "\r\n"
                + target + "Content-Length: 2\r\n\r\n{}");
        faults.put("20 KB request line", "POST /" + "p".repeat(20 * 1024) + " HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        faults.put("header without a name", "POST / HTTP/1.1\r\n: nameless\r\nContent-Length: 0\r\n\r\n");
        faults.put("101 headers", "POST / HTTP/1.1\r\n" + "X-H: v\r\n".repeat(101) + "\r\n");
        faults.put("not HTTP", "HELLO\r\n\r\n");
        for (Map.Entry<String, String> f : faults.entrySet()) {
            Answer a = exchange(f.getValue().getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(400, a.status(), f.getKey() + ": " + a);
            assertEquals("SerializationException", a.headers().get("x-amzn-errortype"), f.getKey());
            assertNotNull(a.headers().get("x-amzn-requestid"), f.getKey());
            assertEquals("application/x-amz-json-1.1", a.headers().get("content-type"), f.getKey());
            JsonNode body = JSON.readTree(a.body());
            assertEquals("SerializationException", body.get("__type").asText(), f.getKey());
            assertFalse(body.get("message").asText().isBlank(), f.getKey());
        }
    }

    @Test
    void anOversizedBodyOnARawSocketIsAnsweredBeforeTheCloseAndDrained() throws Exception {
        start(512);
        byte[] body = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        Answer a = exchange(concat(("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: StarlingDoveService.StartResourceEvaluation\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), body));
        assertEquals(413, a.status(), a.toString());
        assertEquals("SerializationException", a.headers().get("x-amzn-errortype"));
        assertNotNull(a.headers().get("x-amzn-requestid"));
        assertTrue(JSON.readTree(a.body()).get("message").asText().contains("of 2097152 bytes"), a.body());

        // with Expect: 100-continue the answer comes before the body is sent, and no 100 Continue precedes it
        try (Socket s = new Socket(endpoint.uri().getHost(), endpoint.uri().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 9000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Answer early = read(s.getInputStream());
            assertEquals(413, early.status(), early.toString());
        }

        // a chunked body over the limit is refused the same way
        StringBuilder chunked = new StringBuilder("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "y".repeat(64 * 1024);
        for (int i = 0; i < 10; i++) {
            chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        Answer c = exchange(chunked.toString().getBytes(StandardCharsets.US_ASCII));
        assertEquals(413, c.status(), c.toString());
        assertEquals("SerializationException", c.headers().get("x-amzn-errortype"));
    }

    // ------------------------------------------------------------------ raw HTTP

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private static byte[] request(String target, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return concat(("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + target + "\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Sends the bytes (all of them: a reset while sending fails the test), then reads one answer. */
    private Answer exchange(byte[] bytes) throws IOException {
        try (Socket s = new Socket(endpoint.uri().getHost(), endpoint.uri().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            return read(s.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String status = line(in);
        assertNotNull(status, "the connection closed without an answer");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
