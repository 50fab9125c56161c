package com.lambda.tracing.hook.cli;

import com.lambda.tracing.hook.ClientBuilder;
import com.lambda.tracing.hook.HookHandlerWrapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The real hook: {@code new HookHandlerWrapper().processRequest(in, out)}, one wrapper per worker thread. */
final class WrapperInvoker implements HookRunner.Invoker {
    /** The wrapper built by {@link #warmUp}, for the first worker thread to take. */
    private final ConcurrentLinkedQueue<HookHandlerWrapper> built = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<HookHandlerWrapper> wrappers = ThreadLocal.withInitial(() -> {
        HookHandlerWrapper w = built.poll();
        return w != null ? w : new HookHandlerWrapper();
    });

    /** Loads the wrapper's classes (plugin, SDK, log4j) ahead of the first invocation, on the calling thread. */
    @Override
    public void warmUp() {
        built.add(new HookHandlerWrapper());
        // The SDK's client classes too (the endpoint is not known yet; the first invocation builds the real client).
        ClientBuilder.getClient();
    }

    @Override
    public byte[] invoke(byte[] request) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        wrappers.get().processRequest(new ByteArrayInputStream(request), out);
        return out.toByteArray();
    }
}
