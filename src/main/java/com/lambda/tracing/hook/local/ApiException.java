package com.lambda.tracing.hook.local;

/** An AWS error answer: HTTP status, the shape name that goes into {@code __type} and its message. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;

    ApiException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    static ApiException client(String type, String message) {
        return new ApiException(400, type, message);
    }

    static ApiException invalidParameter(String message) {
        return client("InvalidParameterValueException", message);
    }

    static ApiException serialization(String message) {
        return client("SerializationException", message);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }
}
