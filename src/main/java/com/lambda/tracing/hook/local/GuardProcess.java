package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One cfn-guard process per call: {@code validate --payload -o json -z} with the payload on stdin and stdout and
 * stderr drained at once (so neither pipe fills and blocks the process), bounded in time.
 */
final class GuardProcess {
    private static final long PROCESS_TIMEOUT_SECONDS = 120;
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cfn-guard-io");
        t.setDaemon(true);
        return t;
    });

    private final Path binary;
    private final AtomicLong started = new AtomicLong();

    GuardProcess(Path binary) {
        this.binary = binary;
    }

    long started() {
        return started.get();
    }

    /** How the process ended and what it wrote. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs cfn-guard on {@code payload} (rules and documents on stdin); a process that hangs is ended. */
    Result run(ObjectNode payload) {
        byte[] input = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "validate", "--payload", "-o", "json", "-z",
                "-S", "none");
        pb.environment().put("NO_COLOR", "1");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        started.incrementAndGet();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException ignored) {
                // cfn-guard exited early; its stderr says why
            }
        }, IO);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), IO);
        String out = drain(process.getInputStream());
        try {
            if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "", "cfn-guard timed out after " + PROCESS_TIMEOUT_SECONDS + " s");
            }
            writer.join();
            return new Result(process.exitValue(), out, err.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        } catch (Exception e) {
            return new Result(process.exitValue(), out, "");
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
