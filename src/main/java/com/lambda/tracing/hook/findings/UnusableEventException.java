package com.lambda.tracing.hook.findings;

/** The input is not an event this function can act on; the message names the field, never its value. */
public final class UnusableEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnusableEventException(String message) {
        super(message);
    }
}
