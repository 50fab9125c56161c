package com.lambda.tracing.hook.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * stderr without the three "SLF4J: Failed to load class ..." lines the AWS SDK's logging facade prints when no
 * binding is on the class path; everything else passes through line by line.
 */
final class QuietStderr extends OutputStream {
    private final OutputStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    QuietStderr(OutputStream target) {
        this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void emit() throws IOException {
        byte[] bytes = line.toByteArray();
        line.reset();
        if (!new String(bytes, 0, Math.min(bytes.length, 7), StandardCharsets.UTF_8).equals("SLF4J: ")) {
            target.write(bytes);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (line.size() > 0 && line.size() >= 7) {
            emit();
        }
        target.flush();
    }
}
