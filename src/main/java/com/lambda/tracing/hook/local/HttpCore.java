package com.lambda.tracing.hook.local;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on a loopback socket: keep-alive, Content-Length and chunked request bodies,
 * {@code Expect: 100-continue}, bounded header and body sizes ({@link HttpRequests}), a bounded thread pool; answers
 * are written by {@link HttpResponses}. It exists (instead of the JDK's
 * com.sun.net.httpserver) because fault injection needs to reset a connection or cut an answer in half.
 *
 * <p>Every request it cannot take (malformed framing, a body over the limit, no free connection slot) gets an AWS
 * JSON error answer the SDKs parse, and the connection is closed only after that answer and after reading what the
 * client still sends (up to a bound): closing with unread input makes the kernel send a reset, and the client then
 * reports "Broken pipe" or "Connection reset" instead of the answer.
 */
final class HttpCore implements AutoCloseable {
    static final int MAX_BODY = 512 * 1024; // ResourceConfiguration is at most 51,200 characters
    /** Connections beyond the pool are told so by these few threads, their queue bounded too. */
    private static final int OVERFLOW_THREADS = 4;
    private static final int OVERFLOW_QUEUE = 1024;

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
                    String requestLine = HttpRequests.readLine(in, true);
                    if (requestLine == null) {
                        return;
                    }
                    if (requestLine.isEmpty()) {
                        continue; // tolerated stray CRLF between requests
                    }
                    String[] parts = requestLine.split(" ");
                    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                        throw new HttpRequests.Refusal(400, "SerializationException", "Malformed HTTP request line");
                    }
                    Map<String, String> headers = HttpRequests.readHeaders(in);
                    boolean http10 = parts[2].equals("HTTP/1.0");
                    String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
                    keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
                    long declared = HttpRequests.declaredLength(headers);
                    if (declared > MAX_BODY) {
                        throw HttpRequests.tooLarge(declared); // before 100 Continue: the client need not send it at all
                    }
                    if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    request = new Request(parts[0], parts[1], headers, HttpRequests.readBody(in, headers));
                } catch (HttpRequests.Refusal r) {
                    HttpResponses.answerAndClose(socket, in, out, r.status, r.type, r.getMessage());
                    return;
                }
                Reply reply = handler.handle(request);
                if (!HttpResponses.write(socket, out, reply, keepAlive)) {
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
            socket.setSoTimeout(HttpResponses.DRAIN_MILLIS / 2);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1024);
            try {
                if (HttpRequests.readLine(in, true) != null) {
                    HttpRequests.readHeaders(in);
                }
            } catch (IOException ignored) {
                // answered all the same
            }
            HttpResponses.answerAndClose(socket, in, out, 503, "ThrottlingException", "The endpoint is serving its maximum of "
                    + maxConnections + " simultaneous connections. Try again shortly.");
        } catch (IOException ignored) {
            // the client went away
        } finally {
            open.remove(socket);
        }
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
