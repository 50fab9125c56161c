package com.lambda.tracing.hook.cli;

/** Bad usage or unreadable input: a one-line message and exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
