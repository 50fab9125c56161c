package com.lambda.tracing.hook.local;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on a loopback socket: keep-alive, Content-Length and chunked request bodies,
 * {@code Expect: 100-continue}, bounded header and body sizes, a bounded thread pool. It exists (instead of the JDK's
 * com.sun.net.httpserver) because fault injection needs to reset a connection or cut an answer in half.
 *
 * <p>Every request it cannot take (malformed framing, a body over the limit, no free connection slot) gets an AWS
 * JSON error answer the SDKs parse, and the connection is closed only after that answer and after reading what the
 * client still sends (up to a bound): closing with unread input makes the kernel send a reset, and the client then
 * reports "Broken pipe" or "Connection reset" instead of the answer.
 */
final class HttpCore implements AutoCloseable {
    static final int MAX_BODY = 512 * 1024; // ResourceConfiguration is at most 51,200 characters
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 100;
    /** How much a refused request may still send (and how long) before its connection is closed regardless. */
    static final long DRAIN_BYTES = 16L * 1024 * 1024;
    private static final int DRAIN_MILLIS = 5_000;
    /** Connections beyond the pool are told so by these few threads, their queue bounded too. */
    private static final int OVERFLOW_THREADS = 4;
    private static final int OVERFLOW_QUEUE = 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    /** What to do with an answer on the wire. */
    enum Delivery { NORMAL, RESET, CLOSE_MID_RESPONSE }

    record Request(String method, String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Reply(int status, Map<String, String> headers, byte[] body, Delivery delivery) {
    }

    interface Handler {
        Reply handle(Request request);
    }

    private final ServerSocket server;
    private final Handler handler;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor overflow;
    private final int maxConnections;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final int idleTimeoutMillis;
    private volatile boolean closed;

    HttpCore(int port, int maxConnections, int idleTimeoutMillis, Handler handler) throws IOException {
        this.handler = handler;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "config-endpoint-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.maxConnections = maxConnections;
        this.overflow = new ThreadPoolExecutor(OVERFLOW_THREADS, OVERFLOW_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(OVERFLOW_QUEUE), r -> {
                    Thread t = new Thread(r, "config-endpoint-overflow-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        overflow.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::acceptLoop, "config-endpoint-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            open.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException full) {
                try {
                    overflow.execute(() -> refuse(socket));
                } catch (RejectedExecutionException alsoFull) {
                    open.remove(socket);
                    closeQuietly(socket); // thousands waiting: the last resort is a closed connection
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(idleTimeoutMillis);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            while (!closed) {
                Request request;
                boolean keepAlive;
                try {
                    String requestLine = readLine(in, true);
                    if (requestLine == null) {
                        return;
                    }
                    if (requestLine.isEmpty()) {
                        continue; // tolerated stray CRLF between requests
                    }
                    String[] parts = requestLine.split(" ");
                    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                        throw new Refusal(400, "SerializationException", "Malformed HTTP request line");
                    }
                    Map<String, String> headers = readHeaders(in);
                    boolean http10 = parts[2].equals("HTTP/1.0");
                    String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
                    keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
                    long declared = declaredLength(headers);
                    if (declared > MAX_BODY) {
                        throw tooLarge(declared); // before 100 Continue: the client need not send it at all
                    }
                    if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    request = new Request(parts[0], parts[1], headers, readBody(in, headers));
                } catch (Refusal r) {
                    answerAndClose(socket, in, out, r.status, r.type, r.getMessage());
                    return;
                }
                Reply reply = handler.handle(request);
                if (!write(socket, out, reply, keepAlive)) {
                    return;
                }
                if (!keepAlive) {
                    return;
                }
            }
        } catch (SocketTimeoutException | SocketException e) {
            // idle keep-alive connection timed out, or the client went away
        } catch (IOException e) {
            // broken connection: nothing to answer
        } finally {
            open.remove(socket);
        }
    }

    /** A connection beyond the pool: read its request as far as it comes, answer 503 (retryable), close. */
    private void refuse(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(DRAIN_MILLIS / 2);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1024);
            try {
                if (readLine(in, true) != null) {
                    readHeaders(in);
                }
            } catch (IOException ignored) {
                // answered all the same
            }
            answerAndClose(socket, in, out, 503, "ThrottlingException", "The endpoint is serving its maximum of "
                    + maxConnections + " simultaneous connections. Try again shortly.");
        } catch (IOException ignored) {
            // the client went away
        } finally {
            open.remove(socket);
        }
    }

    /** A request the server will not take; answered as an AWS JSON error, then the connection closes. */
    private static final class Refusal extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String type;

        Refusal(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    private static Refusal tooLarge(long size) {
        return new Refusal(413, "SerializationException", "The request body" + (size > 0 ? " of " + size + " bytes" : "")
                + " is larger than the " + MAX_BODY + " bytes this endpoint accepts (a ResourceConfiguration holds "
                + "at most 51,200 characters).");
    }

    /**
     * Writes the error answer with {@code Connection: close}, half-closes, and reads what the client still sends
     * (bounded in bytes and time), so the client reads the answer instead of a reset.
     */
    private static void answerAndClose(Socket socket, InputStream in, OutputStream out, int status, String type,
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
    private static boolean write(Socket socket, OutputStream out, Reply reply, boolean keepAlive) throws IOException {
        if (reply.delivery() == Delivery.RESET) {
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
        if (reply.delivery() == Delivery.CLOSE_MID_RESPONSE) {
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

    /** One CRLF- (or LF-) terminated line; null at end of input before any byte. */
    private static String readLine(InputStream in, boolean head) throws IOException {
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

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
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
    private static long declaredLength(Map<String, String> headers) throws Refusal {
        String cl = headers.get("content-length");
        if (chunked(headers) || cl == null) {
            return 0;
        }
        if (!cl.matches("\\d{1,18}")) {
            throw new Refusal(400, "SerializationException", "The Content-Length header is not a number of bytes.");
        }
        return Long.parseLong(cl);
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
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
                if (body.size() + (long) size > MAX_BODY) {
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

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        workers.shutdownNow();
        overflow.shutdownNow();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
