package com.lambda.tracing.hook.bench;

import com.lambda.tracing.hook.HookHandlerWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cold start: what a fresh Lambda sandbox does for the first invocation. Builds the hook's
 * {@link HookHandlerWrapper} and runs one HookInvocationRequest (argument 1: a file) through
 * {@code processRequest}, writing the response on stdout as one line. The Config endpoint is given with
 * {@code -Dlambdahook.config.endpoint} and runs outside this JVM.
 */
public final class ColdStartMain {
    private ColdStartMain() {
    }

    public static void main(String[] args) throws IOException {
        byte[] request = Files.readAllBytes(Path.of(args[0]));
        PrintStream stdout = System.out;
        // Keep stdout for the response only, as the Lambda runtime does: anything printed goes to stderr.
        System.setOut(System.err);
        OutputStream out = new java.io.ByteArrayOutputStream();
        new HookHandlerWrapper().processRequest(new ByteArrayInputStream(request), out);
        stdout.println(((java.io.ByteArrayOutputStream) out).toString(java.nio.charset.StandardCharsets.UTF_8).replace('\n', ' '));
        stdout.flush();
        System.err.println(ProcMemory.report());
        System.exit(0);
    }
}
