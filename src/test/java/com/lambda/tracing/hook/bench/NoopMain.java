package com.lambda.tracing.hook.bench;

/**
 * Cold-start baseline: a Java main that does nothing but answer the way {@link ColdStartMain} does (one line on
 * stdout, its peak RSS on stderr), started with the same JVM flags and class path.
 */
public final class NoopMain {
    private NoopMain() {
    }

    public static void main(String[] args) {
        System.out.println("{}");
        System.out.flush();
        System.err.println(ProcMemory.report());
        System.exit(0);
    }
}
