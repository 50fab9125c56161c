package com.lambda.tracing.hook.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.config.model.ConfigException;
import software.amazon.awssdk.services.config.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.config.model.InvalidParameterValueException;
import software.amazon.awssdk.services.config.model.ResourceNotFoundException;

/** Every kind of failed Config call: its cause, whether it is tried again, and the detail the message quotes. */
class ConfigErrorsTest {
    static Stream<Arguments> failures() {
        return Stream.of(
                row("idempotency mismatch", service(IdempotentParameterMismatchException.builder(), 400,
                        "IdempotentParameterMismatch", "Using the same client token with different parameters"),
                        IndeterminateCause.IDEMPOTENCY_MISMATCH, false,
                        "StartResourceEvaluation failed with IdempotentParameterMismatch: Using the same client token with different parameters"),
                row("evaluation not found", service(ResourceNotFoundException.builder(), 400,
                        "ResourceNotFoundException", "Resource evaluation abc does not exist."),
                        IndeterminateCause.EVALUATION_NOT_FOUND, false,
                        "StartResourceEvaluation failed with ResourceNotFoundException: Resource evaluation abc does not exist."),
                row("invalid parameter", service(InvalidParameterValueException.builder(), 400,
                        "InvalidParameterValueException", "The resource type is invalid"),
                        IndeterminateCause.INVALID_REQUEST, false,
                        "StartResourceEvaluation failed with InvalidParameterValueException: The resource type is invalid"),
                row("validation error", service(ConfigException.builder(), 400, "ValidationException",
                        "1 validation error detected"), IndeterminateCause.INVALID_REQUEST, false,
                        "StartResourceEvaluation failed with ValidationException: 1 validation error detected"),
                row("throttled", service(ConfigException.builder(), 400, "ThrottlingException", "Rate exceeded"),
                        IndeterminateCause.THROTTLED, true, "StartResourceEvaluation failed with ThrottlingException: Rate exceeded"),
                row("throttled by status 429", service(ConfigException.builder(), 429, null, null),
                        IndeterminateCause.THROTTLED, true, "StartResourceEvaluation failed with HTTP 429"),
                row("server error", service(ConfigException.builder(), 500, "InternalFailure", "\n  "),
                        IndeterminateCause.SERVICE_ERROR, true, "StartResourceEvaluation failed with InternalFailure"),
                row("unavailable", service(ConfigException.builder(), 503, "ServiceUnavailable", "try later"),
                        IndeterminateCause.SERVICE_ERROR, true, "StartResourceEvaluation failed with ServiceUnavailable: try later"),
                row("access denied", service(ConfigException.builder(), 400, "AccessDeniedException",
                        "User: arn:aws:sts::123456789012:assumed-role/hook is not authorized"),
                        IndeterminateCause.ACCESS_DENIED, false,
                        "StartResourceEvaluation failed with AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/hook is not authorized"),
                row("unknown key id", service(ConfigException.builder(), 400, "UnrecognizedClientException", "bad key"),
                        IndeterminateCause.ACCESS_DENIED, false, "StartResourceEvaluation failed with UnrecognizedClientException: bad key"),
                row("invalid token", service(ConfigException.builder(), 403, "InvalidClientTokenId", "bad token"),
                        IndeterminateCause.ACCESS_DENIED, false, "StartResourceEvaluation failed with InvalidClientTokenId: bad token"),
                row("expired token", service(ConfigException.builder(), 400, "ExpiredTokenException", "expired"),
                        IndeterminateCause.ACCESS_DENIED, false, "StartResourceEvaluation failed with ExpiredTokenException: expired"),
                row("another client error", service(ConfigException.builder(), 400, "LimitExceededException",
                        "too many\nsecond line"), IndeterminateCause.API_ERROR, false,
                        "StartResourceEvaluation failed with LimitExceededException: too many"),
                row("connection reset", SdkClientException.builder().message("Unable to execute HTTP request: Connection reset")
                        .cause(new SocketException("Connection reset")).build(), IndeterminateCause.API_ERROR, true,
                        "StartResourceEvaluation: Unable to execute HTTP request: Connection reset"),
                row("closed mid-answer while parsing", SdkClientException.builder()
                        .message("Unable to unmarshall response (org.apache.http.ConnectionClosedException: Premature end)")
                        .cause(new IOException("Premature end of Content-Length delimited message body")).build(),
                        IndeterminateCause.API_ERROR, true,
                        "StartResourceEvaluation: Unable to unmarshall response (ConnectionClosedException: Premature end)"),
                row("not Config's protocol", SdkClientException.builder()
                        .message("Unable to unmarshall response (Unexpected character ('I')).\n at [Source: x; line: 1]")
                        .cause(new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character")).build(),
                        IndeterminateCause.MALFORMED_RESPONSE, false,
                        "StartResourceEvaluation: Unable to unmarshall response (Unexpected character ('I'))."),
                row("call timeout", ApiCallTimeoutException.create(8000), IndeterminateCause.API_ERROR, false,
                        "StartResourceEvaluation: Client execution did not complete before the specified timeout configuration: 8000 millis"),
                row("attempt timeout", ApiCallAttemptTimeoutException.create(4000), IndeterminateCause.API_ERROR, false,
                        "StartResourceEvaluation: HTTP request execution did not complete before the specified timeout configuration: 4000 millis"),
                row("no message", SdkClientException.builder().build(), IndeterminateCause.API_ERROR, false,
                        "StartResourceEvaluation: SdkClientException"),
                row("a long message", SdkClientException.builder().message("x".repeat(500)).build(),
                        IndeterminateCause.API_ERROR, false, "StartResourceEvaluation: " + "x".repeat(299) + "…"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void classifies(String name, SdkException failure, IndeterminateCause cause, boolean transientFailure, String detail) {
        ConfigErrors.Classified classified = ConfigErrors.classify("StartResourceEvaluation", failure);
        assertEquals(cause, classified.cause());
        assertEquals(detail, classified.detail());
        assertEquals(transientFailure, ConfigErrors.transientFailure(failure));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void theDetailIsOneLineWithoutPackageNames(String name, SdkException failure) {
        String detail = ConfigErrors.classify("GetResourceEvaluationSummary", failure).detail();
        assertFalse(detail.contains("\n"), detail);
        assertFalse(detail.contains("org.apache"), detail);
        assertTrue(detail.startsWith("GetResourceEvaluationSummary"), detail);
    }

    private static Arguments row(String name, SdkException failure, IndeterminateCause cause, boolean transientFailure,
                                 String detail) {
        return Arguments.of(name, failure, cause, transientFailure, detail);
    }

    private static SdkException service(AwsServiceException.Builder builder, int status, String code, String message) {
        AwsErrorDetails.Builder details = AwsErrorDetails.builder().serviceName("Config");
        if (code != null) {
            details.errorCode(code);
        }
        if (message != null) {
            details.errorMessage(message);
        }
        return builder.statusCode(status).awsErrorDetails(details.build()).message(message).build();
    }
}
