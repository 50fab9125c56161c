package com.lambda.tracing.hook.findings;

/** The hook's detailed result could not be read; the message says why and what to check. */
public final class HookResultUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HookResultUnavailableException(String message) {
        super(message);
    }
}
