package com.lambda.tracing.hook.evaluation;

import com.lambda.tracing.hook.common.Text;
import java.io.IOException;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.config.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.config.model.InvalidParameterValueException;
import software.amazon.awssdk.services.config.model.ResourceNotFoundException;

/**
 * What a failed AWS Config call means for the hook: worth trying again ({@link #transientFailure}), or which
 * {@link IndeterminateCause} it is and how to say so in one readable line ({@link #classify}). The SDK has already
 * retried throttling, 5xx and network errors; what arrives here survived those retries.
 */
final class ConfigErrors {
    /** Java package prefixes of exception classes the SDK quotes inside its messages. */
    private static final Pattern QUALIFIED_CLASS =
            Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*(?:Exception|Error))\\b");
    /** The longest detail quoted from an SDK message that is not Config's own error. */
    static final int MAX_DETAIL_CHARS = 300;

    private ConfigErrors() {
    }

    /** The cause of a failed call and the detail the hook's message quotes (operation, error code, message). */
    record Classified(IndeterminateCause cause, String detail) {
    }

    static Classified classify(String operation, SdkException e) {
        IndeterminateCause cause = IndeterminateCause.API_ERROR;
        String detail = operation + ": " + e.getClass().getSimpleName();
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
            detail = operation + " failed with " + (code == null ? "HTTP " + service.statusCode() : code)
                    + (message == null || message.isBlank() ? "" : ": " + oneLine(message));
            if (service instanceof IdempotentParameterMismatchException) {
                cause = IndeterminateCause.IDEMPOTENCY_MISMATCH;
            } else if (service instanceof ResourceNotFoundException) {
                cause = IndeterminateCause.EVALUATION_NOT_FOUND;
            } else if (service instanceof InvalidParameterValueException
                    || "ValidationException".equals(code)) {
                cause = IndeterminateCause.INVALID_REQUEST;
            } else if (service.isThrottlingException()) {
                cause = IndeterminateCause.THROTTLED;
            } else if (service.statusCode() >= 500) {
                cause = IndeterminateCause.SERVICE_ERROR;
            } else if (code != null && (code.contains("AccessDenied") || code.equals("UnrecognizedClientException")
                    || code.equals("InvalidClientTokenId") || code.equals("ExpiredTokenException"))) {
                cause = IndeterminateCause.ACCESS_DENIED;
            }
        } else if (e.getMessage() != null) {
            String message = e.getMessage();
            // Unmarshalling failures mean the endpoint answered something that is not Config's protocol.
            if ((message.contains("Unable to unmarshall") || message.contains("Unable to parse")) && !networkCause(e)) {
                cause = IndeterminateCause.MALFORMED_RESPONSE;
            }
            detail = operation + ": " + Text.shorten(oneLine(message), MAX_DETAIL_CHARS);
        }
        return new Classified(cause, detail);
    }

    /**
     * Failures worth trying again later: throttling, server errors and broken connections that outlasted the SDK's
     * retries. Not: answers Config gave on purpose (not found, invalid, denied) or answers that cannot be read.
     */
    static boolean transientFailure(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return false;
        }
        return networkCause(e);
    }

    /** An I/O failure (connection reset or closed) somewhere in the cause chain, rather than a parse error. */
    static boolean networkCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException && !t.getClass().getName().contains("jackson")) {
                return true;
            }
        }
        return false;
    }

    /**
     * SDK messages quote nested exceptions ("org.apache.http.ConnectionClosedException: ...") and parser positions on
     * a second line; a hook message is for people, so keep the first line and the simple class names only.
     */
    static String oneLine(String message) {
        String first = message.strip().lines().findFirst().orElse("").strip();
        return QUALIFIED_CLASS.matcher(first).replaceAll("$1");
    }
}
